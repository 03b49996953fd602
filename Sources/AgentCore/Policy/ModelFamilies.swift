public import DesktopKit
public import TextRecognition
public import VisionModel

/// A model family Deskpilot speaks: a profile a vision model is driven through, or a policy of its own
/// (set-of-marks, a planner with a grounder); with what it sends, what it expects from the server, and how
/// to serve it. `--profile NAME` chooses one; `deskpilot models` lists them.
public struct ModelFamily: Sendable, CustomStringConvertible {
    /// How the family decides.
    public enum Kind: Sendable {
        /// A vision model through this profile.
        case profile(ModelProfile)
        /// Set-of-marks: a model that sees but cannot point.
        case setOfMarks
        /// A text planner with a vision grounder.
        case planner
    }

    /// The name `--profile` takes.
    public let name: String
    /// The models it is for.
    public let models: String
    /// What Deskpilot sends.
    public let sends: String
    /// What it expects back.
    public let expects: String
    /// How to serve it, one line a server.
    public let serving: [String]
    /// How it decides.
    public let kind: Kind

    /// `name — models`.
    public var description: String { "\(name) — \(models)" }

    /// The cassette key of its requests (the profile's name; a planner's planner requests are `planner`).
    public var cassetteKey: String { name }
}

/// Every family, by name: the one list `--profile`, `deskpilot models`, scenarios and the docs draw on.
public enum ModelFamilies {
    /// Every family, the default first.
    public static var all: [ModelFamily] {
        ModelProfiles.all.map(family) + [setOfMarks, planner]
    }

    /// Their names.
    public static var names: [String] { all.map(\.name) }

    /// The family called `name`.
    ///
    /// - Throws: ``ModelProfileError/unknown(_:known:)`` listing the names there are.
    public static func named(_ name: String) throws(ModelProfileError) -> ModelFamily {
        guard let family = all.first(where: { $0.name == name.lowercased() }) else { throw .unknown(name, known: names) }
        return family
    }

    /// The family for a served model's name: GPT-4 Vision Preview is set-of-marks; otherwise the profile the
    /// name suggests (``ModelProfiles/forModel(_:)``).
    public static func forModel(_ model: String) -> ModelFamily {
        let lowered = model.lowercased()
        if lowered.contains("gpt-4-vision") || lowered.contains("gpt-4v") { return setOfMarks }
        return family(ModelProfiles.forModel(model))
    }

    static func family(_ profile: ModelProfile) -> ModelFamily {
        switch profile.name {
        case "qwen3.5":
            ModelFamily(
                name: profile.name, models: profile.models,
                sends: "screenshots at 1024-1280 visual tokens (multiples of 32); the tools block Qwen3.5's template writes, first in the system turn; chat_template_kwargs.enable_thinking (false unless --thinking)",
                expects: "<tool_call><function=NAME><parameter=ARG>VALUE</parameter></function></tool_call> in content (or the server's tool_calls); 0-1000 coordinates; reasoning in `reasoning` or before </think>, never executed",
                serving: ["vllm serve Qwen/Qwen3.5-4B --reasoning-parser qwen3 --max-model-len 32768 (no tool parser needed: no `tools` are sent, the XML call comes in content; tool_calls from --tool-call-parser qwen3_coder are read too)",
                          "llama-server -m Qwen3.5-4B.gguf --mmproj mmproj.gguf --jinja -c 32768 --image-min-tokens 1024",
                          "ollama run qwen3.5:4b (OLLAMA_CONTEXT_LENGTH=16384)"],
                kind: .profile(profile))
        case "qwen2.5-vl":
            ModelFamily(
                name: profile.name, models: profile.models,
                sends: "screenshots at multiples of 28 within the processor's pixel budget; the cookbook's prompt with computer_use at the sent image's size",
                expects: "<tool_call>{json}</tool_call>; coordinates in pixels of the sent image",
                serving: ["vllm serve Qwen/Qwen2.5-VL-7B-Instruct --max-model-len 32768", "ollama run qwen2.5vl:7b"],
                kind: .profile(profile))
        case "openai-tools":
            ModelFamily(
                name: profile.name, models: profile.models,
                sends: "computer_use and custom tools in `tools`; screenshots fitted to OpenAI's 2048/768 rule with `detail`; results as role: tool messages",
                expects: "tool_calls with ids; coordinates in pixels of the latest screenshot",
                serving: ["https://api.openai.com/v1 with --api-key-env OPENAI_API_KEY", "vllm serve MODEL --enable-auto-tool-choice --tool-call-parser PARSER (any model with function calling)"],
                kind: .profile(profile))
        default:
            ModelFamily(
                name: profile.name, models: profile.models,
                sends: "screenshots at 1024-1280 visual tokens (multiples of 32); the cookbook's system prompt with computer_use (1000x1000); no `tools`",
                expects: "<tool_call>{\"name\": \"computer_use\", \"arguments\": {…}}</tool_call> in content (or tool_calls); 0-1000 coordinates",
                serving: ["vllm serve Qwen/Qwen3-VL-8B-Instruct --max-model-len 32768 --limit-mm-per-prompt.video 0",
                          "llama-server -m Qwen3-VL-8B-Instruct.gguf --mmproj mmproj.gguf --jinja -c 16384 --image-min-tokens 1024",
                          "ollama run qwen3-vl:8b (OLLAMA_CONTEXT_LENGTH=16384)"],
                kind: .profile(profile))
        }
    }

