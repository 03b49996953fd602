public import DesktopKit

/// What one `computer_use` call asks for, read and checked: a desktop action at the model's points, or the
/// end of the task. Made by ``init(arguments:space:limits:)``; a reply that cannot become one is a
/// ``ComputerUseError``, which goes back to the model as a correction — nothing is executed.
public enum ComputerUseCall: Sendable, Hashable, CustomStringConvertible {
    /// Do something on the desktop; points are in the model's coordinate space.
    case act(DesktopAction<ModelPoint>)
    /// The task is over (`terminate`).
    case terminate(TerminationStatus)
    /// The answer to the user's question (`answer`); it ends the task.
    case answer(String)

    public var description: String {
        switch self {
        case .act(let action): action.description
        case .terminate(let status): "terminate \(status.rawValue)"
        case .answer(let text): "answer \(text.debugDescription)"
        }
    }
}
