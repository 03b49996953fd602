/// Everything a profile needs to build the messages of one step.
public struct ConversationContext: Sendable, Hashable {
    /// The user's task, e.g. "Open the settings and enable dark mode".
    public var instruction: String
    /// The current screenshot.
    public var screenshot: EncodedImage
    /// The task's earlier steps, oldest first.
    public var history: [HistoryTurn]
    /// What the model is told about the last step, after the screenshot.
    public var feedback: [Feedback]

    /// The context of a step of `instruction` at `screenshot`.
    public init(instruction: String, screenshot: EncodedImage, history: [HistoryTurn] = [], feedback: [Feedback] = []) {
        self.instruction = instruction
        self.screenshot = screenshot
        self.history = history
        self.feedback = feedback
    }
}
