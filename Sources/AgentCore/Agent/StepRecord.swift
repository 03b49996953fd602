/// One event of `trajectory.jsonl` (see docs/trajectory.md). Fields are present where the event has them.
public struct StepRecord: Codable, Sendable {
    /// `start`, `step`, `correction`, `end`.
    public var event: String
    /// The step number, from 1.
    public var step: Int?
    /// The task (on `start`).
    public var task: String?
    /// The model and server (on `start`; never the API key).
    public var model: String?
    /// The screen size (on `start`).
    public var screen: [Int]?
    /// The size of the image sent, and its PNG file in the run directory.
    public var imageSize: [Int]?
    public var image: String?
    /// The model's reply, verbatim.
    public var reply: String?
    /// The parsed call: tool name and arguments as JSON text.
    public var tool: String?
    public var arguments: String?
    /// The action in screen pixels, e.g. `left_click (412, 300)`.
    public var action: String?
    /// The action's point in screen pixels `[x, y]`, when it has one.
    public var point: [Int]?
    /// What happened: `acted`, `waited`, a tool's output, or an error message.
    public var result: String?
    /// An error that did not end the run (a correction), or the reason it ended.
    public var error: String?
    /// Tokens of this request.
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Milliseconds per phase: capture, encode, request, parse, execute, settle.
    public var timings: [String: Double]?
    /// On `end`: the outcome and totals.
    public var outcome: String?
    public var totalSteps: Int?
    public var totalTokens: Int?
    /// On `end`: the run's wall-clock time.
    public var durationMilliseconds: Double?

    /// An event of kind `event`.
    public init(event: String, step: Int? = nil) {
        self.event = event
        self.step = step
    }
}
