import Testing
import VisionModel

@Suite("computer_use arguments → ComputerAction")
struct ComputerActionTests {
    static let point = ModelPoint(x: 512, y: 337)

    /// Every action of the spec's list with its arguments (spec §3, §3.2).
    static let valid: [(JSONValue, ComputerAction)] = [
        (["action": "key", "keys": ["ctrl", "shift", "t"]], .key(keys: ["ctrl", "shift", "t"])),
        (["action": "key", "keys": "ctrl+s"], .key(keys: ["ctrl+s"])),
        (["action": "type", "text": "Ada Lovelace\n"], .type(text: "Ada Lovelace\n")),
        (["action": "mouse_move", "coordinate": [512, 337]], .mouseMove(coordinate: point)),
        (["action": "left_click", "coordinate": [512, 337]], .leftClick(coordinate: point)),
        (["action": "left_click"], .leftClick(coordinate: nil)),
        (["action": "left_click_drag", "coordinate": [512, 337]], .leftClickDrag(coordinate: point)),
        (["action": "right_click", "coordinate": [512, 337]], .rightClick(coordinate: point)),
        (["action": "middle_click", "coordinate": [512, 337]], .middleClick(coordinate: point)),
        (["action": "double_click", "coordinate": [512, 337]], .doubleClick(coordinate: point)),
        (["action": "triple_click", "coordinate": [512, 337]], .tripleClick(coordinate: point)),
        (["action": "scroll", "pixels": -5], .scroll(pixels: -5, coordinate: nil)),
        (["action": "scroll", "pixels": "3", "coordinate": [512, 337]], .scroll(pixels: 3, coordinate: point)),
        (["action": "hscroll", "pixels": 2.5], .hscroll(pixels: 2.5, coordinate: nil)),
        (["action": "wait", "time": 2], .wait(time: 2)),
        (["action": "terminate", "status": "success"], .terminate(status: .success)),
        (["action": "terminate", "status": "Failure"], .terminate(status: .failure)),
        (["action": "answer", "text": "42"], .answer(text: "42")),
        (["action": "answer", "text": 42], .answer(text: "42")),
    ]

    @Test("Each action of the spec decodes", arguments: valid)
    func decodes(arguments: JSONValue, expected: ComputerAction) throws {
        let action = try ComputerAction(arguments: arguments)
        #expect(action == expected)
        #expect(action.name == arguments["action"]?.stringValue?.lowercased())
        // The action writes back arguments that decode to itself.
        #expect(try ComputerAction(arguments: action.arguments) == action)
    }

    @Test("All 14 names decode, each to the case of that name")
    func allNames() throws {
        let minimal: [String: JSONValue] = [
            "key": ["keys": ["a"]], "type": ["text": "a"], "scroll": ["pixels": 1], "hscroll": ["pixels": 1],
            "wait": ["time": 1], "terminate": ["status": "success"], "answer": ["text": "a"],
        ]
        for name in ComputerAction.actionNames {
            var object = minimal[name]?.objectValue ?? ["coordinate": [1, 1]]
            object["action"] = .string(name)
            #expect(try ComputerAction(arguments: .object(object)).name == name)
        }
    }

