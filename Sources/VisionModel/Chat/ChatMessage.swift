/// One message of an OpenAI chat request: a role and its content.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// Who speaks.
    public enum Role: String, Codable, Sendable, Hashable {
        /// Instructions and tool descriptions, first in the conversation.
        case system
        /// The user: instructions and screenshots.
        case user
        /// The model's earlier replies, verbatim.
        case assistant
    }

    /// Who speaks.
    public var role: Role
    /// Text or an array of text and image parts.
    public var content: MessageContent

    /// A message from `role` with `content`.
    public init(role: Role, content: MessageContent) {
        self.role = role
        self.content = content
    }

    /// A system message of plain text.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: .text(text)) }

    /// A user message of plain text.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: .text(text)) }

    /// A user message of parts, e.g. a screenshot followed by the instruction.
    public static func user(_ parts: [ContentPart]) -> ChatMessage { ChatMessage(role: .user, content: .parts(parts)) }

    /// An assistant message of plain text: an earlier reply, replayed as history.
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: .text(text)) }

    private enum CodingKeys: String, CodingKey {
        case role, content
    }

    /// Decodes a message; a `null` or missing content reads as empty text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decodeIfPresent(MessageContent.self, forKey: .content) ?? .text("")
    }
}
