public import DesktopKit
public import Imaging

/// Why a `computer_use` call cannot be carried out. Each ``description`` says what was wrong and what to
/// send instead; the agent sends it back to the model as a correction (with its tool-call format's
/// reminder of how to answer) and executes nothing.
public enum ComputerUseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The arguments are `found` (e.g. "an array"), not an object.
    case argumentsNotObject(found: String)
    /// There is no `action`, or it is not a string.
    case missingAction
    /// `action` names no action of the tool.
    case unknownAction(String)
    /// `action` needs a `coordinate` and has none.
    case missingCoordinate(action: String)
    /// A coordinate argument is not two numbers; `value` is what was sent.
    case invalidCoordinate(action: String, argument: String, value: String)
    /// A coordinate is negative: a sentinel such as `[-1, -1]`, not a place.
    case negativeCoordinate(action: String, point: ModelPoint)
    /// A coordinate lies past the `space` the model was told about.
    case coordinateOutOfRange(action: String, point: ModelPoint, space: Size)
    /// `action` needs a non-empty `text`.
    case missingText(action: String)
    /// `action` needs `argument` (`keys`, `pixels`, `time`, `status`) and has none.
    case missingArgument(action: String, argument: String)
    /// `argument` holds `value`, which is not `expected`.
    case invalidArgument(action: String, argument: String, value: String, expected: String)
    /// A key name that is not a key.
    case invalidKey(action: String, KeyComboError)
    /// An amount past its limit (scroll notches, wait seconds, text length).
    case overLimit(action: String, ActionLimitError)

    /// What was wrong and what to send instead (without the reminder of the reply format).
    public var description: String {
        switch self {
        case .argumentsNotObject(let found):
            "The arguments of computer_use are \(found), not a JSON object."
        case .missingAction:
            "The computer_use call has no \"action\" string. Set \"action\" to one of: \(Self.actions)."
        case .unknownAction(let action):
            "Unknown action \(Self.quoted(action)). Use one of: \(Self.actions)."
        case .missingCoordinate(let action):
            "Action \(action) needs \"coordinate\": [x, y]."
        case .invalidCoordinate(let action, let argument, let value):
            "The \"\(argument)\" of \(action) is \(value), not two numbers. Write \"\(argument)\": [x, y]."
        case .negativeCoordinate(let action, let point):
            "The coordinate \(point) of \(action) is negative, which is no place on the screen."
                + " Give the point of the element you mean, with x and y from 0."
        case .coordinateOutOfRange(let action, let point, let space):
            "The coordinate \(point) of \(action) is off the screen: x must lie in 0…\(space.width) and y in 0…\(space.height)"
                + " (the screen's resolution is \(space))."
        case .missingText(let action):
            "Action \(action) needs a non-empty \"text\" string."
        case .missingArgument(let action, let argument):
            "Action \(action) needs \"\(argument)\"."
        case .invalidArgument(let action, let argument, let value, let expected):
            "The \"\(argument)\" of \(action) is \(value), but must be \(expected)."
        case .invalidKey(let action, let error):
            "The keys of \(action) are not usable: \(error)"
        case .overLimit(_, let error):
            error.description
        }
    }

    private static var actions: String { ComputerUseCall.actionNames.joined(separator: ", ") }

    private static func quoted(_ text: String) -> String {
        (text.count > 40 ? String(text.prefix(40)) + "…" : text).debugDescription
    }
}
