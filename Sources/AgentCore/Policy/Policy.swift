import Foundation
public import DesktopKit
public import Imaging
public import VisionModel

/// What decides the agent's next step: a vision model through a profile (``VisionModelPolicy``) today;
/// a text planner with a grounder, or set-of-marks, are other policies. The loop around it (observe →
/// decide → gate → act → settle) is the same for all of them.
public protocol Policy: Sendable, CustomStringConvertible {
    /// Prepares a captured screen for ``decide(_:context:)``: whatever can be done before the decision
    /// (resizing and encoding a screenshot, reading its text). The loop calls it while the last action's
    /// screen settles, so the work is done by the time the next step starts.
    func observe(_ screen: Image) async throws -> Observation

    /// An image a tool returned, made ready to send to the model; nil for a policy whose model cannot see.
    func encode(toolImage image: Image) throws -> EncodedImage?

    /// Decides the next step from what is on the screen and what happened so far.
    ///
    /// A reply that cannot be used is not an error: it is an ``PolicyStep/Outcome/unusable(correction:)``
    /// with the words to send back. Errors are for what ends the run (a dead server).
    func decide(_ observation: Observation, context: PolicyContext) async throws -> PolicyStep
}

/// The screen at one step, and what a policy made of it before deciding.
public struct Observation: Sendable {
    /// The screen as captured, full size.
    public var screen: Image
    /// The screenshot as the policy sends it to a model, when it sends one.
    public var screenshot: EncodedImage?
    /// The screen as text, when the policy reads it: the elements on it, the windows and the focus.
    public var text: ScreenText?
    /// True when it was captured and prepared while the previous action's screen settled.
    public var preparedWhileSettling: Bool

    /// An observation of `screen`, sent to models as `screenshot` and/or `text`.
    public init(screen: Image, screenshot: EncodedImage?, text: ScreenText? = nil, preparedWhileSettling: Bool = false) {
        self.screen = screen
        self.screenshot = screenshot
        self.text = text
        self.preparedWhileSettling = preparedWhileSettling
    }
}

/// What a policy knows besides the screen.
public struct PolicyContext: Sendable {
    /// The user's task.
    public var task: String
    /// The step number, from 1.
    public var step: Int
    /// The earlier steps that did something, oldest first.
    public var history: [HistoryTurn]
    /// What to tell the model about the last step (a correction, a tool's result, a note).
    public var feedback: [Feedback]
    /// The tools the model may call, `computer_use` first.
    public var tools: ToolRegistry

    /// A context.
    public init(task: String, step: Int, history: [HistoryTurn] = [], feedback: [Feedback] = [], tools: ToolRegistry = ToolRegistry()) {
        self.task = task
        self.step = step
        self.history = history
        self.feedback = feedback
        self.tools = tools
    }
}

/// What a policy decided: do something on the desktop (in screen pixels), call a tool, or finish.
public enum Decision: Sendable, Hashable, CustomStringConvertible {
    /// An action on the desktop, its points in screen pixels.
    case act(DesktopAction<Point>)
    /// A custom tool of the registry, with its arguments.
    case callTool(name: String, arguments: JSONValue)
    /// The end of the task.
    case finish(Finish)

    public var description: String {
        switch self {
        case .act(let action): action.description
        case .callTool(let name, let arguments): "\(name) \(arguments)"
        case .finish(let finish): finish.description
        }
    }
}

/// How a policy ends a task.
public enum Finish: Sendable, Hashable, CustomStringConvertible {
    /// The task is done.
    case success
    /// The task cannot be done; the reason in the model's words.
    case failure(reason: String)
    /// The answer to the user's question.
    case answer(String)

    public var description: String {
        switch self {
        case .success: "terminate success"
        case .failure: "terminate failure"
        case .answer(let text): "answer \(text.debugDescription)"
        }
    }
}

/// One decision with everything the record keeps about how it was reached.
public struct PolicyStep: Sendable {
    /// A usable decision, or the words to send back to the model.
    public enum Outcome: Sendable, Hashable {
        /// The policy decided.
        case decided(Decision)
        /// The reply could not be used: nothing happens, and the model gets `correction` at the next step.
        case unusable(correction: String)
    }

    /// What came of the step.
    public var outcome: Outcome
    /// The model's answer, verbatim, without its reasoning (for replies only in `tool_calls`:
    /// `tool_calls: NAME ARGUMENTS`).
    public var reply: String
    /// The model's reasoning, kept for the record and never executed.
    public var reasoning: String
    /// The step in one line, for later requests' "Previous actions" and the recorder.
    public var summary: String
    /// The call the decision came from: its tool and arguments.
    public var call: ParsedToolCall?
    /// The model's answer as later requests replay it (a correction follows it).
    public var answer: ChatMessage?
    /// What later requests replay of this step, once it did something.
    public var turn: HistoryTurn?
    /// The model requests made to decide, in order.
    public var requests: [ModelCallRecord]

    /// A model's message as the record keeps it: the answer without its reasoning (a reply only in
    /// `tool_calls` as `tool_calls: NAME ARGUMENTS`), and the reasoning (the server's field and any `<think>`
    /// text). Together they are the whole reply.
    public static func recorded(_ message: AssistantMessage) -> (reply: String, reasoning: String) {
        let (thoughts, answer) = ToolCallParser.splitReasoning(message.content ?? "")
        let reasoning = [message.reasoning ?? "", thoughts].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
        let trimmed = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let calls = message.toolCalls.map { "tool_calls: \($0.function.name) \($0.function.arguments)" }.joined(separator: "\n")
        return (trimmed.isEmpty ? calls : trimmed, reasoning)
    }

    /// A step.
    public init(outcome: Outcome, reply: String, reasoning: String = "", summary: String = "", call: ParsedToolCall? = nil,
                answer: ChatMessage? = nil, turn: HistoryTurn? = nil, requests: [ModelCallRecord] = []) {
        self.outcome = outcome
        self.reply = reply
        self.reasoning = reasoning
        self.summary = summary
        self.call = call
        self.answer = answer
        self.turn = turn
        self.requests = requests
    }
}
