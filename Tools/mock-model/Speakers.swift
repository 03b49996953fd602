import Foundation
import Imaging
import TextRecognition

/// Finds a plan's target in a screenshot by OCR.
struct Locator {
    let recognizer: TextRecognizer

    /// The target's centre in pixels of `image`. A target `\0X,Y` is a point given in 0–1000.
    func pixels(_ target: String, in image: Image?) -> (x: Int, y: Int)? {
        if let point = Self.given(target) {
            guard let image else { return point }
            return (point.x * image.width / 1000, point.y * image.height / 1000)
        }
        guard let image, let match = (try? recognizer.locate(target, in: image))?.first else { return nil }
        return (match.box.center.x, match.box.center.y)
    }

    /// The target's centre in Qwen's 0–1000 coordinates.
    func normalized(_ target: String, in image: Image?) -> (x: Int, y: Int)? {
        if let point = Self.given(target) { return point }
        guard let image, let point = pixels(target, in: image) else { return nil }
        return (Int((Double(point.x) * 1000 / Double(image.width)).rounded()), Int((Double(point.y) * 1000 / Double(image.height)).rounded()))
    }
}

extension Locator {
    /// A point written as `\0X,Y` (0–1000), for steps that say where rather than what.
    static func given(_ target: String) -> (x: Int, y: Int)? {
        guard target.hasPrefix("\u{0}") else { return nil }
        let numbers = target.dropFirst().split(separator: ",").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }
}

