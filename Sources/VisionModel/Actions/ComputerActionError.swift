/// Why a `computer_use` call cannot be executed. Each ``description`` is a short correction to send back
/// to the model; nothing is executed.
public enum ComputerActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call is of another tool than `computer_use`.
    case notComputerUse(tool: String)
    /// The arguments are `found` (e.g. "an array"), not an object.
    case argumentsNotObject(found: String)
    /// There is no `action`, or it is not a string.
    case missingAction
    /// `action` names no action of the tool.
    case unknownAction(String)
    /// `action` needs a `coordinate` and has none.
    case missingCoordinate(action: String)
    /// The `coordinate` is not two numbers; `value` is what was sent.
    case invalidCoordinate(action: String, value: String)
    /// The `coordinate` lies outside the `space` the model was told about.
    case coordinateOutOfRange(action: String, x: Double, y: Double, space: PixelSize)
    /// `action` needs a `text` and has none (or an empty one for `type`).
    case missingText(action: String)
    /// The `text` has `length` characters, more than `limit`.
    case textTooLong(action: String, length: Int, limit: Int)
    /// `action` needs `argument` (`keys`, `pixels`, `time`, `status`) and has none.
    case missingArgument(action: String, argument: String)
    /// `argument` holds `value`, which is not `expected`.
    case invalidArgument(action: String, argument: String, value: String, expected: String)

    private static let retry = "Respond with one corrected <tool_call> block."

    /// A correction for the model.
    public var description: String {
        switch self {
        case .notComputerUse(let tool):
            "There is no tool named \"\(tool)\"; use computer_use. \(Self.retry)"
        case .argumentsNotObject(let found):
            "The arguments of computer_use are \(found), not a JSON object. \(Self.retry)"
        case .missingAction:
            "The computer_use call has no \"action\" string. Set \"action\" to one of: \(Self.actions). \(Self.retry)"
        case .unknownAction(let action):
            "Unknown action \"\(action)\". Use one of: \(Self.actions). \(Self.retry)"
        case .missingCoordinate(let action):
            "Action \(action) needs \"coordinate\": [x, y]. \(Self.retry)"
        case .invalidCoordinate(let action, let value):
            "The coordinate of \(action) is \(value), not two numbers. Write \"coordinate\": [x, y]. \(Self.retry)"
        case .coordinateOutOfRange(let action, let x, let y, let space):
            "The coordinate [\(JSONValue.number(x)), \(JSONValue.number(y))] of \(action) is off the screen:"
                + " x must lie in 0…\(space.width) and y in 0…\(space.height) (the screen's resolution is \(space)). \(Self.retry)"
        case .missingText(let action):
            "Action \(action) needs a non-empty \"text\" string. \(Self.retry)"
        case .textTooLong(let action, let length, let limit):
            "The text of \(action) has \(length) characters; at most \(limit) are allowed. Split it into shorter steps. \(Self.retry)"
        case .missingArgument(let action, let argument):
            "Action \(action) needs \"\(argument)\". \(Self.retry)"
        case .invalidArgument(let action, let argument, let value, let expected):
            "The \"\(argument)\" of \(action) is \(value), but must be \(expected). \(Self.retry)"
        }
    }

    private static var actions: String { ComputerAction.actionNames.joined(separator: ", ") }
}
