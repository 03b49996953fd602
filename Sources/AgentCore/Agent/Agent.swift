public import DesktopKit
import Foundation
public import Imaging
public import VisionModel

/// The agent loop: observe → request → parse → validate → execute → settle → record, until the model
/// terminates or answers, or a budget runs out.
///
/// ```swift
/// let agent = Agent(desktop: desktop, transport: ModelTransport(endpoint: endpoint), profile: Qwen3VLProfile())
/// let result = await agent.run("Fill in the form with the name Ada Lovelace and submit it")
/// ```
public struct Agent: Sendable {
    /// The desktop driven.
    public let desktop: any Desktop
    /// The model server.
    public let transport: ModelTransport
    /// The model family.
    public let profile: any ModelProfile
    /// Custom tools, offered next to `computer_use`.
    public let tools: ToolRegistry
    /// Budgets and behaviour.
    public let configuration: AgentConfiguration
    /// Where the run is recorded, if anywhere.
    public let trajectory: TrajectoryWriter?
    /// Called with one line per step (for a console).
    public let progress: @Sendable (String) -> Void
    /// Asked before each input action when set (`--confirm`); a `false` declines it and tells the model so.
    public let approve: (@Sendable (ScreenAction) async -> Bool)?
    /// Told of each action just before it is performed, with the screen it was decided on (to record the
    /// run as a scenario, say).
    public let observe: (@Sendable (ObservedAction) -> Void)?

    /// An agent; `tools` are offered to the model beside `computer_use`.
    public init(desktop: any Desktop, transport: ModelTransport, profile: any ModelProfile, tools: ToolRegistry = ToolRegistry(),
                configuration: AgentConfiguration = AgentConfiguration(), trajectory: TrajectoryWriter? = nil,
                progress: @escaping @Sendable (String) -> Void = { _ in },
                approve: (@Sendable (ScreenAction) async -> Bool)? = nil, observe: (@Sendable (ObservedAction) -> Void)? = nil) {
        self.desktop = desktop
        self.transport = transport
        self.profile = profile
        self.tools = tools
        self.configuration = configuration
        self.trajectory = trajectory
        self.progress = progress
        self.approve = approve
        self.observe = observe
    }

    /// Runs `task` to its end. Never throws: every way a run can end is an `AgentOutcome`, and the
    /// trajectory's last event says which.
    public func run(_ task: String) async -> AgentResult {
        var state = RunState(start: .now)
        var start = StepRecord(event: "start")
        start.task = task
        start.model = transport.endpoint.description
        if let size = try? await desktop.screenSize() { start.screen = [size.width, size.height] }
        record(start)
        let outcome = await loop(task, state: &state)
        var end = StepRecord(event: "end", step: state.steps)
        end.outcome = Self.describe(outcome)
        end.totalSteps = state.steps
        end.totalTokens = state.usage.totalTokens
        end.totalCost = configuration.pricing.map { _ in state.cost }
        if case .failed(let reason) = outcome { end.error = reason }
        end.durationMilliseconds = Self.milliseconds(.now - state.start)
        record(end)
        if let trajectory {
            do {
                try TrajectoryReport.write(for: trajectory.directory)
            } catch {
                progress("warning: cannot write the HTML report: \(error)")
            }
        }
        return AgentResult(outcome: outcome, steps: state.steps, usage: state.usage,
                           cost: configuration.pricing.map { _ in state.cost }, duration: .now - state.start)
    }

    /// What one run remembers between steps.
    private struct RunState {
        var start: ContinuousClock.Instant
        var steps = 0
        var usage = TokenUsage(promptTokens: 0, completionTokens: 0)
        var cost = 0.0
        /// The screen as the last action left it, captured and prepared while it settled.
        var settledObservation: Task<Observation, any Error>?
        var history: [HistoryStep] = []
        /// Messages to add after the history at the next request: a correction or a tool's result.
        var feedback: [ChatMessage] = []
        var correctionsInARow = 0
        var lastAction: (action: ScreenAction, screen: Image)?
        var repeats = 0
    }

    private func loop(_ task: String, state: inout RunState) async -> AgentOutcome {
        while true {
            if Task.isCancelled { return .interrupted }
            if state.steps >= configuration.maxSteps { return .budgetExhausted(budget: "max-steps \(configuration.maxSteps)") }
            if let limit = configuration.maxDuration, ContinuousClock.now - state.start >= limit {
                return .budgetExhausted(budget: "max-seconds \(limit)")
            }
            if let limit = configuration.maxTokens, state.usage.totalTokens >= limit {
                return .budgetExhausted(budget: "max-tokens \(limit)")
            }
            if let limit = configuration.maxCost, state.cost >= limit {
                return .budgetExhausted(budget: "max-cost \(limit)")
            }
            state.steps += 1
            do {
                if let outcome = try await step(task, state: &state) { return outcome }
            } catch is CancellationError {
                return .interrupted
            } catch ModelTransportError.cancelled {
                return .interrupted
            } catch {
                return .failed(reason: String(describing: error))
            }
        }
    }

