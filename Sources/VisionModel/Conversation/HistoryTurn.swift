/// One finished step of a task, as later requests replay it: the screenshot the model saw, its answer, and a
/// one-line summary for when the step has left the screenshot window.
public struct HistoryTurn: Sendable, Hashable {
    /// The screenshot sent in that step; nil for a model that was sent none (a text-only planner).
    public var screenshot: EncodedImage?
    /// The model's answer without its reasoning, replayed as the assistant's turn: its text (the tool call
    /// included, for formats that write calls as text) and, for function-calling formats, its call with the
    /// server's id.
    public var answer: ChatMessage
    /// What the step did in one line (``ParsedReply/summary``): listed under "Previous actions" once the step
    /// is older than the window.
    public var summary: String

    /// A step that sent `screenshot` and got `answer`.
    public init(screenshot: EncodedImage?, answer: ChatMessage, summary: String) {
        self.screenshot = screenshot
        self.answer = answer
        self.summary = summary
    }

    /// A step that sent `screenshot` and got the text `reply`.
    public init(screenshot: EncodedImage?, reply: String, summary: String) {
        self.init(screenshot: screenshot, answer: .assistant(reply), summary: summary)
    }

    /// The answer's text.
    public var reply: String { answer.content.text }
}
