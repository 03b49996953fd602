public import DesktopKit
internal import Foundation
public import Imaging

extension ComputerUseCall {
    /// Wheel notches per unit of a model's scroll amount when it writes large values: models usually write
    /// notches (|v| ≤ 50); larger values are read as pixels, 100 to a notch.
    public static let pixelsPerNotch = 100.0

    /// How far past the far edge of the coordinate space a point may lie, as a share of the side, and still
    /// be taken (and clamped): models overshoot 1000 by a little. Beyond it the model is using another
    /// coordinate system, and the call is refused.
    public static let overshootTolerance = 0.05

    /// Reads the arguments of a `computer_use` call.
    ///
    /// Accepted beyond the cookbook's strict form, because other families and frameworks write them so:
    /// - action names `click`, `left_single`, `tap` (→ `left_click`), `double`, `left_double`
    ///   (→ `double_click`), `right_single` (→ `right_click`), `press`, `key_press`, `hotkey` (→ `key`),
    ///   `move`, `hover` (→ `mouse_move`), `drag` (→ `left_click_drag`), in any case;
    /// - `keys` as one string: `"ctrl+c"`, `"ctrl c"`, `"Return"`;
    /// - a drag's ends as `start_coordinate`/`end_coordinate` or `start_box`/`end_box` (a box's centre);
    /// - a coordinate as numbers or numeric strings, as a string `"[x, y]"` or `"(x, y)"`, as `{"x", "y"}`,
    ///   or as separate `x` and `y` arguments.
    ///
    /// Refused, each with its own correction: sentinels and nonsense (a negative coordinate such as
    /// `[-1, -1]`, an explicit `null`, NaN, text that is not a number, more than two numbers), a point past
    /// the space (beyond ``overshootTolerance``), unknown key names, and amounts past `limits` (scroll
    /// notches, wait seconds, text length, keys in one combo).
    ///
    /// - Parameters:
    ///   - space: the extent of the model's coordinates (1000×1000 for Qwen3-VL).
    /// - Throws: ``ComputerUseError``.
    public init(arguments: JSONValue, space: Size, limits: ActionLimits = ActionLimits()) throws(ComputerUseError) {
        guard case .object(let object) = arguments else { throw .argumentsNotObject(found: arguments.kindDescription) }
        guard let written = object["action"]?.stringValue else { throw .missingAction }
        guard let action = Self.canonicalAction(written) else { throw .unknownAction(written) }
        let reader = ArgumentReader(object: object, action: action, space: space, limits: limits)
        switch action {
        case "key": self = .act(.key(try reader.keyCombo()))
        case "type": self = .act(.type(try reader.text()))
        case "mouse_move": self = .act(.move(to: try reader.requiredPoint()))
        case "left_click": self = .act(.click(try reader.point(), button: .left, count: 1))
        case "right_click": self = .act(.click(try reader.point(), button: .right, count: 1))
        case "middle_click": self = .act(.click(try reader.point(), button: .middle, count: 1))
        case "double_click": self = .act(.click(try reader.point(), button: .left, count: 2))
        case "triple_click": self = .act(.click(try reader.point(), button: .left, count: 3))
        case "left_click_drag": self = .act(.drag(along: try reader.dragPath(), button: .left))
        // The model's positive amounts scroll up, which is wheel notches up: negative `dy`.
        case "scroll": self = .act(.scroll(dx: 0, dy: -(try reader.notches()), at: try reader.point()))
        case "hscroll": self = .act(.scroll(dx: try reader.notches(), dy: 0, at: try reader.point()))
        case "wait": self = .act(.wait(seconds: try reader.seconds()))
        case "terminate": self = .terminate(try reader.status())
        default: self = .answer(try reader.answerText())
        }
        if case .act(let desktopAction) = self {
            do {
                try desktopAction.checkAmounts(limits)
            } catch {
                throw .overLimit(action: action, error)
            }
        }
    }

    /// The tool's actions, in the cookbook's order: the `enum` of its `action` parameter.
    public static let actionNames = ToolDefinition.computerUseActions.map(\.name)

