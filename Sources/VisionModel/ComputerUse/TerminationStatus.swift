/// How the model says a task ended (`terminate`'s `status`).
public enum TerminationStatus: String, Sendable, Hashable, Codable {
    /// The task is done.
    case success
    /// The task cannot be done.
    case failure
}
