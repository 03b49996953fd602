/// A tool call the server parsed out of the model's reply (`message.tool_calls[i]`).
public struct ToolCall: Codable, Sendable, Hashable {
    /// The called function and its arguments.
    public struct Function: Codable, Sendable, Hashable {
        /// The tool's name; empty when the server sent none.
        public var name: String
        /// The arguments as the server sent them: a ``JSONValue/string(_:)`` holding JSON text (vLLM,
        /// llama.cpp, OpenAI, Ollama's `/v1`) or a ``JSONValue/object(_:)`` (Ollama's `/api/chat`).
        /// ``ToolCallParser`` accepts both.
        public var arguments: JSONValue

        /// A call of `name` with `arguments`.
        public init(name: String, arguments: JSONValue) {
            self.name = name
            self.arguments = arguments
        }

        private enum CodingKeys: String, CodingKey {
            case name, arguments
        }

        /// Decodes a function; a missing name reads as empty and missing arguments as `null`, so the
        /// parser can say what is wrong.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
            arguments = try container.decodeIfPresent(JSONValue.self, forKey: .arguments) ?? .null
        }
    }

    /// The server's id for the call.
    public var id: String?
    /// The called function.
    public var function: Function

    /// A call of `function`.
    public init(id: String? = nil, function: Function) {
        self.id = id
        self.function = function
    }

    private enum CodingKeys: String, CodingKey {
        case id, type, function
    }

    /// Decodes a call; `id` and `type` may be missing (Ollama's `/api/chat` sends neither).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        function = try container.decode(Function.self, forKey: .function)
    }

    /// Encodes `{"id": …, "type": "function", "function": {…}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(id, forKey: .id)
        try container.encode("function", forKey: .type)
        try container.encode(function, forKey: .function)
    }
}
