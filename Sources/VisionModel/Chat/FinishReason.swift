/// Why the server stopped generating (`finish_reason`). Servers may send values not listed here; they
/// are kept as they are.
public struct FinishReason: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The value as sent.
    public var rawValue: String

    /// A reason with the value `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The model ended its reply.
    public static let stop = FinishReason(rawValue: "stop")
    /// `max_tokens` was reached: the reply is cut off.
    public static let length = FinishReason(rawValue: "length")
    /// The server parsed tool calls out of the reply.
    public static let toolCalls = FinishReason(rawValue: "tool_calls")
    /// The provider filtered the reply.
    public static let contentFilter = FinishReason(rawValue: "content_filter")

    public var description: String { rawValue }

    /// Decodes the string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
