import ArgumentParser
import Deskpilot
import Foundation

/// How to reach the model and which family it is: shared by run, ground, test and doctor.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The server's OpenAI-compatible base URL (default: $DESKPILOT_BASE_URL). For the planner family, the grounder's.",
                               valueName: "url"))
    var baseURL: String?
    @Option(help: ArgumentHelp("The model name (default: $DESKPILOT_MODEL, else Qwen/Qwen3-VL-8B-Instruct).", valueName: "name"))
    var model: String?
    @Option(help: ArgumentHelp("The API key; prefer --api-key-env (a key on the command line shows in the process list). Never logged or saved.",
                               valueName: "key"))
    var apiKey: String?
    @Option(help: ArgumentHelp("Read the API key from this environment variable (default: $DESKPILOT_API_KEY, else $OPENAI_API_KEY).",
                               valueName: "NAME"))
    var apiKeyEnv: String?
    @Option(help: ArgumentHelp("The model family: \(ModelFamilies.names.joined(separator: ", ")) (default: chosen from the model name; `deskpilot models` says what each sends and expects).",
                               valueName: "name"))
    var profile: String?
    @Flag(inversion: .prefixedNo, help: "Let a thinking model (qwen3.5, the planner) think before it answers (default: off for qwen3.5, on for the planner).")
    var thinking: Bool?
    @Option(help: ArgumentHelp("OpenAI's image detail for openai-som and openai-tools: low, high or auto (default: high).", valueName: "level"))
    var detail: String?
    @Option(help: ArgumentHelp("The planner family: the planner's base URL (default: --base-url).", valueName: "url"))
    var plannerURL: String?
    @Option(help: ArgumentHelp("The planner family: the planner model's name, e.g. Qwen/Qwen3-4B.", valueName: "name"))
    var plannerModel: String?
    @Option(help: ArgumentHelp("The planner family: read the planner's API key from this environment variable.", valueName: "NAME"))
    var plannerApiKeyEnv: String?
    @Option(help: ArgumentHelp("The price of 1M prompt tokens; with --price-output, the record shows each request's cost.", valueName: "price"))
    var priceInput: Double?
    @Option(help: ArgumentHelp("The price of 1M completion tokens.", valueName: "price")) var priceOutput: Double?
    @Option(help: ArgumentHelp("The planner's price of 1M prompt tokens.", valueName: "price")) var plannerPriceInput: Double?
    @Option(help: ArgumentHelp("The planner's price of 1M completion tokens.", valueName: "price")) var plannerPriceOutput: Double?
    @Flag(help: "Ask for whole replies instead of streamed ones (the record then has no time to first token).")
    var noStream = false
    @Option(help: "Seconds one model request may take.") var timeout: Double = 120
    @Flag(help: "Log every model request and answer on standard error (the API key shows as [API key]; images as their size).")
    var verbose = false

    func validate() throws {
        if let profile {
            do { _ = try ModelFamilies.named(profile) } catch { throw ValidationError("\(error)") }
        }
        // A URL that cannot work is refused now, not after a display was started and a record begun.
        for (url, name) in [(endpoint?.baseURL, "--base-url (or DESKPILOT_BASE_URL)"), (plannerURL, "--planner-url")] {
            guard let url else { continue }
            let parsed = URL(string: url)
            guard let scheme = parsed?.scheme?.lowercased(), ["http", "https"].contains(scheme), !(parsed?.host ?? "").isEmpty else {
                throw ValidationError("\(name) '\(url)' is not an http(s) URL; give one such as http://127.0.0.1:8000/v1.")
            }
        }
        if let detail, !["low", "high", "auto"].contains(detail) { throw ValidationError("--detail takes low, high or auto (got '\(detail)').") }
        for (input, output, name) in [(priceInput, priceOutput, ""), (plannerPriceInput, plannerPriceOutput, "planner-")] where (input == nil) != (output == nil) {
            throw ValidationError("Give both --\(name)price-input and --\(name)price-output (prices per 1M prompt and completion tokens).")
        }
        if [priceInput, priceOutput, plannerPriceInput, plannerPriceOutput].contains(where: { ($0 ?? 0) < 0 }) {
            throw ValidationError("Prices cannot be negative.")
        }
        for name in [apiKeyEnv, plannerApiKeyEnv].compactMap({ $0 }) where (ProcessInfo.processInfo.environment[name] ?? "").isEmpty {
            throw ValidationError("The environment variable \(name) (named by --api-key-env) is not set or empty.")
        }
        if family?.name == "planner", plannerModel == nil {
            throw ValidationError("The planner family needs --planner-model NAME (and --planner-url URL when it is not the --base-url server).")
        }
    }

    /// The family chosen by --profile, by --planner-model, or from the model's name; nil when nothing says.
    var family: ModelFamily? {
        if let profile { return try? ModelFamilies.named(profile) }
        if plannerModel != nil { return try? ModelFamilies.named("planner") }
        return nil
    }

    /// The profile of the model that sees the screen: the family's own, else (set-of-marks, the planner's
    /// grounder) the one the vision model's name suggests.
    func visionProfile(family: ModelFamily, endpoint: ModelEndpoint?) -> ModelProfile {
        if case .profile(let profile) = family.kind { return profile }
        return ModelProfiles.forModel(endpoint?.model ?? model ?? "")
    }

    /// The family, falling back to the model's name.
    func family(for endpoint: ModelEndpoint?) -> ModelFamily {
        family ?? ModelFamilies.forModel(endpoint?.model ?? model ?? "")
    }

    /// The API key: --api-key, the variable --api-key-env names, $DESKPILOT_API_KEY, $OPENAI_API_KEY.
    var resolvedKey: String? {
        apiKey ?? apiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] }
    }

    /// The model server, or nil when none is named.
    var endpoint: ModelEndpoint? {
        ModelEndpoint.resolve(baseURL: baseURL, model: model, apiKey: resolvedKey)
    }

    /// The planner's server (the planner family): --planner-url, else the main base URL.
    var plannerEndpoint: ModelEndpoint? {
        guard let plannerModel, let base = plannerURL ?? endpoint?.baseURL else { return nil }
        let key = plannerApiKeyEnv.flatMap { ProcessInfo.processInfo.environment[$0] } ?? resolvedKey
        return ModelEndpoint(baseURL: base, model: plannerModel, apiKey: key)
    }

    var requestTimeout: Duration { .milliseconds(Int64(timeout * 1000)) }

    /// The model at `endpoint`, with these options' timeout, and its requests logged with `--verbose`.
    func chatModel(_ endpoint: ModelEndpoint, retry: RetryPolicy = RetryPolicy()) -> HTTPChatModel {
        var model = HTTPChatModel(endpoint: endpoint, timeout: requestTimeout, retry: retry)
        if verbose { model.log = { line in FileHandle.standardError.write(Data("verbose: \(line)\n".utf8)) } }
        return model
    }

    /// The recipe of the policy, its models given (servers, or cassettes).
    func recipe(family: ModelFamily, model: any ChatModel, planner: (any ChatModel)?) -> PolicyRecipe {
        PolicyRecipe(family: family, model: model, planner: planner,
                     options: ModelCallOptions(stream: !noStream, pricing: pricing(priceInput, priceOutput)),
                     plannerOptions: ModelCallOptions(stream: !noStream, maxReplyTokens: 4096, pricing: pricing(plannerPriceInput, plannerPriceOutput)),
                     thinking: thinking, detail: detail)
    }

    private func pricing(_ input: Double?, _ output: Double?) -> TokenPricing? {
        guard let input, let output else { return nil }
        return TokenPricing(inputPerMillion: input, outputPerMillion: output)
    }
}