/// The arguments of the `computer_use` action a plan step asks for, its point given by `point`.
func computerUseArguments(_ step: Plan.Step, point: (String) -> (x: Int, y: Int)?) -> (arguments: String, thought: String) {
    switch step {
    case .pointer(let action, let target, _):
        guard let found = point(target) else { return (#"{"action": "terminate", "status": "failure"}"#, "I cannot find \"\(target)\" on the screen.") }
        let what = Locator.given(target) == nil ? "\"\(target)\"" : "there"
        return (#"{"action": "\#(action)", "coordinate": [\#(found.x), \#(found.y)]}"#, "I will \(action.replacingOccurrences(of: "_", with: " ")) \(what).")
    case .type(let text): return (#"{"action": "type", "text": \#(MockModel.json(text))}"#, "I will type the text.")
    case .key(let keys): return (#"{"action": "key", "keys": [\#(keys.map(MockModel.json).joined(separator: ", "))]}"#, "I will press \(keys.joined(separator: "+")).")
    case .scroll(let notches, let target):
        var arguments = #"{"action": "scroll", "pixels": \#(notches)"#
        if let target, let found = point(target) { arguments += #", "coordinate": [\#(found.x), \#(found.y)]"# }
        return (arguments + "}", "I will scroll.")
    case .wait(let seconds): return (#"{"action": "wait", "time": \#(seconds)}"#, "I will wait.")
    case .answer(let text): return (#"{"action": "answer", "text": \#(MockModel.json(text))}"#, "I have the answer.")
    case .terminate(let status): return (#"{"action": "terminate", "status": "\#(status)"}"#, "The task is \(status == "success" ? "done" : "not possible").")
    case .clickAt(let x, let y):
        let found = point("\u{0}\(x),\(y)") ?? (x, y)
        return (#"{"action": "left_click", "coordinate": [\#(found.x), \#(found.y)]}"#, "I will click there.")
    case .tool, .say: return ("{}", "")
    }
}

/// Qwen3-VL (Hermes JSON) and Qwen3.5 (XML, with a `reasoning` field).
struct QwenSpeaker {
    let locator: Locator
    let xml: Bool

    func say(_ step: Plan.Step, image: Image?) -> Utterance {
        switch step {
        case .say(let text): return Utterance(content: text)
        case .tool(let name, let arguments):
            return xml ? Self.xmlCall(name, arguments: arguments, thought: "I will call \(name).")
                : Utterance(content: "I will call \(name).\n<tool_call>\n{\"name\": \"\(name)\", \"arguments\": \(arguments)}\n</tool_call>", call: (name, arguments))
        default:
            let (arguments, thought) = computerUseArguments(step) { locator.normalized($0, in: image) }
            return xml ? Self.xmlCall("computer_use", arguments: arguments, thought: thought) : Self.computerUse(arguments, thought: thought)
        }
    }

    static func computerUse(_ arguments: String, thought: String) -> Utterance {
        Utterance(content: "\(thought)\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": \(arguments)}\n</tool_call>", call: ("computer_use", arguments))
    }

    /// The call in Qwen3.5's XML: one parameter a block, arrays and numbers as JSON text, strings raw; the
    /// thought goes to the `reasoning` field, as vLLM's reasoning parser returns it.
    static func xmlCall(_ name: String, arguments: String, thought: String) -> Utterance {
        let object = (try? JSONSerialization.jsonObject(with: Data(arguments.utf8))) as? [String: Any] ?? [:]
        let order = ["action", "coordinate", "keys", "text", "pixels", "time", "status"]
        let keys = object.keys.sorted { (order.firstIndex(of: $0) ?? 99, $0) < (order.firstIndex(of: $1) ?? 99, $1) }
        var text = "Action: \(thought)\n<tool_call>\n<function=\(name)>\n"
        for key in keys {
            let value = object[key]!
            let rendered = (value as? String)
                ?? String(decoding: (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])) ?? Data(), as: UTF8.self)
            text += "<parameter=\(key)>\n\(rendered)\n</parameter>\n"
        }
        return Utterance(content: text + "</function>\n</tool_call>", call: (name, arguments), reasoning: "The user wants this done. \(thought)")
    }
}

/// The arguments of a plan step for the families that name elements by number from the list in the prompt
/// (the planner's `desktop` tool, set-of-marks JSON): the number under `idKey`, the end as `end`. Nil for
/// steps that are not actions.
func elementArguments(_ step: Plan.Step, listing: String, idKey: String, end: String) -> String? {
    let failure = #"{"action": "\#(end)", "status": "failure"}"#
    switch step {
    case .pointer(let action, let target, let described):
        let verb = ["left_click": "click", "mouse_move": "move"][action] ?? action
        if described && idKey == "element" { return #"{"action": "\#(verb)", "target": \#(MockModel.json(target))}"# }
        guard let id = PlannerSpeaker.element(target, in: listing) else { return failure }
        return #"{"action": "\#(verb)", "\#(idKey)": \#(id)}"#
    case .type(let text): return #"{"action": "type", "text": \#(MockModel.json(text))}"#
    case .key(let keys): return #"{"action": "key", "keys": \#(MockModel.json(keys.joined(separator: "+")))}"#
    case .scroll(let notches, _): return #"{"action": "scroll", "direction": "\#(notches > 0 ? "up" : "down")", "amount": \#(abs(notches))}"#
    case .wait(let seconds): return #"{"action": "wait", "seconds": \#(seconds)}"#
    case .answer(let text): return #"{"action": "answer", "text": \#(MockModel.json(text))}"#
    case .terminate(let status): return #"{"action": "\#(end)", "status": "\#(status)"}"#
    case .clickAt: return failure  // numbers, not points
    case .say, .tool: return nil
    }
}

/// Qwen3 thinking as a planner: reads the element list, names targets by number (or by description when the
/// plan says so), thinks first and writes only the closing `</think>`.
struct PlannerSpeaker {
    func say(_ step: Plan.Step, listing: String) -> Utterance {
        switch step {
        case .say(let text): return Utterance(content: text)
        case .tool(let name, let toolArguments):
            return Utterance(content: "I need \(name) first.\n</think>\n\n<tool_call>\n{\"name\": \"\(name)\", \"arguments\": \(toolArguments)}\n</tool_call>")
        default:
            let arguments = elementArguments(step, listing: listing, idKey: "element", end: "terminate") ?? "{}"
            return Utterance(content: "Let me look at the elements. The next step follows from the task.\n</think>\n\n<tool_call>\n{\"name\": \"desktop\", \"arguments\": \(arguments)}\n</tool_call>")
        }
    }

    /// The number of the first listed element whose text contains `target`.
    static func element(_ target: String, in listing: String) -> Int? {
        for line in listing.split(separator: "\n") where line.hasPrefix("[") && line.localizedCaseInsensitiveContains("\"\(target)") {
            if let close = line.firstIndex(of: "]"), let id = Int(line[line.index(after: line.startIndex)..<close]) { return id }
        }
        return nil
    }
}

/// GPT-4 Vision with set-of-marks: JSON naming a mark from the element list in the prompt (never the screen).
struct MarkSpeaker {
    func say(_ step: Plan.Step, listing: String) -> Utterance {
        switch step {
        case .say(let text): return Utterance(content: text)
        case .tool(let name, let arguments):
            return Utterance(content: "The next action:\n```json\n{\"action\": \"\(name)\"," + arguments.dropFirst() + "\n```")
        default:
            let json = elementArguments(step, listing: listing, idKey: "mark", end: "done") ?? "{}"
            return Utterance(content: "The next action:\n```json\n\(json)\n```")
        }
    }
}

/// OpenAI function calling: `tool_calls` with pixel coordinates of the image it was sent.
struct ToolSpeaker {
    let locator: Locator

    func say(_ step: Plan.Step, image: Image?) -> Utterance {
        switch step {
        case .say(let text): return Utterance(content: text)
        case .tool(let name, let arguments): return Utterance(content: "", call: (name, arguments))
        default:
            let (arguments, thought) = computerUseArguments(step) { locator.pixels($0, in: image) }
            return Utterance(content: thought, call: ("computer_use", arguments))
        }
    }
}