    @Test("Each validation failure is its own error, with a message that tells the model what to send")
    func validation() {
        func error(_ arguments: JSONValue, limits: ComputerActionLimits = ComputerActionLimits()) -> ComputerActionError? {
            #expect(throws: ComputerActionError.self) { try ComputerAction(arguments: arguments, limits: limits) }
        }
        let unknown = error(["action": "click", "coordinate": [1, 2]])
        #expect(unknown == .unknownAction("click"))
        #expect(unknown?.description.contains("Use one of: key, type, mouse_move, left_click,") == true)
        #expect(error(["coordinate": [1, 2]]) == .missingAction)
        #expect(error([1, 2]) == .argumentsNotObject(found: "an array"))
        #expect(error(["action": "mouse_move"]) == .missingCoordinate(action: "mouse_move"))
        #expect(error(["action": "left_click_drag"])?.description.contains("needs \"coordinate\": [x, y]") == true)
        #expect(error(["action": "left_click", "coordinate": ["a", 3]]) == .invalidCoordinate(action: "left_click", value: #"["a", 3]"#))
        #expect(error(["action": "left_click", "coordinate": [1, 2, 3]]) == .invalidCoordinate(action: "left_click", value: "[1, 2, 3]"))
        #expect(error(["action": "left_click", "coordinate": "here"]) == .invalidCoordinate(action: "left_click", value: #""here""#))
        #expect(error(["action": "left_click", "coordinate": true]) == .invalidCoordinate(action: "left_click", value: "true"))
        let space = PixelSize(width: 1000, height: 1000)
        let outside = error(["action": "left_click", "coordinate": [1500, 20]])
        #expect(outside == .coordinateOutOfRange(action: "left_click", x: 1500, y: 20, space: space))
        #expect(outside?.description.contains("x must lie in 0…1000 and y in 0…1000") == true)
        #expect(error(["action": "double_click", "coordinate": [10, -80]]) == .coordinateOutOfRange(action: "double_click", x: 10, y: -80, space: space))
        #expect(error(["action": "type"]) == .missingText(action: "type"))
        #expect(error(["action": "type", "text": ""]) == .missingText(action: "type"))
        #expect(error(["action": "answer", "text": ["a"]]) == .missingText(action: "answer"))
        let huge = String(repeating: "a", count: 5001)
        let tooLong = error(["action": "type", "text": .string(huge)])
        #expect(tooLong == .textTooLong(action: "type", length: 5001, limit: 5000))
        #expect(tooLong?.description.contains("at most 5000") == true)
        #expect(error(["action": "type", "text": "abcdef"], limits: ComputerActionLimits(maxTextLength: 5)) == .textTooLong(action: "type", length: 6, limit: 5))
        #expect(error(["action": "key"]) == .missingArgument(action: "key", argument: "keys"))
        #expect(error(["action": "key", "keys": []]) == .invalidArgument(action: "key", argument: "keys", value: "[]", expected: "a non-empty array of key names"))
        #expect(error(["action": "scroll"]) == .missingArgument(action: "scroll", argument: "pixels"))
        #expect(error(["action": "hscroll", "pixels": "left"]) == .invalidArgument(action: "hscroll", argument: "pixels", value: #""left""#, expected: "a number"))
        #expect(error(["action": "wait"]) == .missingArgument(action: "wait", argument: "time"))
        #expect(error(["action": "wait", "time": -1]) == .invalidArgument(action: "wait", argument: "time", value: "-1", expected: "a number ≥ 0"))
        #expect(error(["action": "terminate"]) == .missingArgument(action: "terminate", argument: "status"))
        #expect(error(["action": "terminate", "status": "done"])?.description.contains(#"must be "success" or "failure""#) == true)
    }

    @Test("A slight overshoot is accepted and clamped; beyond the tolerance it is rejected")
    func tolerance() throws {
        let profile = Qwen3VLProfile()
        let screen = PixelSize(width: 1920, height: 1080)
        let sent = try profile.imageSize(forScreen: screen)
        let overshoot = try profile.action(from: ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [1003, -2]]), imageSize: sent)
        #expect(profile.screenAction(for: overshoot, screen: screen, imageSize: sent) == .leftClick(coordinate: ScreenPoint(x: 1919, y: 0)))
        #expect(throws: ComputerActionError.self) {
            try profile.action(from: ParsedToolCall(name: "computer_use", arguments: ["action": "left_click", "coordinate": [1051, 5]]), imageSize: sent)
        }
    }

    @Test("The profile checks the tool's name and applies its own text limit")
    func profileChecks() {
        let profile = Qwen3VLProfile(maxTextLength: 10)
        let size = PixelSize(width: 1504, height: 832)
        #expect(throws: ComputerActionError.notComputerUse(tool: "mouse")) {
            try profile.action(from: ParsedToolCall(name: "mouse", arguments: ["action": "left_click"]), imageSize: size)
        }
        #expect(throws: ComputerActionError.textTooLong(action: "type", length: 11, limit: 10)) {
            try profile.action(from: ParsedToolCall(name: "computer_use", arguments: ["action": "type", "text": "hello world"]), imageSize: size)
        }
    }
}
