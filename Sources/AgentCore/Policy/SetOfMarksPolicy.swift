import DesktopKit
import Foundation
public import Imaging

public import VisionModel

/// Set-of-marks, for vision models that see but cannot point (GPT-4 Vision Preview, and any model without
/// grounding): the elements on the screen (OCR lines today) are drawn on the screenshot as numbered boxes
/// and listed as text with the same numbers; the model answers with JSON naming an action and a mark, and
/// the action happens at the centre of that mark's box.
///
/// The request is what GPT-4 Vision Preview takes: no `tools`, no `response_format`, no message `name`,
/// `max_tokens` always set (its default is 16 tokens), images as `image_url` data URLs with `detail`. Its
/// images cost what OpenAI's tile rule says (``OpenAIImageTiles``).
public struct SetOfMarksPolicy: Policy {
    /// Where answers come from.
    public let model: any ChatModel
    /// Reads the screen into elements.
    public let reader: ScreenReader
    /// How the marked screenshot is sized and what it costs.
    public let image: OpenAIImageTiles
    /// Streaming, reply length, prices.
    public let options: ModelCallOptions
    /// The most tokens the element list may take.
    public let listingBudget: Int

    /// A policy asking `model`, reading screens with `reader`, sending images at `detail`.
    public init(model: any ChatModel, reader: ScreenReader, detail: String = "high", options: ModelCallOptions = ModelCallOptions(),
                listingBudget: Int = 6000) {
        self.model = model
        self.reader = reader
        image = OpenAIImageTiles(detail: detail)
        self.options = options
        self.listingBudget = listingBudget
    }

    /// `openai-som via MODEL at URL`.
    public var description: String { "openai-som via \(model)" }

    /// The screen read into elements, marked, and encoded at the chosen detail.
    public func observe(_ screen: Image) async throws -> Observation {
        let text = try await reader.read(screen)
        let marked = screen.marked(text.elements.map { ($0.id, $0.frame) })
        return Observation(screen: screen, screenshot: try image.encode(marked), text: text)
    }

    /// A tool's image, sized as screenshots are.
    public func encode(toolImage image: Image) throws -> EncodedImage? {
        try self.image.encode(image)
    }

    /// One request: the task, the previous actions, the element list and the marked screenshot.
    public func decide(_ observation: Observation, context: PolicyContext) async throws -> PolicyStep {
        let text = observation.text ?? ScreenText(elements: [])
        let screenshot = try observation.screenshot ?? image.encode(observation.screen.marked(text.elements.map { ($0.id, $0.frame) }))
        let previous = context.history.enumerated().map { "Step \($0.offset + 1): \($0.element.summary)" }.joined(separator: "\n")
        let prompt = "Task: \(context.task)\n\nPrevious actions:\n\(previous.isEmpty ? "None" : previous)\n\n" + text.listing(budget: listingBudget)
            + "\n\nThe screenshot shows the same elements in numbered boxes. What is the next action?"
        var messages: [ChatMessage] = [.system(Self.instructions + Self.toolNote(context.tools)), .user([.text(prompt), .image(screenshot)])]
        messages += context.feedback.flatMap(Self.messages)
        let request = ChatRequest(model: model.modelName, messages: messages, maxTokens: options.maxReplyTokens, stream: options.stream)
        let exchange = try await model.send(request)
        let record = ModelCallRecord(role: "model", request: request, exchange: exchange, encoding: image, pricing: options.pricing)
        let (answerText, reasoning) = PolicyStep.recorded(exchange.message)
        let verbatim = answerText
        func unusable(_ message: String) -> PolicyStep {
            PolicyStep(outcome: .unusable(correction: message + " " + Self.reminder), reply: verbatim, reasoning: reasoning,
                       answer: .assistant(answerText), requests: [record])
        }
        let call: ParsedToolCall
        do {
            let parsed = try ToolCallParser(bareActionTool: "mark").parse(content: answerText)
            call = parsed.calls[parsed.calls.count - 1]
        } catch {
            return unusable("Your reply has no JSON object with an \"action\".")
        }
        let decision: Decision
        do {
            decision = try MarkAnswer.decision(call.name == "mark" ? call.arguments : Self.flatten(call), text: text, tools: context.tools)
        } catch {
            return unusable(error.description)
        }
        let summary = call.arguments.description
        return PolicyStep(outcome: .decided(decision), reply: verbatim, reasoning: reasoning, summary: summary, call: call,
                          answer: .assistant(answerText), turn: HistoryTurn(screenshot: nil, reply: answerText, summary: summary), requests: [record])
    }

    /// A call written as `{"name": TOOL, "arguments": {…}}`: its arguments, the tool named as the action when
    /// it is a custom tool.
    private static func flatten(_ call: ParsedToolCall) -> JSONValue {
        guard case .object(var object) = call.arguments else { return call.arguments }
        if object["action"] == nil { object["action"] = .string(call.name) }
        return .object(object)
    }

    private static func messages(_ feedback: Feedback) -> [ChatMessage] {
        switch feedback {
        case .correction(let answer, let message): [.assistant(answer.content.text), .user(message)]
        case .toolResult(let name, let text, let image):
            [.user([.text("Result of \(name): \(text ?? "(an image)")")] + (image.map { [.image($0)] } ?? []))]
        case .note(let text): [.user(text)]
        }
    }

