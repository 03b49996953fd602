internal import Foundation

extension ComputerAction {
    /// Reads and checks the arguments of a `computer_use` call (spec §3.2).
    ///
    /// Accepted beyond the strict form: a coordinate as numbers or numeric strings, as a string `"[x, y]"`,
    /// `"(x, y)"` or `"x, y"`, as `{"x": …, "y": …}`, or as separate `x` and `y` arguments; `keys` as one
    /// string; numbers as numeric strings; `status` in any case. A coordinate slightly outside the space
    /// (within ``ComputerActionLimits/tolerance``) is kept for the mapping to clamp.
    ///
    /// - Throws: ``ComputerActionError`` naming the argument and what to send instead.
    public init(arguments: JSONValue, limits: ComputerActionLimits = ComputerActionLimits()) throws(ComputerActionError) {
        guard case .object(let object) = arguments else { throw .argumentsNotObject(found: arguments.kindDescription) }
        guard let rawAction = object["action"]?.stringValue else { throw .missingAction }
        let action = rawAction.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let reader = ArgumentReader(object: object, action: action, limits: limits)
        switch action {
        case "key": self = .key(keys: try reader.keys())
        case "type": self = .type(text: try reader.text(allowEmpty: false))
        case "mouse_move": self = .mouseMove(coordinate: try reader.requiredCoordinate())
        case "left_click": self = .leftClick(coordinate: try reader.coordinate())
        case "left_click_drag": self = .leftClickDrag(coordinate: try reader.requiredCoordinate())
        case "right_click": self = .rightClick(coordinate: try reader.coordinate())
        case "middle_click": self = .middleClick(coordinate: try reader.coordinate())
        case "double_click": self = .doubleClick(coordinate: try reader.coordinate())
        case "triple_click": self = .tripleClick(coordinate: try reader.coordinate())
        case "scroll": self = .scroll(pixels: try reader.number("pixels"), coordinate: try reader.coordinate())
        case "hscroll": self = .hscroll(pixels: try reader.number("pixels"), coordinate: try reader.coordinate())
        case "wait": self = .wait(time: try reader.number("time", nonNegative: true))
        case "terminate": self = .terminate(status: try reader.status())
        case "answer": self = .answer(text: try reader.text(allowEmpty: true))
        default: throw .unknownAction(rawAction)
        }
    }
}

/// Reads one call's arguments for ``ComputerAction/init(arguments:limits:)``.
private struct ArgumentReader {
    let object: JSONObject
    let action: String
    let limits: ComputerActionLimits

    func requiredCoordinate() throws(ComputerActionError) -> ModelPoint {
        guard let point = try coordinate() else { throw .missingCoordinate(action: action) }
        return point
    }

    /// The coordinate, or nil when there is none.
    func coordinate() throws(ComputerActionError) -> ModelPoint? {
        let point: ModelPoint
        switch object["coordinate"] {
        case nil, .null?:
            guard let x = object["x"], let y = object["y"] else { return nil }
            guard let px = Self.number(x), let py = Self.number(y) else {
                throw .invalidCoordinate(action: action, value: "x \(x), y \(y)")
            }
            point = ModelPoint(x: px, y: py)
        case .array(let values)?:
            guard values.count == 2, let x = Self.number(values[0]), let y = Self.number(values[1]) else {
                throw .invalidCoordinate(action: action, value: JSONValue.array(values).description)
            }
            point = ModelPoint(x: x, y: y)
        case .string(let text)?:
            let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]() \n\t"))
            let parts = inner.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            guard parts.count == 2, let x = Self.number(.string(parts[0])), let y = Self.number(.string(parts[1])) else {
                throw .invalidCoordinate(action: action, value: JSONValue.string(text).description)
            }
            point = ModelPoint(x: x, y: y)
        case .object(let members)?:
            guard let x = members["x"].flatMap(Self.number), let y = members["y"].flatMap(Self.number) else {
                throw .invalidCoordinate(action: action, value: JSONValue.object(members).description)
            }
            point = ModelPoint(x: x, y: y)
        case let other?:
            throw .invalidCoordinate(action: action, value: other.description)
        }
        let space = limits.coordinateSpace
        let slackX = Double(space.width) * limits.tolerance
        let slackY = Double(space.height) * limits.tolerance
        guard point.x >= -slackX, point.x <= Double(space.width) + slackX, point.y >= -slackY, point.y <= Double(space.height) + slackY
        else { throw .coordinateOutOfRange(action: action, x: point.x, y: point.y, space: space) }
        return point
    }

    func text(allowEmpty: Bool) throws(ComputerActionError) -> String {
        let text: String
        switch object["text"] {
        case .string(let string)?: text = string
        case .number(let number)?: text = JSONValue.number(number).description
        default: throw .missingText(action: action)
        }
        guard allowEmpty || !text.isEmpty else { throw .missingText(action: action) }
        let length = text.count
        guard length <= limits.maxTextLength else { throw .textTooLong(action: action, length: length, limit: limits.maxTextLength) }
        return text
    }

    func keys() throws(ComputerActionError) -> [String] {
        switch object["keys"] {
        case nil, .null?:
            throw .missingArgument(action: action, argument: "keys")
        case .string(let key)? where !key.trimmingCharacters(in: .whitespaces).isEmpty:
            return [key]
        case .array(let values)? where !values.isEmpty:
            var keys: [String] = []
            for value in values {
                switch value {
                case .string(let key) where !key.isEmpty: keys.append(key)
                case .number(let number): keys.append(JSONValue.number(number).description)
                default:
                    throw .invalidArgument(action: action, argument: "keys", value: value.description, expected: "a key name such as \"ctrl\"")
                }
            }
            return keys
        case let other?:
            throw .invalidArgument(action: action, argument: "keys", value: other.description, expected: "a non-empty array of key names")
        }
    }

    func number(_ argument: String, nonNegative: Bool = false) throws(ComputerActionError) -> Double {
        guard let value = object[argument], value != .null else { throw .missingArgument(action: action, argument: argument) }
        guard let number = Self.number(value), !nonNegative || number >= 0 else {
            throw .invalidArgument(action: action, argument: argument, value: value.description, expected: nonNegative ? "a number ≥ 0" : "a number")
        }
        return number
    }

    func status() throws(ComputerActionError) -> TerminationStatus {
        guard let value = object["status"], value != .null else { throw .missingArgument(action: action, argument: "status") }
        guard let text = value.stringValue, let status = TerminationStatus(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
        else {
            throw .invalidArgument(action: action, argument: "status", value: value.description, expected: "\"success\" or \"failure\"")
        }
        return status
    }

    /// A finite number, or a string holding one.
    static func number(_ value: JSONValue) -> Double? {
        let number: Double?
        switch value {
        case .number(let double): number = double
        case .string(let text): number = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        default: number = nil
        }
        guard let number, number.isFinite else { return nil }
        return number
    }
}