    /// One step; returns the outcome when the run ends here.
    private func step(_ task: String, state: inout RunState) async throws -> AgentOutcome? {
        let number = state.steps
        var record = StepRecord(event: "step", step: number)
        var timings: [String: Double] = [:]
        defer {
            record.timings = timings
            self.record(record)
        }

        // Observe: the screen the last action settled on, when it was prepared meanwhile, or a new capture.
        let stepStart = ContinuousClock.now
        var clock = stepStart
        defer { record.durationMilliseconds = Self.milliseconds(.now - stepStart) }
        let capture: Image
        let screenshot: PreparedScreenshot
        if let settled = state.settledObservation.take(), let observation = try? await settled.value {
            (capture, screenshot) = (observation.capture, observation.screenshot)
            timings["encode"] = Self.milliseconds(since: &clock)
            record.observedWhileSettling = true
        } else {
            capture = try await desktop.screenshot()
            timings["capture"] = Self.milliseconds(since: &clock)
            screenshot = try profile.prepareScreenshot(capture)
            timings["encode"] = Self.milliseconds(since: &clock)
        }
        record.imageSize = [screenshot.sentSize.width, screenshot.sentSize.height]
        if let trajectory {
            record.image = try? trajectory.savePNG(screenshot.png, step: number)
            timings["save"] = Self.milliseconds(since: &clock)
        }

        // Request.
        let context = StepContext(instruction: task, screenshot: screenshot, history: state.history, tools: tools.definitions)
        let request = ChatRequest(model: transport.endpoint.model, messages: profile.messages(for: context) + state.feedback,
                                  maxTokens: configuration.maxReplyTokens, stream: configuration.stream)
        record.visualTokens = TokenEstimate.visualTokens(request.messages, profile: profile)
        let exchange = try await transport.chat(request, profile: profile.name)
        timings["request"] = Self.milliseconds(since: &clock)
        timings["firstByte"] = Self.milliseconds(exchange.timeToFirstByte)
        let message = exchange.message
        let replyText = message.content ?? ""
        record.reply = replyText.isEmpty
            ? message.toolCalls.map { "tool_calls: \($0.function.name) \($0.function.arguments)" }.joined(separator: "\n") : replyText
        let usage = exchange.completion.usage ?? TokenUsage(
            promptTokens: TokenEstimate.promptTokens(request.messages, profile: profile),
            completionTokens: TokenEstimate.textTokens(record.reply ?? ""))
        if exchange.completion.usage == nil { record.tokensEstimated = true }
        state.usage = TokenUsage(promptTokens: state.usage.promptTokens + usage.promptTokens,
                                 completionTokens: state.usage.completionTokens + usage.completionTokens)
        record.promptTokens = usage.promptTokens
        record.completionTokens = usage.completionTokens
        if let pricing = configuration.pricing {
            let cost = pricing.cost(of: usage)
            state.cost += cost
            record.cost = cost
        }
        if let firstToken = exchange.timeToFirstToken {
            let decode = exchange.latency - firstToken
            timings["firstToken"] = Self.milliseconds(firstToken)
            timings["decode"] = Self.milliseconds(decode)
            let seconds = Self.milliseconds(decode) / 1000
            if usage.completionTokens > 1, seconds > 0 {
                record.decodeTokensPerSecond = (Double(usage.completionTokens - 1) / seconds).rounded(toPlaces: 1)
            }
        }

        // Parse and validate; a reply without a usable call is re-asked with a correction.
        let call: ParsedToolCall
        let parsed: ParsedReply
        var action: ScreenAction?
        do {
            parsed = try profile.parseReply(message)
            call = parsed.calls[0]
            if call.name == "computer_use" {
                let modelAction = try profile.action(from: call, imageSize: screenshot.sentSize)
                action = profile.screenAction(for: modelAction, on: screenshot)
            }
            timings["parse"] = Self.milliseconds(since: &clock)
        } catch {
            let correction = String(describing: error)
            record.error = correction
            state.correctionsInARow += 1
            guard state.correctionsInARow <= configuration.maxCorrections else {
                return .failed(reason: "the model gave no usable tool call \(state.correctionsInARow) times in a row; last: \(correction)")
            }
            progress("step \(number): unusable reply, asking again — \(correction)")
            state.feedback = [.assistant(record.reply ?? ""), .user(correction)]
            return nil
        }
        state.correctionsInARow = 0
        state.feedback = []
        record.tool = call.name
        record.arguments = call.arguments.description
        state.history.append(HistoryStep(screenshot: screenshot, reply: record.reply ?? "", summary: parsed.summary))

        // Execute.
        guard let action else {
            let result = await tools.call(call.name, arguments: call.arguments,
                                          context: ToolContext(desktop: desktop, step: number, dryRun: configuration.dryRun))
            timings["execute"] = Self.milliseconds(since: &clock)
            switch result {
            case .success(let output):
                record.result = output.text ?? "(image)"
                state.feedback = [.user("Result of \(call.name): \(output.text ?? "(an image)")")]
            case .failure(let message):
                record.result = message
                state.feedback = [.user(message)]
            }
            progress("step \(number): \(call.name) → \(record.result ?? "")")
            return nil
        }
        record.action = action.description
        record.point = action.coordinate.map { [$0.x, $0.y] }

        // Stuck: the same action again on a screen that has not changed (compared only when the action repeats).
        if let last = state.lastAction, last.action == action, last.screen.pixels == capture.pixels {
            state.repeats += 1
        } else {
            state.repeats = 1
        }
        state.lastAction = (action, capture)
        if state.repeats > configuration.stuckRepeats {
            return .failed(reason: "stuck: \(action) on an unchanged screen \(state.repeats) times")
        }

        if let approve, !configuration.dryRun, action.changesScreen, !(await approve(action)) {
            record.result = "declined by the user"
            state.feedback = [.user("The user declined \(action). Choose another way, or terminate.")]
            progress("step \(number): \(action) — declined")
            return nil
        }
        if !configuration.dryRun { observe?(ObservedAction(action: action, screen: capture, thought: parsed.summary)) }
        let outcome = try await ScreenActionExecutor(desktop: desktop, dryRun: configuration.dryRun).perform(action)
        timings["execute"] = Self.milliseconds(since: &clock)
        progress("step \(number): \(action)" + (configuration.dryRun ? " (dry run)" : ""))
        switch outcome {
        case .terminated(let status):
            record.result = "terminate \(status.rawValue)"
            return status == .success ? .succeeded : .failed(reason: "the model reported failure: \(parsed.text)")
        case .answered(let text):
            record.result = "answer"
            return .answered(text)
        case .waited:
            record.result = "waited"
        case .acted:
            record.result = configuration.dryRun ? "dry run: not sent" : "acted"
            if !configuration.dryRun {
                let settled = try await settle()
                timings["settle"] = Self.milliseconds(settled.duration)
                state.settledObservation = settled.observation
            }
        }
        if state.repeats == configuration.stuckRepeats {
            state.feedback = [.user("The screen did not change after \(action) \(state.repeats) times. Try something else.")]
        }
        return nil
    }

