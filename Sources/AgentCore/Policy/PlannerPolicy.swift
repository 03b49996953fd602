import DesktopKit
import Foundation
public import Imaging
public import VisionModel

/// A reasoning model that cannot see (Qwen3-4B thinking) paired with a vision model that can point: the
/// planner reads the screen as text — the elements on it, one a line `[ID] KIND "TEXT" at (X, Y, W, H)`, the
/// windows and the focus — and answers with calls of its `desktop` tool (Hermes `<tool_call>`), naming a
/// target either by element number (its centre is clicked) or by a description, which the grounder finds on
/// the screenshot in one request. Where the grounder placed it comes back to the planner, with what was done,
/// at its next step.
///
/// Thinking: `enable_thinking` is sent with every planner request; the reasoning is read from the server's
/// `reasoning`/`reasoning_content` or from the text before `</think>`, kept in the record and never sent
/// back. Both models' requests are recorded, each with its role (`planner`, `grounder`).
public struct PlannerPolicy: Policy {
    /// The planner.
    public let planner: any ChatModel
    /// The planner's streaming, reply length (room to think) and prices.
    public let plannerOptions: ModelCallOptions
    /// `enable_thinking` for the planner's template; nil sends nothing.
    public let thinking: Bool?
    /// Finds described targets.
    public let grounder: Grounder
    /// The grounder's prices.
    public let grounderPricing: TokenPricing?
    /// Reads the screen into elements.
    public let reader: ScreenReader
    /// The most tokens the element list may take (a 32k context keeps room to think).
    public let listingBudget: Int

    /// A planner asking `planner`, grounding descriptions with `grounder`.
    public init(planner: any ChatModel, plannerOptions: ModelCallOptions = ModelCallOptions(maxReplyTokens: 4096), thinking: Bool? = true,
                grounder: Grounder, grounderPricing: TokenPricing? = nil, reader: ScreenReader, listingBudget: Int = 8000) {
        self.planner = planner
        self.plannerOptions = plannerOptions
        self.thinking = thinking
        self.grounder = grounder
        self.grounderPricing = grounderPricing
        self.reader = reader
        self.listingBudget = listingBudget
    }

    /// `planner MODEL with grounder PROFILE via MODEL`.
    public var description: String { "planner \(planner) with grounder \(grounder.profile.name) via \(grounder.model)" }

    /// The screen read as text (the grounder's screenshot is made only when a description needs it).
    public func observe(_ screen: Image) async throws -> Observation {
        Observation(screen: screen, screenshot: nil, text: try await reader.read(screen))
    }

    /// None: the planner cannot see.
    public func encode(toolImage image: Image) throws -> EncodedImage? { nil }