    /// GPT-4 Vision Preview and any vision model that cannot ground.
    static let setOfMarks = ModelFamily(
        name: "openai-som", models: "GPT-4 Vision Preview, and vision models that cannot ground",
        sends: "the screenshot with numbered marks over the text on it (image_url with detail), and the same elements listed; no tools, no response_format, no message names; max_tokens always",
        expects: "a JSON object in the text (fenced or bare): an action and a mark number; finish_reason or the old finish_details",
        serving: ["https://api.openai.com/v1 --model gpt-4-vision-preview --api-key-env OPENAI_API_KEY (or any OpenAI-compatible vision model)"],
        kind: .setOfMarks)

    /// Qwen3-4B thinking (text only) planning, with a vision profile grounding.
    static let planner = ModelFamily(
        name: "planner", models: "a text reasoning model (Qwen3-4B thinking) with a vision grounder (Qwen3-VL)",
        sends: "planner: the screen as text, [ID] KIND \"TEXT\" at (X, Y, W, H) a line, within a 32k context, enable_thinking; grounder: one screenshot and \"Click on …\" per described target",
        expects: "planner: <tool_call>{\"name\": \"desktop\", …}</tool_call> naming an element number or a description, reasoning before </think>; grounder: Qwen3-VL's point",
        serving: ["vllm serve Qwen/Qwen3-4B --reasoning-parser qwen3 --max-model-len 32768 (planner, --planner-url)",
                  "vllm serve Qwen/Qwen3-VL-4B-Instruct (grounder, --base-url); one server can host both"],
        kind: .planner)
}

/// Everything needed to build a family's policy: its models and how to call them.
public struct PolicyRecipe: Sendable {
    /// The family.
    public var family: ModelFamily
    /// The vision model (the grounder, for a planner).
    public var model: any ChatModel
    /// The planner's model (planner family only).
    public var planner: (any ChatModel)?
    /// How the vision model is called.
    public var options: ModelCallOptions
    /// How the planner is called.
    public var plannerOptions: ModelCallOptions
    /// `enable_thinking` for models that take it (Qwen3.5, the planner); nil: the family's default.
    public var thinking: Bool?
    /// OpenAI's image `detail` (`low`, `high`, `auto`); nil: the family's default.
    public var detail: String?
    /// The profile the grounder speaks (planner family).
    public var grounderProfile: ModelProfile

    /// A recipe for `family` with `model`.
    public init(family: ModelFamily, model: any ChatModel, planner: (any ChatModel)? = nil, options: ModelCallOptions = ModelCallOptions(),
                plannerOptions: ModelCallOptions = ModelCallOptions(maxReplyTokens: 4096), thinking: Bool? = nil, detail: String? = nil,
                grounderProfile: ModelProfile? = nil) {
        self.family = family
        self.model = model
        self.planner = planner
        self.options = options
        self.plannerOptions = plannerOptions
        self.thinking = thinking
        self.detail = detail
        self.grounderProfile = grounderProfile ?? ModelProfiles.forModel(model.modelName)
    }

    /// The policy, reading screens of `desktop` with `recognizer` where the family needs text.
    ///
    /// - Throws: ``PolicyRecipeError`` for a planner without its planner model.
    public func policy(desktop: any Desktop, recognizer: @autoclosure () throws -> TextRecognizer) throws -> any Policy {
        switch family.kind {
        case .profile(var profile):
            if let thinking, profile.thinking != nil { profile.thinking = thinking }
            if let detail, profile.image is OpenAIImageTiles { profile.image = OpenAIImageTiles(detail: detail) }
            return VisionModelPolicy(model: model, profile: profile, options: options)
        case .setOfMarks:
            return SetOfMarksPolicy(model: model, reader: ScreenReader(recognizer: try recognizer(), desktop: desktop), detail: detail ?? "high",
                                    options: options)
        case .planner:
            guard let planner else { throw PolicyRecipeError.plannerMissing }
            return PlannerPolicy(planner: planner, plannerOptions: plannerOptions, thinking: thinking ?? true,
                                 grounder: Grounder(desktop: desktop, model: model, profile: grounderProfile), grounderPricing: options.pricing,
                                 reader: ScreenReader(recognizer: try recognizer(), desktop: desktop))
        }
    }
}

/// A recipe that cannot be built.
public enum PolicyRecipeError: Error, Sendable, CustomStringConvertible {
    /// The planner family needs its planner model.
    case plannerMissing

    public var description: String {
        switch self {
        case .plannerMissing:
            "The planner family needs a planner model: pass --planner-url URL and --planner-model NAME (the grounder is --base-url and --model)."
        }
    }
}