    /// A screenshot and what the model is sent of it.
    private struct Observation: Sendable {
        var capture: Image
        var screenshot: PreparedScreenshot
    }

    /// Captures until the screen has not changed for `settleQuiet`, or `settleCap` has passed; returns how
    /// long that took and, when the screen settled, the next step's observation of it.
    ///
    /// The quiet window is spent waiting anyway, so once a frame has held still for one poll it is resized and
    /// encoded for the model meanwhile; if the screen changes again, that work is dropped.
    private func settle() async throws -> (duration: Duration, observation: Task<Observation, any Error>?) {
        let start = ContinuousClock.now
        let profile = profile
        var last = try await desktop.screenshot()
        var lastChange = ContinuousClock.now
        var speculation: (frame: Image, task: Task<Observation, any Error>)?
        while ContinuousClock.now - start < configuration.settleCap {
            if ContinuousClock.now - lastChange >= configuration.settleQuiet { break }
            try await Task.sleep(for: .milliseconds(20))
            let current = try await desktop.screenshot()
            if current.pixels != last.pixels {
                last = current
                lastChange = ContinuousClock.now
            } else if speculation.map({ $0.frame.pixels != last.pixels }) ?? true {
                speculation?.task.cancel()
                let frame = last
                speculation = (frame, Task { Observation(capture: frame, screenshot: try profile.prepareScreenshot(frame)) })
            }
        }
        let duration = ContinuousClock.now - start
        guard let speculation, ContinuousClock.now - lastChange >= configuration.settleQuiet, speculation.frame.pixels == last.pixels else {
            speculation?.task.cancel()
            return (duration, nil)
        }
        return (duration, speculation.task)
    }

    private func record(_ event: StepRecord) {
        do {
            try trajectory?.append(event)
        } catch {
            progress("warning: \(error)")
        }
    }

    private static func milliseconds(since clock: inout ContinuousClock.Instant) -> Double {
        let now = ContinuousClock.now
        defer { clock = now }
        return milliseconds(now - clock)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        (Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15).rounded(toPlaces: 3)
    }

    static func describe(_ outcome: AgentOutcome) -> String {
        switch outcome {
        case .succeeded: "success"
        case .answered(let text): "answer: \(text)"
        case .failed(let reason): "failure: \(reason)"
        case .budgetExhausted(let budget): "budget exhausted: \(budget)"
        case .interrupted: "interrupted"
        }
    }
}

/// An action the agent is about to perform, with the full-size screen it decided on and its own words.
public struct ObservedAction: Sendable {
    /// The action, in screen pixels.
    public var action: ScreenAction
    /// The screen as captured before the action (full size).
    public var screen: Image
    /// The model's summary of the step (its `Action:` line, or the last line of its words).
    public var thought: String
}

/// Why a step could not go on.
public enum AgentError: Error, Sendable, CustomStringConvertible {
    /// The server's answer is not an OpenAI chat completion.
    case unreadableReply(String)

    public var description: String {
        switch self {
        case .unreadableReply(let text):
            "The model server's answer is not an OpenAI chat completion (\(text)), even when asked again — is --base-url an OpenAI-compatible /v1 endpoint?"
        }
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
