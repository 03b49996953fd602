/// Budgets and behaviour of one agent run.
public struct AgentConfiguration: Sendable {
    /// The most model steps (default 30).
    public var maxSteps: Int
    /// The longest the run may take, or nil.
    public var maxDuration: Duration?
    /// The most tokens (prompt + completion, all requests), or nil.
    public var maxTokens: Int?
    /// The most the run may cost (needs the policy's prices), or nil.
    public var maxCost: Double?
    /// Replies without a usable call are re-asked with a correction at most this often in a row.
    public var maxCorrections: Int
    /// The same action on an unchanged screen this often in a row gets a nudge; once more, the run fails.
    public var stuckRepeats: Int
    /// After an action, the screen counts as settled once it has not changed for this long…
    public var settleQuiet: Duration
    /// …or once this much time has passed.
    public var settleCap: Duration

    /// A configuration; every budget is optional but the step count.
    public init(maxSteps: Int = 30, maxDuration: Duration? = nil, maxTokens: Int? = nil, maxCost: Double? = nil, maxCorrections: Int = 2,
                stuckRepeats: Int = 3, settleQuiet: Duration = .milliseconds(150), settleCap: Duration = .seconds(2)) {
        self.maxSteps = maxSteps
        self.maxDuration = maxDuration
        self.maxTokens = maxTokens
        self.maxCost = maxCost
        self.maxCorrections = maxCorrections
        self.stuckRepeats = stuckRepeats
        self.settleQuiet = settleQuiet
        self.settleCap = settleCap
    }

    /// The budget a run with these totals has used up, named as its flag (`max-steps 30`); nil while all
    /// are left.
    public func exhaustedBudget(steps: Int, elapsed: Duration, tokens: Int, cost: Double) -> String? {
        if steps >= maxSteps { return "max-steps \(maxSteps)" }
        if let maxDuration, elapsed >= maxDuration {
            let seconds = Double(maxDuration.components.seconds) + Double(maxDuration.components.attoseconds) / 1e18
            return "max-seconds \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds))"
        }
        if let maxTokens, tokens >= maxTokens { return "max-tokens \(maxTokens)" }
        if let maxCost, cost >= maxCost { return "max-cost \(maxCost)" }
        return nil
    }
}
