import DesktopKit
import Imaging
import Testing
import VisionModel

@Suite("computer_use arguments → ComputerUseCall")
struct ComputerUseCallTests {
    static let space = Size(width: 1000, height: 1000)
    static let point = ModelPoint(x: 512, y: 337)

    static func call(_ arguments: JSONValue, limits: ActionLimits = ActionLimits()) throws(ComputerUseError) -> ComputerUseCall {
        try ComputerUseCall(arguments: arguments, space: space, limits: limits)
    }

    static func error(_ arguments: JSONValue, limits: ActionLimits = ActionLimits()) -> ComputerUseError? {
        do {
            _ = try call(arguments, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    /// Every action of the cookbook's tool with its arguments.
    static let valid: [(JSONValue, ComputerUseCall)] = [
        (["action": "key", "keys": ["ctrl", "shift", "t"]], .act(.key(KeyCombo(modifiers: [.control, .shift], key: Key(name: "t")!)))),
        (["action": "type", "text": "Ada Lovelace\n"], .act(.type("Ada Lovelace\n"))),
        (["action": "mouse_move", "coordinate": [512, 337]], .act(.move(to: point))),
        (["action": "left_click", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 1))),
        (["action": "left_click"], .act(.click(nil, button: .left, count: 1))),
        (["action": "left_click_drag", "coordinate": [512, 337]], .act(.drag(along: [point], button: .left))),
        (["action": "right_click", "coordinate": [512, 337]], .act(.click(point, button: .right, count: 1))),
        (["action": "middle_click", "coordinate": [512, 337]], .act(.click(point, button: .middle, count: 1))),
        (["action": "double_click", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 2))),
        (["action": "triple_click", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 3))),
        // The model's positive amounts scroll up: wheel notches up are negative dy.
        (["action": "scroll", "pixels": -5], .act(.scroll(dx: 0, dy: 5, at: nil))),
        (["action": "scroll", "pixels": "3", "coordinate": [512, 337]], .act(.scroll(dx: 0, dy: -3, at: point))),
        (["action": "scroll", "pixels": 300], .act(.scroll(dx: 0, dy: -3, at: nil))),  // large values are pixels, 100 a notch
        (["action": "hscroll", "pixels": 2.5], .act(.scroll(dx: 3, dy: 0, at: nil))),
        (["action": "wait", "time": 2], .act(.wait(seconds: 2))),
        (["action": "terminate", "status": "success"], .terminate(.success)),
        (["action": "terminate", "status": "Failure"], .terminate(.failure)),
        (["action": "answer", "text": "42"], .answer("42")),
        (["action": "answer", "text": 42], .answer("42")),
    ]

    @Test("Each action of the tool reads into the one action vocabulary", arguments: valid)
    func reads(arguments: JSONValue, expected: ComputerUseCall) throws {
        #expect(try Self.call(arguments) == expected)
    }

