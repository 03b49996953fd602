public import Foundation

/// Where the model is served: an OpenAI-compatible base URL (vLLM, llama.cpp server, Ollama, hosted APIs),
/// the model name, and the API key if the server needs one.
///
/// The key is never part of `description`, logs or files.
public struct ModelEndpoint: Sendable, CustomStringConvertible {
    /// The base URL up to and including the API version, e.g. `http://127.0.0.1:8000/v1`.
    public var baseURL: String
    /// The model name the server knows, e.g. `Qwen/Qwen3-VL-8B-Instruct`.
    public var model: String
    /// Sent as `Authorization: Bearer …` when present.
    public var apiKey: String?

    /// An endpoint with everything given.
    public init(baseURL: String, model: String, apiKey: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model
        self.apiKey = apiKey
    }

    /// The endpoint from flags, falling back to `DESKPILOT_BASE_URL`, `DESKPILOT_MODEL`, and `DESKPILOT_API_KEY`
    /// (or `OPENAI_API_KEY`). Nil when no base URL is known.
    public static func resolve(baseURL: String? = nil, model: String? = nil, apiKey: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelEndpoint? {
        guard let base = baseURL ?? environment["DESKPILOT_BASE_URL"], !base.isEmpty else { return nil }
        let key = apiKey ?? environment["DESKPILOT_API_KEY"] ?? environment["OPENAI_API_KEY"]
        return ModelEndpoint(baseURL: base, model: model ?? environment["DESKPILOT_MODEL"] ?? "Qwen/Qwen3-VL-8B-Instruct",
                             apiKey: key?.isEmpty == true ? nil : key)
    }

    /// The chat completions URL.
    public var chatCompletionsURL: String { baseURL + "/chat/completions" }

    public var description: String {
        "\(model) at \(baseURL)" + (apiKey == nil ? "" : " (with an API key)")
    }

    /// `text` with the key replaced by `[API key]`: for anything a server sent back (an error page may quote
    /// the key it refused) and for request logs.
    public func conceal(_ text: String) -> String {
        guard let apiKey, !apiKey.isEmpty else { return text }
        return text.replacingOccurrences(of: apiKey, with: "[API key]")
    }
}
