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
    /// Tokens of this request: from the server's `usage`, or estimated when it gave none
    /// (``tokensEstimated``).
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// True when the token counts are the client's estimate (the server sent no `usage`).
    public var tokensEstimated: Bool?
    /// The visual tokens of the images this request carried (all of them, history included).
    public var visualTokens: Int?
    /// The request's cost, when prices were given.
    public var cost: Double?
    /// Completion tokens per second of decoding (streamed replies: after the first token).
    public var decodeTokensPerSecond: Double?
    /// True when the screenshot was captured and prepared while the previous action's screen settled.
    public var observedWhileSettling: Bool?
    /// Milliseconds per phase: capture, encode, save, request, firstToken, decode, parse, execute, settle.
    public var timings: [String: Double]?
    /// On `end`: the outcome and totals.
    public var outcome: String?
    public var totalSteps: Int?
    public var totalTokens: Int?
    /// On `end`: the run's cost, when prices were given.
    public var totalCost: Double?
    /// On `step`: the step's wall-clock time (settle included); on `end`: the run's.
    public var durationMilliseconds: Double?

    /// An event of kind `event`.
    public init(event: String, step: Int? = nil) {
        self.event = event
        self.step = step
    }
}
