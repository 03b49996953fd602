public import Foundation

/// One line of `trajectory.jsonl`: the run's start, each step, its end (see docs/trajectory.md). Each is
/// written as one flat JSON object whose `event` key says which.
public enum TrajectoryEvent: Codable, Sendable {
    /// The run began.
    case start(RunStart)
    /// One step ended.
    case step(StepEvent)
    /// The run ended.
    case end(RunEnd)

    private enum CodingKeys: String, CodingKey {
        case event
    }

    /// Encodes the event's fields and `"event": "start" | "step" | "end"` in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .start(let start):
            try container.encode("start", forKey: .event)
            try start.encode(to: encoder)
        case .step(let step):
            try container.encode("step", forKey: .event)
            try step.encode(to: encoder)
        case .end(let end):
            try container.encode("end", forKey: .event)
            try end.encode(to: encoder)
        }
    }

    /// Decodes an event by its `event` key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .event) {
        case "start": self = .start(try RunStart(from: decoder))
        case "step": self = .step(try StepEvent(from: decoder))
        case "end": self = .end(try RunEnd(from: decoder))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .event, in: container, debugDescription: "unknown event '\(other)'")
        }
    }

    /// The events of a `trajectory.jsonl`, skipping lines that do not decode (a last line cut short by a
    /// crash).
    public static func read(from file: URL) throws -> [TrajectoryEvent] {
        let data = try Data(contentsOf: file)
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(TrajectoryEvent.self, from: Data($0)) }
    }
}

/// The `start` event.
public struct RunStart: Codable, Sendable, Hashable {
    /// The task.
    public var task: String
    /// Who decides: the policy, with its model and server (never an API key).
    public var model: String
    /// The screen's size, `[width, height]`.
    public var screen: [Int]?

    /// A start event.
    public init(task: String, model: String, screen: [Int]?) {
        self.task = task
        self.model = model
        self.screen = screen
    }
}

/// The `step` event: what was seen, decided, let through and done, with the model requests it took.
public struct StepEvent: Codable, Sendable, Hashable {
    /// The step number, from 1.
    public var step: Int
    /// The screenshot sent, its file in the run directory and its size.
    public var image: String?
    public var imageSize: [Int]?
    /// True when the screen was captured and prepared while the previous action's screen settled.
    public var observedWhileSettling: Bool?
    /// The model's answer, verbatim, without its reasoning.
    public var reply: String?
    /// The model's reasoning (never executed).
    public var reasoning: String?
    /// The call the decision came from: tool name and arguments as JSON text.
    public var tool: String?
    public var arguments: String?
    /// The decision: a desktop action in screen pixels (`left_click (412, 300)`), a tool call, or the finish.
    public var decision: String?
    /// The action's point in screen pixels `[x, y]`, when it has one.
    public var point: [Int]?
    /// What the gate said: `allowed`, `dry run`, or why it denied.
    public var gate: String?
    /// The safety policy's ruling, when a policy is set: `allow by allow kind move (policy.yaml:4:5)`.
    public var safety: String?
    /// What happened: `acted`, `waited`, `dry run: not sent`, a tool's output, the finish.
    public var result: String?
    /// A reply with no usable call: the correction sent back; or an error that ended the run here.
    public var error: String?
    /// The model requests of the step, in order.
    public var requests: [ModelCallRecord]?
    /// Milliseconds per phase.
    public var timings: StepTimings?
    /// The step's wall-clock time, settle included.
    public var durationMilliseconds: Double?

    /// The event of step `step`, its fields to be filled in.
    public init(step: Int) {
        self.step = step
    }

    /// Prompt and completion tokens of all the step's requests.
    public var totalTokens: Int { (requests ?? []).reduce(0) { $0 + $1.totalTokens } }
}

/// Milliseconds per phase of a step; a phase that did not happen is absent.
public struct StepTimings: Codable, Sendable, Hashable {
    /// Capturing the screen (absent when it was prepared while settling).
    public var capture: Double?
    /// The policy's observation: resizing and encoding the screenshot, reading the screen's text (set-of-marks,
    /// the planner); when it was prepared while settling, only the wait for that work.
    public var observe: Double?
    /// Saving the screenshot into the run directory.
    public var save: Double?
    /// Deciding: the model requests and reading their replies.
    public var decide: Double?
    /// The gate (`--confirm` waits here for the user).
    public var gate: Double?
    /// Carrying out the decision.
    public var execute: Double?
    /// Waiting for the screen to settle.
    public var settle: Double?

    /// Timings, all absent.
    public init() {}
}

/// The `end` event.
public struct RunEnd: Codable, Sendable, Hashable {
    /// Steps taken.
    public var steps: Int
    /// `success`, `answer: TEXT`, `failure: REASON`, `budget exhausted: BUDGET`, `interrupted`.
    public var outcome: String
    /// Why the run failed, when it did.
    public var error: String?
    /// Tokens over all requests.
    public var totalTokens: Int
    /// The run's cost, when prices were given.
    public var totalCost: Double?
    /// The run's wall-clock time.
    public var durationMilliseconds: Double

    /// An end event.
    public init(steps: Int, outcome: String, error: String?, totalTokens: Int, totalCost: Double?, durationMilliseconds: Double) {
        self.steps = steps
        self.outcome = outcome
        self.error = error
        self.totalTokens = totalTokens
        self.totalCost = totalCost
        self.durationMilliseconds = durationMilliseconds
    }
}
