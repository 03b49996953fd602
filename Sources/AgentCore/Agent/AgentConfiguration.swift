public import VisionModel

/// Budgets and behaviour of one agent run.
public struct AgentConfiguration: Sendable {
    /// The most model steps (default 30).
    public var maxSteps: Int
    /// The longest the run may take, or nil.
    public var maxDuration: Duration?
    /// The most tokens (prompt + completion, all steps), or nil.
    public var maxTokens: Int?
    /// The most the run may cost (needs ``pricing``), or nil.
    public var maxCost: Double?
    /// Token prices, which turn each request's tokens into a cost in the record; nil records no cost.
    public var pricing: TokenPricing?
    /// Whether replies are streamed (server-sent events), which lets the record tell the time to the first
    /// token from the decoding time. Servers that ignore it and answer whole are read all the same.
    public var stream: Bool
    /// Replies without a usable call are re-asked with a correction at most this often in a row.
    public var maxCorrections: Int
    /// The same action on an unchanged screen this often in a row gets a nudge; once more, the run fails.
    public var stuckRepeats: Int
    /// When true, no input events are sent; the record shows what would have been done.
    public var dryRun: Bool
    /// After an action, the screen counts as settled once it has not changed for this long…
    public var settleQuiet: Duration
    /// …or once this much time has passed.
    public var settleCap: Duration
    /// The `max_tokens` of each request.
    public var maxReplyTokens: Int

    /// A configuration; every budget is optional but the step count.
    public init(maxSteps: Int = 30, maxDuration: Duration? = nil, maxTokens: Int? = nil, maxCost: Double? = nil,
                pricing: TokenPricing? = nil, stream: Bool = true, maxCorrections: Int = 2,
                stuckRepeats: Int = 3, dryRun: Bool = false, settleQuiet: Duration = .milliseconds(150),
                settleCap: Duration = .seconds(2), maxReplyTokens: Int = 1024) {
        self.maxSteps = maxSteps
        self.maxDuration = maxDuration
        self.maxTokens = maxTokens
        self.maxCost = maxCost
        self.pricing = pricing
        self.stream = stream
        self.maxCorrections = maxCorrections
        self.stuckRepeats = stuckRepeats
        self.dryRun = dryRun
        self.settleQuiet = settleQuiet
        self.settleCap = settleCap
        self.maxReplyTokens = maxReplyTokens
    }
}
