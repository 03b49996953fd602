/// One finished step of a task, as later requests replay it: the screenshot the model saw, its reply, and a
/// one-line summary for when the step has left the screenshot window.
public struct HistoryTurn: Sendable, Hashable {
    /// The screenshot sent in that step.
    public var screenshot: EncodedImage
    /// The model's reply without its reasoning (its tool call included): replayed as the assistant's turn.
    public var reply: String
    /// What the step did in one line (``ParsedReply/summary``): listed under "Previous actions" once the step
    /// is older than the window.
    public var summary: String

    /// A step that sent `screenshot` and got `reply`.
    public init(screenshot: EncodedImage, reply: String, summary: String) {
        self.screenshot = screenshot
        self.reply = reply
        self.summary = summary
    }
}