    public func decide(_ observation: Observation, context: PolicyContext) async throws -> PolicyStep {
        let text = observation.text ?? ScreenText(elements: [])
        let tools = [Self.desktopTool] + Array(context.tools.definitions(computerUse: Self.desktopTool).dropFirst())
        var messages: [ChatMessage] = [.system(HermesToolCalls().systemPrompt(preamble: Self.instructions, tools: tools)), .user("Task: \(context.task)")]
        for turn in context.history {
            messages.append(.assistant(turn.reply))
            messages.append(.user("Done: \(turn.summary)"))
        }
        messages.append(.user(text.listing(budget: listingBudget) + "\n\nWhat is the next step?"))
        for feedback in context.feedback {
            switch feedback {
            case .correction(let answer, let message): messages += [.assistant(answer.content.text), .user(message)]
            case .toolResult(let name, let result, _): messages.append(.user("Result of \(name): \(result ?? "(an image, which you cannot see)")"))
            case .note(let note): messages.append(.user(note))
            }
        }
        var request = ChatRequest(model: planner.modelName, messages: messages, maxTokens: plannerOptions.maxReplyTokens, stream: plannerOptions.stream)
        if let thinking { request.chatTemplateArguments = ["enable_thinking": .bool(thinking)] }
        let exchange = try await planner.send(request)
        var records = [ModelCallRecord(role: "planner", request: request, exchange: exchange, encoding: nil, pricing: plannerOptions.pricing)]
        let (verbatim, thoughts) = PolicyStep.recorded(exchange.message)
        let reply: ParsedReply
        do {
            reply = try HermesToolCalls().read(exchange.message, tools: tools)
        } catch {
            return PolicyStep(outcome: .unusable(correction: "\(error)"), reply: verbatim, reasoning: thoughts, answer: .assistant(verbatim),
                              requests: records)
        }
        let call = reply.calls[0]
        func step(_ outcome: PolicyStep.Outcome, summary: String) -> PolicyStep {
            PolicyStep(outcome: outcome, reply: verbatim, reasoning: reply.reasoning, summary: summary, call: call, answer: .assistant(reply.answer),
                       turn: HistoryTurn(screenshot: nil, reply: reply.answer, summary: summary), requests: records)
        }
        if call.name != Self.desktopTool.name, context.tools.resolve(call.name) != .computerUse {
            guard case .custom(let name)? = context.tools.resolve(call.name) else {
                return step(.unusable(correction: "There is no tool named \(call.name.debugDescription): use \(tools.map(\.name).joined(separator: ", ")). \(Self.reminder)"),
                            summary: "")
            }
            return step(.decided(.callTool(name: name, arguments: call.arguments)), summary: "called \(name)")
        }
        do {
            let (decision, summary) = try await PlannerAnswer(arguments: call.arguments, text: text) { description in
                let location = try await grounder.locate(description, on: observation.screen, pricing: grounderPricing)
                records.append(location.record)
                return location.point
            }.decision()
            return step(.decided(decision), summary: summary)
        } catch let problem as PlannerAnswer.Problem {
            return step(.unusable(correction: problem.description + " " + Self.reminder), summary: "")
        }
    }

    static let reminder = "Respond with one corrected <tool_call> block calling desktop."

    static let instructions = """
        You operate a Linux desktop for the user, one action at a time. You cannot see the screen: each turn you \
        are given the elements on it as text, one a line: [ID] KIND "TEXT" at (X, Y, WIDTH, HEIGHT), in screen \
        pixels, and the windows. Act with the desktop tool. For a click, name the target by its element number \
        ("element": 12); when what you need is not in the list (an icon, an empty field), describe it for a vision \
        model that will find it ("target": "the empty field right of the Name label"). After a click you are told \
        where it went. Type into a field after clicking it. When the task is done, call desktop with action \
        "terminate" and status "success"; if it cannot be done, status "failure".
        """

    /// The planner's tool.
    static let desktopTool = ToolDefinition(
        name: "desktop", description: "Act on the desktop: click, move, drag, scroll, type, press keys, wait, or end the task.",
        parameters: [
            "type": "object",
            "properties": [
                "action": [
                    "type": "string",
                    "enum": ["click", "double_click", "right_click", "move", "drag", "scroll", "type", "key", "wait", "terminate", "answer"],
                    "description": "What to do.",
                ],
                "element": ["type": "integer", "description": "The number of the element to act on, from the list."],
                "target": ["type": "string", "description": "Instead of element: a description of what to act on, for a vision model to find."],
                "to_element": ["type": "integer", "description": "drag: the element to drop on."],
                "to_target": ["type": "string", "description": "drag: a description of where to drop."],
                "text": ["type": "string", "description": "type: the text; answer: the answer."],
                "keys": ["type": "string", "description": "key: a combo such as ctrl+s, Tab or Return."],
                "direction": ["type": "string", "enum": ["up", "down"], "description": "scroll: which way."],
                "amount": ["type": "integer", "description": "scroll: how many wheel notches (default 3)."],
                "seconds": ["type": "number", "description": "wait: how long."],
                "status": ["type": "string", "enum": ["success", "failure"], "description": "terminate: how the task ended."],
            ],
            "required": ["action"],
        ])
}

/// A planner's `desktop` call read into a decision; targets named by description are found by `ground`.
struct PlannerAnswer {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    let arguments: JSONValue
    let text: ScreenText
    let ground: (String) async throws -> Point

