/// One server-sent event of a streaming reply (`object: "chat.completion.chunk"`): pieces of the message
/// to append to what came before. ``ChatStreamAccumulator`` puts them together.
///
/// vLLM and llama.cpp send the role first, then `content` pieces, then (with a tool parser) `tool_calls`
/// pieces keyed by `index` — the id, type and name in the first piece of a call, its `arguments` string
/// split across the rest — then a chunk with `finish_reason`, and, when usage was asked for, a last chunk
/// with `usage` and no choices.
public struct ChatCompletionChunk: Codable, Sendable, Hashable {
    /// The change to one choice.
    public struct Choice: Codable, Sendable, Hashable {
        /// Which choice changes.
        public var index: Int
        /// What to append.
        public var delta: Delta
        /// Set on the choice's last chunk.
        public var finishReason: FinishReason?

        /// A change to choice `index`.
        public init(index: Int = 0, delta: Delta, finishReason: FinishReason? = nil) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
        }

        private enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }

        /// Decodes a choice; a missing `index` reads as 0 and a missing `delta` as empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decodeIfPresent(Int.self, forKey: .index) ?? 0
            delta = try container.decodeIfPresent(Delta.self, forKey: .delta) ?? Delta()
            finishReason = try container.decodeIfPresent(FinishReason.self, forKey: .finishReason)
        }
    }

    /// Text and tool-call pieces to append.
    public struct Delta: Codable, Sendable, Hashable {
        /// The role, in the first chunk.
        public var role: String?
        /// A piece of the text.
        public var content: String?
        /// Pieces of tool calls.
        public var toolCalls: [ToolCallDelta]?
        /// A piece of the model's thinking (`reasoning`, or the older `reasoning_content`).
        public var reasoning: String?

        /// A delta of `content`, `toolCalls` and `reasoning`.
        public init(role: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil, reasoning: String? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
            self.reasoning = reasoning
        }

        private enum CodingKeys: String, CodingKey {
            case role, content, reasoning
            case toolCalls = "tool_calls"
            case reasoningContent = "reasoning_content"
        }

        /// Decodes a delta; reasoning from `reasoning` or `reasoning_content`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decodeIfPresent(String.self, forKey: .role)
            content = try container.decodeIfPresent(String.self, forKey: .content)
            toolCalls = try container.decodeIfPresent([ToolCallDelta].self, forKey: .toolCalls)
            reasoning = try container.decodeIfPresent(String.self, forKey: .reasoning)
                ?? container.decodeIfPresent(String.self, forKey: .reasoningContent)
        }

        /// Encodes the delta; reasoning as `reasoning`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(role, forKey: .role)
            try container.encodeIfPresent(content, forKey: .content)
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(reasoning, forKey: .reasoning)
        }
    }

    /// A piece of one tool call.
    public struct ToolCallDelta: Codable, Sendable, Hashable {
        /// Which call of the message this piece belongs to. Some servers leave it out when they send each
        /// call whole; then a piece with a new ``id`` starts a new call and any other continues the last.
        public var index: Int?
        /// The call's id, in its first piece.
        public var id: String?
        /// The function's name (first piece) and a piece of the arguments' JSON text.
        public var function: FunctionDelta?

        /// A piece of call `index`.
        public init(index: Int?, id: String? = nil, function: FunctionDelta? = nil) {
            self.index = index
            self.id = id
            self.function = function
        }

        private enum CodingKeys: String, CodingKey {
            case index, id, type, function
        }

        /// Decodes a piece; `type` is ignored.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decodeIfPresent(Int.self, forKey: .index)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            function = try container.decodeIfPresent(FunctionDelta.self, forKey: .function)
        }

        /// Encodes the piece, with `"type": "function"` alongside the id.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(index, forKey: .index)
            try container.encodeIfPresent(id, forKey: .id)
            if id != nil { try container.encode("function", forKey: .type) }
            try container.encodeIfPresent(function, forKey: .function)
        }
    }

    /// A piece of a function call.
    public struct FunctionDelta: Codable, Sendable, Hashable {
        /// The name, in the call's first piece.
        public var name: String?
        /// A piece of the arguments' JSON text.
        public var arguments: String?

        /// A piece with `name` and `arguments`.
        public init(name: String? = nil, arguments: String? = nil) {
            self.name = name
            self.arguments = arguments
        }

        private enum CodingKeys: String, CodingKey {
            case name, arguments
        }

        /// Decodes a piece; arguments sent as a JSON object rather than text are turned into text.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            switch try container.decodeIfPresent(JSONValue.self, forKey: .arguments) {
            case .none, .null?: arguments = nil
            case .string(let text)?: arguments = text
            case let other?: arguments = other.description
            }
        }
    }

    /// The server's id for the completion, the same in every chunk.
    public var id: String?
    /// The model that answers.
    public var model: String?
    /// Creation time, seconds since 1970.
    public var created: Int?
    /// Changes to choices; empty in the usage-only last chunk.
    public var choices: [Choice]
    /// Token counts, in the last chunk when asked for.
    public var usage: TokenUsage?

    /// A chunk of `choices`.
    public init(id: String? = nil, model: String? = nil, created: Int? = nil, choices: [Choice], usage: TokenUsage? = nil) {
        self.id = id
        self.model = model
        self.created = created
        self.choices = choices
        self.usage = usage
    }

    private enum CodingKeys: String, CodingKey {
        case id, model, created, choices, usage
    }

    /// Decodes a chunk; missing `choices` read as none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        created = try container.decodeIfPresent(Int.self, forKey: .created)
        choices = try container.decodeIfPresent([Choice].self, forKey: .choices) ?? []
        usage = try container.decodeIfPresent(TokenUsage.self, forKey: .usage)
    }
}