    /// Names other families and frameworks use for the tool's actions.
    static let actionAliases: [String: String] = [
        "click": "left_click", "left_single": "left_click", "tap": "left_click", "single_click": "left_click",
        "double": "double_click", "left_double": "double_click", "doubleclick": "double_click",
        "right_single": "right_click", "rightclick": "right_click",
        "press": "key", "key_press": "key", "keypress": "key", "hotkey": "key",
        "move": "mouse_move", "hover": "mouse_move", "mousemove": "mouse_move",
        "drag": "left_click_drag", "type_text": "type", "typing": "type",
    ]

    /// The canonical name of a written action, or nil.
    static func canonicalAction(_ written: String) -> String? {
        let name = written.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if actionNames.contains(name) { return name }
        return actionAliases[name]
    }

    /// Wheel notches for a model's scroll amount (sign kept; at least one notch for a non-zero amount).
    public static func notches(_ amount: Double) -> Int {
        guard amount != 0 else { return 0 }
        let magnitude = abs(amount) <= 50 ? abs(amount) : abs(amount) / pixelsPerNotch
        // Past Int's range the limit check refuses it anyway; keep the sign and a value that says "too far".
        let rounded = min(magnitude.rounded(), Double(Int32.max))
        return (amount < 0 ? -1 : 1) * max(1, Int(rounded))
    }
}

/// Reads one call's arguments for ``ComputerUseCall/init(arguments:space:limits:)``.
private struct ArgumentReader {
    let object: JSONObject
    let action: String
    let space: Size
    let limits: ActionLimits

    func requiredPoint() throws(ComputerUseError) -> ModelPoint {
        guard let point = try point() else { throw .missingCoordinate(action: action) }
        return point
    }

    /// The `coordinate` (or `x` and `y`), or nil when there is none at all.
    func point() throws(ComputerUseError) -> ModelPoint? {
        if let value = object["coordinate"] { return try point(value, argument: "coordinate") }
        guard let x = object["x"], let y = object["y"] else { return nil }
        guard let px = Self.number(x), let py = Self.number(y) else {
            throw .invalidCoordinate(action: action, argument: "x, y", value: "\(x), \(y)")
        }
        return try checked(ModelPoint(x: px, y: py), argument: "x, y")
    }

    /// A drag's path: `coordinate` alone (from where the pointer is), or a start and an end.
    func dragPath() throws(ComputerUseError) -> [ModelPoint] {
        for (start, end) in [("start_coordinate", "end_coordinate"), ("start_box", "end_box")] {
            if let from = object[start], let to = object[end] {
                return [try point(from, argument: start), try point(to, argument: end)]
            }
        }
        return [try requiredPoint()]
    }