    @Test("All 14 names are read, and only they and the known aliases")
    func allNames() throws {
        #expect(ComputerUseCall.actionNames == ["key", "type", "mouse_move", "left_click", "left_click_drag", "right_click", "middle_click",
                                                "double_click", "triple_click", "scroll", "hscroll", "wait", "terminate", "answer"])
        let minimal: [String: JSONValue] = [
            "key": ["keys": ["a"]], "type": ["text": "a"], "scroll": ["pixels": 1], "hscroll": ["pixels": 1],
            "wait": ["time": 1], "terminate": ["status": "success"], "answer": ["text": "a"],
        ]
        for name in ComputerUseCall.actionNames {
            var object = minimal[name]?.objectValue ?? ["coordinate": [1, 1]]
            object["action"] = .string(name)
            _ = try Self.call(.object(object))
        }
        #expect(Self.error(["action": "launch_rockets"]) == .unknownAction("launch_rockets"))
    }

    /// Names and shapes other families and frameworks write, each with what it means.
    static let aliases: [(JSONValue, ComputerUseCall)] = [
        (["action": "click", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 1))),
        (["action": "left_single", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 1))),
        (["action": "TAP", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 1))),
        (["action": "double", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 2))),
        (["action": "left_double", "coordinate": [512, 337]], .act(.click(point, button: .left, count: 2))),
        (["action": "right_single", "coordinate": [512, 337]], .act(.click(point, button: .right, count: 1))),
        (["action": "press", "keys": ["Return"]], .act(.key(KeyCombo(key: Key(name: "Return")!)))),
        (["action": "key_press", "keys": "ctrl+c"], .act(.key(KeyCombo(modifiers: .control, key: Key(name: "c")!)))),
        (["action": "hotkey", "keys": "ctrl c"], .act(.key(KeyCombo(modifiers: .control, key: Key(name: "c")!)))),
        (["action": "key", "keys": "alt+F4"], .act(.key(KeyCombo(modifiers: .alt, key: Key(name: "F4")!)))),
        (["action": "left_click_drag", "start_coordinate": [10, 20], "end_coordinate": [30, 40]],
         .act(.drag(along: [ModelPoint(x: 10, y: 20), ModelPoint(x: 30, y: 40)], button: .left))),
        (["action": "drag", "start_box": "(10,20,30,40)", "end_box": [100, 100]],
         .act(.drag(along: [ModelPoint(x: 20, y: 30), ModelPoint(x: 100, y: 100)], button: .left))),
        (["action": "left_click", "coordinate": "(512, 337)"], .act(.click(point, button: .left, count: 1))),
        (["action": "left_click", "coordinate": ["x": 512, "y": "337"]], .act(.click(point, button: .left, count: 1))),
        (["action": "left_click", "x": 512, "y": 337], .act(.click(point, button: .left, count: 1))),
        // A slight overshoot of 1000 is kept (and clamped when mapped).
        (["action": "left_click", "coordinate": [1003, 0]], .act(.click(ModelPoint(x: 1003, y: 0), button: .left, count: 1))),
    ]

    @Test("Names and shapes of other families mean the canonical action", arguments: aliases)
    func alias(arguments: JSONValue, expected: ComputerUseCall) throws {
        #expect(try Self.call(arguments) == expected)
    }

    @Test("Sentinels and nonsense are corrections, each saying what to send")
    func sentinels() {
        #expect(Self.error(["action": "left_click", "coordinate": [-1, -1]]) == .negativeCoordinate(action: "left_click", point: ModelPoint(x: -1, y: -1)))
        #expect(Self.error(["action": "left_click", "coordinate": [-1, -1]])?.description.contains("negative") == true)
        #expect(Self.error(["action": "left_click", "coordinate": nil]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: "null"))
        #expect(Self.error(["action": "left_click", "coordinate": ["NaN", 3]]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: #"["NaN", 3]"#))
        #expect(Self.error(["action": "left_click", "coordinate": ["a", 3]]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: #"["a", 3]"#))
        #expect(Self.error(["action": "left_click", "coordinate": [1, 2, 3]]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: "[1, 2, 3]"))
        #expect(Self.error(["action": "left_click", "coordinate": "here"]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: #""here""#))
        #expect(Self.error(["action": "left_click", "coordinate": true]) == .invalidCoordinate(action: "left_click", argument: "coordinate", value: "true"))
        let outside = Self.error(["action": "left_click", "coordinate": [1500, 20]])
        #expect(outside == .coordinateOutOfRange(action: "left_click", point: ModelPoint(x: 1500, y: 20), space: Self.space))
        #expect(outside?.description.contains("x must lie in 0…1000 and y in 0…1000") == true)
        #expect(Self.error(["action": "left_click", "coordinate": [1051, 5]]) != nil)  // past the 5 % overshoot
        #expect(Self.error(["action": "mouse_move"]) == .missingCoordinate(action: "mouse_move"))
        #expect(Self.error(["coordinate": [1, 2]]) == .missingAction)
        #expect(Self.error([1, 2]) == .argumentsNotObject(found: "an array"))
        #expect(Self.error(["action": "type"]) == .missingText(action: "type"))
        #expect(Self.error(["action": "type", "text": ""]) == .missingText(action: "type"))
        #expect(Self.error(["action": "answer", "text": ["a"]]) == .missingText(action: "answer"))
        #expect(Self.error(["action": "key"]) == .missingArgument(action: "key", argument: "keys"))
        #expect(Self.error(["action": "key", "keys": []]) == .invalidArgument(action: "key", argument: "keys", value: "[]", expected: "a non-empty array of key names"))
        #expect(Self.error(["action": "scroll"]) == .missingArgument(action: "scroll", argument: "pixels"))
        #expect(Self.error(["action": "hscroll", "pixels": "left"]) == .invalidArgument(action: "hscroll", argument: "pixels", value: #""left""#, expected: "a number"))
        #expect(Self.error(["action": "terminate", "status": "done"])?.description.contains(#"must be "success" or "failure""#) == true)
    }

    @Test("Key names are read when the reply is: a bad one is a correction with suggestions")
    func keyNames() {
        let error = Self.error(["action": "key", "keys": ["ctrl", "sve"]])
        guard case .invalidKey(let action, let keyError)? = error else {
            Issue.record("expected an invalid key, got \(String(describing: error))")
            return
        }
        #expect(action == "key")
        #expect(keyError == .unknownKey(name: "sve", in: "ctrl+sve", suggestions: Key.closestNames(to: "sve")))
        #expect(error?.description.contains("Unknown key 'sve'") == true)
        #expect(Self.error(["action": "key", "keys": .array(Array(repeating: "a", count: 7))])?.description.contains("more than 6") == true)
    }

    @Test("Every amount has a bound: scroll notches, wait seconds, text length")
    func bounds() {
        #expect(Self.error(["action": "scroll", "pixels": 1e12]) == .overLimit(action: "scroll", .scrollTooFar(notches: -2_147_483_647, limit: 50)))
        #expect(Self.error(["action": "scroll", "pixels": 1e12])?.description.contains("at most 50") == true)
        #expect(Self.error(["action": "hscroll", "pixels": -6000]) == .overLimit(action: "hscroll", .scrollTooFar(notches: -60, limit: 50)))
        #expect(Self.error(["action": "scroll", "pixels": 50]) == nil)
        #expect(Self.error(["action": "wait", "time": 61]) == .overLimit(action: "wait", .waitOutOfRange(seconds: 61, limit: 60)))
        #expect(Self.error(["action": "wait", "time": -1]) == .overLimit(action: "wait", .waitOutOfRange(seconds: -1, limit: 60)))
        let huge = String(repeating: "a", count: 5001)
        #expect(Self.error(["action": "type", "text": .string(huge)]) == .overLimit(action: "type", .textTooLong(length: 5001, limit: 5000)))
        #expect(Self.error(["action": "type", "text": "abcdef"], limits: ActionLimits(maxTextLength: 5)) == .overLimit(action: "type", .textTooLong(length: 6, limit: 5)))
        #expect(Self.error(["action": "answer", "text": .string(huge)]) == .overLimit(action: "answer", .textTooLong(length: 5001, limit: 5000)))
    }
}

@Suite("A model's scroll amounts as wheel notches")
struct ScrollNotchTests {
    @Test("small values are notches, large ones pixels", arguments: [
        (3.0, 3), (-2.0, -2), (0.0, 0), (0.3, 1), (50.0, 50), (120.0, 1), (-500.0, -5),
    ])
    func notches(amount: Double, expected: Int) {
        #expect(ComputerUseCall.notches(amount) == expected)
    }
}
