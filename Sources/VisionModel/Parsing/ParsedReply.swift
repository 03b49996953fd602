internal import Foundation

/// What a model's reply asks for: the tool calls in its answer, the text the model wrote before them, and
/// its reasoning, kept apart because reasoning is a draft and never executed.
public struct ParsedReply: Sendable, Hashable {
    /// The calls, in the order written; never empty. The agent takes one action per step: it executes the
    /// first and records the rest.
    public var calls: [ParsedToolCall]
    /// The model's free text before the first call (an `Action:` line, its words), trimmed; empty when there
    /// is none.
    public var text: String
    /// The model's thinking: the server's `reasoning` field and any `<think>` text, trimmed; empty when
    /// there is none.
    public var reasoning: String
    /// The answer without the reasoning, as the model wrote it: what later requests replay as its turn.
    public var answer: String

    /// A reply of `calls` and `text`, with `reasoning` and the `answer` text they were read from.
    public init(calls: [ParsedToolCall], text: String, reasoning: String = "", answer: String? = nil) {
        self.calls = calls
        self.text = text
        self.reasoning = reasoning
        self.answer = answer ?? text
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