    /// One point written as `[x, y]` (numbers or numeric strings), `"[x, y]"`, `"(x, y)"`, `"x, y"`, or
    /// `{"x", "y"}`; a `*_box` may also be `[x1, y1, x2, y2]`, read as its centre.
    private func point(_ value: JSONValue, argument: String) throws(ComputerUseError) -> ModelPoint {
        let numbers: [Double?]
        switch value {
        case .null:
            throw .invalidCoordinate(action: action, argument: argument, value: "null")
        case .array(let values):
            numbers = values.map(Self.number)
        case .string(let text):
            let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "[]() \n\t"))
            numbers = inner.split(whereSeparator: { $0 == "," || $0 == " " }).map { Self.number(.string(String($0))) }
        case .object(let members):
            numbers = [members["x"].flatMap(Self.number), members["y"].flatMap(Self.number)]
        default:
            throw .invalidCoordinate(action: action, argument: argument, value: value.description)
        }
        let boxes = argument.hasSuffix("_box")
        guard numbers.count == 2 || (boxes && numbers.count == 4), numbers.allSatisfy({ $0 != nil }) else {
            throw .invalidCoordinate(action: action, argument: argument, value: Self.shortened(value.description))
        }
        let values = numbers.compactMap { $0 }
        let point = values.count == 4
            ? ModelPoint(x: (values[0] + values[2]) / 2, y: (values[1] + values[3]) / 2) : ModelPoint(x: values[0], y: values[1])
        return try checked(point, argument: argument)
    }

    /// `point` when it lies in the space (a little overshoot past the far edges is kept, to be clamped).
    private func checked(_ point: ModelPoint, argument: String) throws(ComputerUseError) -> ModelPoint {
        guard point.x >= 0, point.y >= 0 else { throw .negativeCoordinate(action: action, point: point) }
        let slackX = Double(space.width) * ComputerUseCall.overshootTolerance
        let slackY = Double(space.height) * ComputerUseCall.overshootTolerance
        guard point.x <= Double(space.width) + slackX, point.y <= Double(space.height) + slackY else {
            throw .coordinateOutOfRange(action: action, point: point, space: space)
        }
        return point
    }

    func text() throws(ComputerUseError) -> String {
        let text: String
        switch object["text"] {
        case .string(let string)?: text = string
        case .number(let number)?: text = JSONValue.number(number).description
        default: throw .missingText(action: action)
        }
        guard !text.isEmpty else { throw .missingText(action: action) }
        return text
    }

    /// The `answer`'s text, which may be empty but not longer than the text limit.
    func answerText() throws(ComputerUseError) -> String {
        switch object["text"] {
        case .string(let string)?:
            guard string.prefix(limits.maxTextLength + 1).count <= limits.maxTextLength else {
                throw .overLimit(action: action, .textTooLong(length: string.count, limit: limits.maxTextLength))
            }
            return string
        case .number(let number)?: return JSONValue.number(number).description
        default: throw .missingText(action: action)
        }
    }

    /// `keys` as one combo: an array of names, or one string (`"ctrl+c"`, `"ctrl c"`, `"Return"`).
    func keyCombo() throws(ComputerUseError) -> KeyCombo {
        let names: [String]
        switch object["keys"] ?? object["key"] {
        case nil, .null?:
            throw .missingArgument(action: action, argument: "keys")
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw .missingArgument(action: action, argument: "keys") }
            guard trimmed.split(whereSeparator: { $0 == "+" || $0 == " " }).count <= limits.maxKeysInCombo else { throw tooManyKeys }
            if trimmed.contains(" "), !trimmed.contains("+") {
                names = trimmed.split(separator: " ").map(String.init)  // "ctrl c", as some models write it
            } else {
                do {
                    return try KeyCombo(parsing: trimmed.isEmpty ? text : trimmed)
                } catch {
                    throw .invalidKey(action: action, error)
                }
            }
        case .array(let values)? where !values.isEmpty:
            guard values.count <= limits.maxKeysInCombo else { throw tooManyKeys }
            var collected: [String] = []
            for value in values {
                switch value {
                case .string(let key) where !key.isEmpty: collected.append(key)
                case .number(let number): collected.append(JSONValue.number(number).description)
                default:
                    throw .invalidArgument(action: action, argument: "keys", value: Self.shortened(value.description),
                                           expected: "a key name such as \"ctrl\"")
                }
            }
            names = collected
        case let other?:
            throw .invalidArgument(action: action, argument: "keys", value: Self.shortened(other.description),
                                   expected: "a non-empty array of key names")
        }
        do {
            return try KeyCombo(names: names)
        } catch {
            throw .invalidKey(action: action, error)
        }
    }

    private var tooManyKeys: ComputerUseError {
        .invalidArgument(action: action, argument: "keys", value: "more than \(limits.maxKeysInCombo) names",
                         expected: "one key with its modifiers, e.g. [\"ctrl\", \"s\"]; press further keys in later steps")
    }

    /// `pixels` as wheel notches (positive up, as the model means it).
    func notches() throws(ComputerUseError) -> Int {
        ComputerUseCall.notches(try number("pixels"))
    }

    func seconds() throws(ComputerUseError) -> Double {
        try number("time")
    }

    func number(_ argument: String) throws(ComputerUseError) -> Double {
        guard let value = object[argument], value != .null else { throw .missingArgument(action: action, argument: argument) }
        guard let number = Self.number(value) else {
            throw .invalidArgument(action: action, argument: argument, value: Self.shortened(value.description), expected: "a number")
        }
        return number
    }

    func status() throws(ComputerUseError) -> TerminationStatus {
        guard let value = object["status"], value != .null else { throw .missingArgument(action: action, argument: "status") }
        guard let text = value.stringValue, let status = TerminationStatus(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
        else {
            throw .invalidArgument(action: action, argument: "status", value: Self.shortened(value.description),
                                   expected: "\"success\" or \"failure\"")
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

    /// At most 80 characters of what the model wrote, for a correction.
    static func shortened(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)) + "…" : text
    }
}
