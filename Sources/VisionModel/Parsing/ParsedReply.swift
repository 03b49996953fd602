internal import Foundation

/// What a model's reply asks for: the tool calls in it and the text the model wrote before them.
public struct ParsedReply: Sendable, Hashable {
    /// The calls, in the order written; never empty. Execute the first and log the rest: the agent takes
    /// one action per step (spec §4.4 step 5).
    public var calls: [ParsedToolCall]
    /// The model's free text before the first call (its thoughts, an `Action:` line), trimmed; empty when
    /// there is none.
    public var text: String

    /// A reply of `calls` and `text`.
    public init(calls: [ParsedToolCall], text: String) {
        self.calls = calls
        self.text = text
    }

    /// One line that says what the step did, for the "Previous actions" history: the text after the last
    /// `Action:` (OSWorld's summary), else the last line of ``text``, else the first call itself.
    public var summary: String {
        if let marker = text.range(of: "Action:", options: .backwards) {
            let line = text[marker.upperBound...].prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
            if !line.isEmpty { return line }
        }
        if let line = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) {
            return line.trimmingCharacters(in: .whitespaces)
        }
        return calls.first.map(\.description) ?? ""
    }
}