    func decision() async throws -> (Decision, String) {
        guard case .object(let object) = arguments, let written = object["action"]?.stringValue else {
            throw Problem(description: #"The desktop call has no "action"."#)
        }
        let action = written.trimmingCharacters(in: .whitespaces).lowercased()
        func string(_ key: String) -> String? {
            switch object[key] {
            case .string(let value)?: value
            case .number(let number)?: JSONValue.number(number).description
            default: nil
            }
        }
        /// The point an element number or a description names, and how to say where it went.
        func place(element elementKey: String, target targetKey: String) async throws -> (Point, String) {
            if let value = object[elementKey], value != .null {
                guard let id = value.doubleValue.map(Int.init) ?? value.stringValue.flatMap({ Int($0.filter(\.isNumber).prefix(9)) }),
                      let element = text.element(id)
                else {
                    let range = text.elements.isEmpty ? "no elements are listed" : "the list goes from 1 to \(text.elements.count)"
                    throw Problem(description: "There is no element \(value) on the screen: \(range).")
                }
                return (element.frame.center, "element \(id) \(SafeText.jsonString(element.text)) at \(element.frame.center)")
            }
            if let description = string(targetKey), !description.isEmpty {
                let point: Point
                do {
                    point = try await ground(description)
                } catch let error where error is GroundingError || error is ComputerUseError || error is ToolCallParseError {
                    throw Problem(description: "The vision model could not find \(description.debugDescription) (\(error)); name an element from the list, or describe it otherwise.")
                }
                return (point, "\(SafeText.jsonString(description)), which the grounder placed at \(point)")
            }
            throw Problem(description: "Action \(action) needs its target: \"\(elementKey)\": a number from the list, or \"\(targetKey)\": a description.")
        }
        let desktop: DesktopAction<Point>
        var summary: String
        switch action {
        case "click", "left_click", "double_click", "right_click":
            let (point, place) = try await place(element: "element", target: "target")
            let count = action == "double_click" ? 2 : 1
            desktop = .click(point, button: action == "right_click" ? .right : .left, count: count)
            summary = "\(action) on \(place)"
        case "move", "hover":
            let (point, place) = try await place(element: "element", target: "target")
            desktop = .move(to: point)
            summary = "moved to \(place)"
        case "drag":
            let (start, from) = try await place(element: "element", target: "target")
            let (end, to) = try await place(element: "to_element", target: "to_target")
            desktop = .drag(along: [start, end], button: .left)
            summary = "dragged \(from) to \(to)"
        case "scroll":
            let amount = Int((object["amount"]?.doubleValue ?? string("amount").flatMap(Double.init) ?? 3).rounded())
            let down = (string("direction") ?? "down").lowercased() != "up"
            var point: Point?
            var over = ""
            if object["element"] != nil || object["target"] != nil {
                let found = try await place(element: "element", target: "target")
                point = found.0
                over = " over \(found.1)"
            }
            desktop = .scroll(dx: 0, dy: down ? amount : -amount, at: point)
            summary = "scrolled \(down ? "down" : "up") \(amount)\(over)"
        case "type":
            guard let typed = string("text"), !typed.isEmpty else { throw Problem(description: #"Action type needs a non-empty "text"."#) }
            desktop = .type(typed)
            summary = "typed \(SafeText.jsonString(typed))"
        case "key", "press", "hotkey":
            let names = string("keys") ?? object["keys"]?.arrayValue?.compactMap(\.stringValue).joined(separator: "+") ?? ""
            do {
                desktop = .key(try KeyCombo(parsing: names))
            } catch {
                throw Problem(description: "The keys of the action are not usable: \(error)")
            }
            summary = "pressed \(names)"
        case "wait":
            desktop = .wait(seconds: object["seconds"]?.doubleValue ?? string("seconds").flatMap(Double.init) ?? 1)
            summary = "waited"
        case "terminate", "done":
            let failed = (string("status") ?? "success").lowercased() == "failure"
            return (.finish(failed ? .failure(reason: string("text") ?? "(no reason given)") : .success), "terminate")
        case "answer":
            guard let answer = string("text") else { throw Problem(description: #"Action answer needs "text"."#) }
            return (.finish(.answer(answer)), "answered")
        default:
            throw Problem(description: "Unknown action \(written.debugDescription): use click, double_click, right_click, move, drag, scroll, type, key, wait, terminate or answer.")
        }
        do {
            return (.act(try desktop.checked(against: ActionLimits())), summary)
        } catch {
            throw Problem(description: error.description)
        }
    }
}
