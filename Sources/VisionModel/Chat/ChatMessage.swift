/// One message of an OpenAI chat request: a role and its content, and for the function-calling dialect the
/// assistant's tool calls and the tool results that answer them.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// Who speaks.
    public enum Role: String, Codable, Sendable, Hashable {
        /// Instructions and tool descriptions, first in the conversation.
        case system
        /// The user: instructions and screenshots.
        case user
        /// The model's earlier replies.
        case assistant
        /// The result of a tool call, answering the assistant's call of that id.
        case tool
    }

    /// Who speaks.
    public var role: Role
    /// Text or an array of text and image parts.
    public var content: MessageContent
    /// The calls an assistant message made (OpenAI's `tool_calls`), each with its id.
    public var toolCalls: [ToolCall]?
    /// For a `tool` message: the id of the call it answers.
    public var toolCallID: String?

    /// A message from `role` with `content`.
    public init(role: Role, content: MessageContent, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
    }

    /// A system message of plain text.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: .text(text)) }

    /// A user message of plain text.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: .text(text)) }

    /// A user message of parts, e.g. a screenshot followed by the instruction.
    public static func user(_ parts: [ContentPart]) -> ChatMessage { ChatMessage(role: .user, content: .parts(parts)) }

    /// An assistant message of plain text: an earlier reply, replayed as history.
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: .text(text)) }

    /// An assistant message that made `calls` (with `text` as its content).
    public static func assistant(_ text: String, calls: [ToolCall]) -> ChatMessage {
        ChatMessage(role: .assistant, content: .text(text), toolCalls: calls.isEmpty ? nil : calls)
    }

    /// The result of the call `id`, as text.
    public static func tool(_ text: String, answering id: String) -> ChatMessage {
        ChatMessage(role: .tool, content: .text(text), toolCallID: id)
    }

    private enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolCallID = "tool_call_id"
    }

    /// Decodes a message; a `null` or missing content reads as empty text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decodeIfPresent(MessageContent.self, forKey: .content) ?? .text("")
        toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
        toolCallID = try container.decodeIfPresent(String.self, forKey: .toolCallID)
    }

    /// Encodes the message; `tool_calls` and `tool_call_id` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
        try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
    }
}
