/// How a run ended.
public enum AgentOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The model terminated with success.
    case succeeded
    /// The model answered; the answer is the result.
    case answered(String)
    /// The model terminated with failure, or the run could not go on (`reason` says why).
    case failed(reason: String)
    /// A budget ran out (`budget` names it).
    case budgetExhausted(budget: String)
    /// The run was cancelled (Ctrl-C).
    case interrupted
    /// The model finished (success or an answer) in a dry run: `actions` input actions were recorded and
    /// none was sent, so nothing shows the task was done.
    case dryRun(actions: Int)
    /// The model finished, but every one of its `actions` input actions was declined (at `--confirm`, or by
    /// a policy): nothing was sent.
    case declined(actions: Int)

    /// As the record's `end` event says it: `success`, `answer: TEXT`, `failure: REASON`, …
    public var description: String {
        switch self {
        case .succeeded: "success"
        case .answered(let text): "answer: \(text)"
        case .failed(let reason): "failure: \(reason)"
        case .budgetExhausted(let budget): "budget exhausted: \(budget)"
        case .interrupted: "interrupted"
        case .dryRun(let actions): "dry run: the model finished; \(actions) input action\(actions == 1 ? "" : "s") recorded, none sent"
        case .declined(let actions): "declined: the model finished, but \(actions == 1 ? "its one input action was" : "all \(actions) input actions were") declined"
        }
    }
}

/// The result of a run: its outcome, how many steps it took, and what it cost.
public struct AgentResult: Sendable {
    /// How the run ended.
    public var outcome: AgentOutcome
    /// Model steps taken.
    public var steps: Int
    /// Tokens over all requests (estimated for requests whose server sent no `usage`).
    public var tokens: Int
    /// The run's cost, when prices were given.
    public var cost: Double?
    /// Wall-clock time of the run.
    public var duration: Duration
}
