/// The content of a ``ChatMessage``: a plain string, or an array of parts (`{"type": "text", …}`,
/// `{"type": "image_url", …}`) as OpenAI's vision API writes it.
public enum MessageContent: Codable, Sendable, Hashable {
    /// A plain string.
    case text(String)
    /// Text and images, in order.
    case parts([ContentPart])

    /// All text of the content joined, images left out.
    public var text: String {
        switch self {
        case .text(let text):
            text
        case .parts(let parts):
            parts.compactMap { part in
                if case .text(let text) = part { text } else { nil }
            }.joined()
        }
    }

    /// Decodes a string or an array of parts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ContentPart].self))
        }
    }

    /// Encodes a string or an array of parts.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }
}
