/// The body of `POST /v1/chat/completions`, as vLLM, llama.cpp's server and Ollama accept it.
///
/// The defaults suit GUI actions: greedy sampling (`temperature` 0), `top_p` 0.9 (OSWorld's), and an explicit
/// `max_tokens`, because vLLM falls back to the model's own generation config for any field left out.
/// Qwen3-VL profiles put the tool into the system prompt and send no `tools`.
public struct ChatRequest: Codable, Sendable, Hashable {
    /// The served model's name, e.g. `Qwen/Qwen3-VL-8B-Instruct`.
    public var model: String
    /// The conversation so far.
    public var messages: [ChatMessage]
    /// Sampling temperature; 0 is greedy.
    public var temperature: Double?
    /// Nucleus sampling mass.
    public var topP: Double?
    /// The most tokens the reply may have.
    public var maxTokens: Int?
    /// Whether the server answers with server-sent events (``ChatCompletionChunk``s). A streaming request
    /// also asks for the token usage in the last chunk (`stream_options.include_usage`).
    public var stream: Bool
    /// Tools for the server's own tool-call parser (vLLM's `hermes`, llama.cpp's `--jinja`, OpenAI); nil
    /// sends none.
    public var tools: [ToolDefinition]?
    /// Arguments for the server's chat template (`chat_template_kwargs`, read by vLLM, SGLang and
    /// llama.cpp), e.g. `{"enable_thinking": false}`; nil sends none.
    public var chatTemplateArguments: JSONObject?

    /// A request for `model` with `messages`.
    public init(
        model: String, messages: [ChatMessage], temperature: Double? = 0, topP: Double? = 0.9, maxTokens: Int? = 1024,
        stream: Bool = false, tools: [ToolDefinition]? = nil
    ) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.stream = stream
        self.tools = tools
    }

    private enum CodingKeys: String, CodingKey {
        case model, messages, temperature, stream, tools
        case topP = "top_p"
        case chatTemplateArguments = "chat_template_kwargs"
        case maxTokens = "max_tokens"
        case streamOptions = "stream_options"
    }

    private struct StreamOptions: Codable {
        let includeUsage: Bool
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    /// Decodes a request (as a test server receives it).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        messages = try container.decode([ChatMessage].self, forKey: .messages)
        temperature = try container.decodeIfPresent(Double.self, forKey: .temperature)
        topP = try container.decodeIfPresent(Double.self, forKey: .topP)
        maxTokens = try container.decodeIfPresent(Int.self, forKey: .maxTokens)
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream) ?? false
        tools = try container.decodeIfPresent([ToolDefinition].self, forKey: .tools)
        chatTemplateArguments = try container.decodeIfPresent(JSONValue.self, forKey: .chatTemplateArguments)?.objectValue
    }

    /// Encodes the request; fields that are nil are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encodeIfPresent(temperature, forKey: .temperature)
        try container.encodeIfPresent(topP, forKey: .topP)
        try container.encodeIfPresent(maxTokens, forKey: .maxTokens)
        try container.encode(stream, forKey: .stream)
        if stream { try container.encode(StreamOptions(includeUsage: true), forKey: .streamOptions) }
        try container.encodeIfPresent(tools, forKey: .tools)
        try container.encodeIfPresent(chatTemplateArguments.map(JSONValue.object), forKey: .chatTemplateArguments)
    }
}
