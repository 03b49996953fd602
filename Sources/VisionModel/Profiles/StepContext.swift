/// Everything a profile needs to build the messages of one step.
public struct StepContext: Sendable, Hashable {
    /// The user's task, e.g. "Open the settings and enable dark mode".
    public var instruction: String
    /// The current screenshot.
    public var screenshot: PreparedScreenshot
    /// The task's earlier steps, oldest first.
    public var history: [HistoryStep]
    /// Tools offered besides `computer_use`, in the order they are listed to the model.
    public var tools: [ToolDefinition]

    /// The context of a step of `instruction` at `screenshot`.
    public init(instruction: String, screenshot: PreparedScreenshot, history: [HistoryStep] = [], tools: [ToolDefinition] = []) {
        self.instruction = instruction
        self.screenshot = screenshot
        self.history = history
        self.tools = tools
    }
}