    static let reminder = #"Answer with one JSON object such as {"action": "click", "mark": 3}."#

    static let instructions = """
        You operate a Linux desktop for the user. Each turn you are shown a screenshot on which the text on the \
        screen is marked with numbered boxes, and the same elements listed with their numbers. Decide the next \
        action and answer with one JSON object (you may think first; the last JSON object in your reply counts):
        {"action": ACTION, "mark": NUMBER, "text": TEXT, "keys": KEYS, "direction": "up" or "down", "amount": NOTCHES, "seconds": SECONDS, "status": "success" or "failure"}
        Actions:
        - "click", "double_click", "right_click", "move": on the element numbered "mark"
        - "type": type "text" into the focused field (click the field first)
        - "key": press "keys", such as "ctrl+s", "Tab" or "Return"
        - "scroll": turn the wheel "amount" notches "up" or "down", over "mark" when given
        - "wait": wait "seconds" for the screen to change
        - "done": the task is finished ("status": "success") or cannot be done ("status": "failure")
        - "answer": give the answer the user asked for in "text"
        """

    /// The custom tools, if any: called with `{"action": "TOOL", …arguments}`.
    static func toolNote(_ tools: ToolRegistry) -> String {
        let custom = tools.names.dropFirst()
        guard !custom.isEmpty else { return "" }
        return "\nTools you may also call, with {\"action\": \"TOOL\", …its arguments}: " + custom.joined(separator: ", ")
    }
}

/// Reads a set-of-marks answer into a decision: the action, and the centre of the mark it names.
enum MarkAnswer {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func decision(_ arguments: JSONValue, text: ScreenText, tools: ToolRegistry) throws(Problem) -> Decision {
        guard case .object(let object) = arguments, let written = object["action"]?.stringValue else {
            throw Problem(description: #"The JSON has no "action" string."#)
        }
        let action = written.trimmingCharacters(in: .whitespaces).lowercased()
        func point() throws(Problem) -> Point {
            guard let value = object["mark"] ?? object["element"] ?? object["id"] else {
                throw Problem(description: "Action \(action) needs \"mark\": the number of the element to act on.")
            }
            let digits = (value.stringValue ?? value.description).filter(\.isNumber)
            guard let id = Int(digits.prefix(9)), let element = text.element(id) else {
                let range = text.elements.isEmpty ? "there are no marks on this screen" : "the marks go from 1 to \(text.elements.count)"
                throw Problem(description: "There is no mark \(value) on the screen: \(range).")
            }
            return element.frame.center
        }
        func string(_ key: String) -> String? {
            switch object[key] {
            case .string(let text)?: text
            case .number(let number)?: JSONValue.number(number).description
            default: nil
            }
        }
        let limits = ActionLimits()
        var desktop: DesktopAction<Point>
        switch action {
        case "click", "left_click", "tap": desktop = .click(try point(), button: .left, count: 1)
        case "double_click", "double": desktop = .click(try point(), button: .left, count: 2)
        case "right_click": desktop = .click(try point(), button: .right, count: 1)
        case "move", "hover", "mouse_move": desktop = .move(to: try point())
        case "type":
            guard let typed = string("text"), !typed.isEmpty else { throw Problem(description: #"Action type needs a non-empty "text"."#) }
            desktop = .type(typed)
        case "key", "press", "hotkey":
            let names = object["keys"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "+") ?? string("keys") ?? string("key") ?? ""
            do {
                desktop = .key(try KeyCombo(parsing: names))
            } catch {
                throw Problem(description: "The keys of the action are not usable: \(error)")
            }
        case "scroll":
            let amount = object["amount"].flatMap { $0.doubleValue ?? $0.stringValue.flatMap(Double.init) } ?? 3
            guard amount.isFinite, abs(amount) < 1e6 else { throw Problem(description: "The scroll \"amount\" must be a number of notches.") }
            let notches = Int(amount.rounded())
            let down = (string("direction") ?? "down").lowercased() != "up"
            desktop = .scroll(dx: 0, dy: down ? notches : -notches, at: object["mark"] == nil ? nil : try point())
        case "wait":
            desktop = .wait(seconds: object["seconds"].flatMap { $0.doubleValue ?? $0.stringValue.flatMap(Double.init) } ?? 1)
        case "done", "terminate", "finish":
            let status = (string("status") ?? "success").lowercased()
            return .finish(status == "failure" ? .failure(reason: string("text") ?? "(no reason given)") : .success)
        case "answer":
            guard let answer = string("text") ?? string("answer") else { throw Problem(description: #"Action answer needs "text"."#) }
            return .finish(.answer(answer))
        default:
            if case .custom(let name)? = tools.resolve(written) {
                var arguments = object
                arguments["action"] = nil
                return .callTool(name: name, arguments: .object(arguments))
            }
            throw Problem(description: "Unknown action \(written.debugDescription): use click, double_click, right_click, move, type, key, scroll, wait, done or answer.")
        }
        do {
            return .act(try desktop.checked(against: limits))
        } catch {
            throw Problem(description: error.description)
        }
    }
}
