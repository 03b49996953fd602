public import DesktopKit
import Foundation
public import Imaging
import VisionModel

/// The agent loop. Each step runs the same phases, whoever decides:
///
/// 1. **observe** — the screen, captured now or already prepared while the last action settled;
/// 2. **decide** — the ``Policy`` (a vision model through a profile) says what to do, or why its reply
///    cannot be used (a correction for the next step);
/// 3. **gate** — the ``Gate`` lets the decision through, records it as a dry run, or denies it;
/// 4. **act** — a desktop action is performed, a custom tool called, or the run finishes;
/// 5. **settle** — the loop waits for the screen to stop changing and prepares the next observation.
///
/// Every step is one ``TrajectoryEvent``, written to the trajectory as it ends and handed to `onEvent`.
///
/// ```swift
/// let policy = VisionModelPolicy(model: HTTPChatModel(endpoint: endpoint), profile: ModelProfiles.forModel(endpoint.model))
/// let agent = Agent(desktop: desktop, policy: policy)
/// let result = await agent.run("Fill in the form with the name Ada Lovelace and submit it")
/// ```
public struct Agent: Sendable {
    /// The desktop driven.
    public let desktop: any Desktop
    /// What decides each step.
    public let policy: any Policy
    /// The tools offered: `computer_use` and custom tools.
    public let tools: ToolRegistry
    /// Budgets and behaviour.
    public let configuration: AgentConfiguration
    /// What every decision passes before it is carried out.
    public let gate: Gate
    /// Where the run is recorded, if anywhere.
    public let trajectory: TrajectoryWriter?
    /// Told of every event as it happens (a console prints them).
    public let onEvent: @Sendable (TrajectoryEvent) -> Void
    /// Told when the record cannot be written; the run goes on.
    public let onWarning: @Sendable (String) -> Void
    /// Told of each desktop action just before it is performed, with the screen it was decided on (to record
    /// the run as a scenario, say).
    public let observe: (@Sendable (ObservedAction) -> Void)?

    /// An agent.
    public init(desktop: any Desktop, policy: any Policy, tools: ToolRegistry = ToolRegistry(), configuration: AgentConfiguration = AgentConfiguration(),
                gate: Gate = Gate(), trajectory: TrajectoryWriter? = nil, onEvent: @escaping @Sendable (TrajectoryEvent) -> Void = { _ in },
                onWarning: @escaping @Sendable (String) -> Void = { _ in }, observe: (@Sendable (ObservedAction) -> Void)? = nil) {
        self.desktop = desktop
        self.policy = policy
        self.tools = tools
        self.configuration = configuration
        self.gate = gate
        self.trajectory = trajectory
        self.onEvent = onEvent
        self.onWarning = onWarning
        self.observe = observe
    }

    /// Runs `task` to its end. Never throws: every way a run can end is an ``AgentOutcome``, and the
    /// trajectory's last event says which.
    public func run(_ task: String) async -> AgentResult {
        var run = RunState(task: task, stuck: StuckDetector(limit: configuration.stuckRepeats))
        let screen = try? await desktop.screenSize()
        emit(.start(RunStart(task: task, model: policy.description, screen: screen.map { [$0.width, $0.height] })))
        let outcome = Self.withheldInput(await loop(&run), run: run)
        let duration = ContinuousClock.now - run.start
        var reason: String?
        if case .failed(let why) = outcome { reason = why }
        emit(.end(RunEnd(steps: run.steps, outcome: outcome.description, error: reason, totalTokens: run.tokens,
                         totalCost: run.priced ? run.cost : nil, durationMilliseconds: Milliseconds.of(duration))))
        return AgentResult(outcome: outcome, steps: run.steps, tokens: run.tokens, cost: run.priced ? run.cost : nil, duration: duration)
    }

    /// What one run remembers between steps.
    private struct RunState {
        let task: String
        let start = ContinuousClock.now
        var steps = 0
        var tokens = 0
        var cost = 0.0
        /// Whether any request had a price.
        var priced = false
        /// The next observation, prepared while the last action's screen settled.
        var settled: Task<Observation, any Error>?
        var history: [HistoryTurn] = []
        var feedback: [Feedback] = []
        var correctionsInARow = 0
        var stuck: StuckDetector
        /// Input actions (and tool calls) sent, recorded in a dry run, and denied by the gate.
        var sent = 0, dryRun = 0, denied = 0
    }

    /// A finished run that sent no input because all of it was held back is not a success: a dry run, or
    /// every action declined, has its own outcome.
    private static func withheldInput(_ outcome: AgentOutcome, run: RunState) -> AgentOutcome {
        switch outcome {
        case .succeeded, .answered:
            guard run.sent == 0 else { return outcome }
            if run.dryRun > 0 { return .dryRun(actions: run.dryRun) }
            if run.denied > 0 { return .declined(actions: run.denied) }
            return outcome
        default: return outcome
        }
    }

    private func loop(_ run: inout RunState) async -> AgentOutcome {
        while true {
            if Task.isCancelled { return .interrupted }
            if let budget = configuration.exhaustedBudget(steps: run.steps, elapsed: .now - run.start, tokens: run.tokens, cost: run.cost) {
                return .budgetExhausted(budget: budget)
            }
            run.steps += 1
            var event = StepEvent(step: run.steps)
            let start = ContinuousClock.now
            let outcome: AgentOutcome?
            do {
                outcome = try await step(&run, event: &event)
            } catch {
                outcome = Self.isCancellation(error) ? .interrupted : .failed(reason: String(describing: error))
                event.error = String(describing: error)
            }
            event.durationMilliseconds = Milliseconds.of(.now - start)
            emit(.step(event))
            if let outcome { return outcome }
        }
    }

    /// One step: observe → decide → gate → act (→ settle). Returns the outcome when the run ends here.
    private func step(_ run: inout RunState, event: inout StepEvent) async throws -> AgentOutcome? {
        var timings = StepTimings()
        defer { event.timings = timings }

        let observation = try await observeScreen(&run, timings: &timings)
        record(observation, in: &event, timings: &timings)

        var clock = ContinuousClock.now
        let context = PolicyContext(task: run.task, step: run.steps, history: run.history, feedback: run.feedback, tools: tools)
        let decided = try await policy.decide(observation, context: context)
        timings.decide = Milliseconds.since(&clock)
        account(decided, in: &run, event: &event)
        run.feedback = []

        let decision: Decision
        switch decided.outcome {
        case .unusable(let correction):
            event.error = correction
            run.correctionsInARow += 1
            guard run.correctionsInARow <= configuration.maxCorrections else {
                return .failed(reason: "the model gave no usable tool call \(run.correctionsInARow) times in a row; last: \(correction)")
            }
            run.feedback = [.correction(answer: decided.answer ?? .assistant(decided.reply), message: correction)]
            return nil
        case .decided(let decided):
            decision = decided
        }
        run.correctionsInARow = 0
        if let turn = decided.turn { run.history.append(turn) }
        event.decision = decision.description
        var nudge: String?
        if case .act(let action) = decision {
            event.point = action.point.map { [$0.x, $0.y] }
            switch run.stuck.note(action, on: observation.screen) {
            case .stuck(let reason): return .failed(reason: reason)
            case .nudge(let message): nudge = message
            case .proceed: break
            }
        }

        clock = .now
        let (verdict, ruling) = await gate.check(decision)
        timings.gate = Milliseconds.since(&clock)
        event.safety = ruling?.description
        switch verdict {
        case .allow: event.gate = "allowed"
        case .dryRun: event.gate = "dry run"
        case .deny(let reason): event.gate = "denied: \(reason)"
        }

        let acted = try await act(decision, verdict: verdict, observation: observation, summary: decided.summary, run: &run, event: &event)
        timings.execute = Milliseconds.since(&clock)
        if acted.changedScreen {
            let policy = policy
            let settled = try await ScreenSettler(desktop: desktop, quiet: configuration.settleQuiet, cap: configuration.settleCap)
                .settle { try await policy.observe($0) }
            timings.settle = Milliseconds.of(settled.duration)
            run.settled = settled.observation
        }
        if let nudge, acted.outcome == nil { run.feedback.append(.note(nudge)) }
        return acted.outcome
    }

    // MARK: Phases

    /// The screen the last action settled on, when it was prepared meanwhile; otherwise a new capture,
    /// prepared now.
    private func observeScreen(_ run: inout RunState, timings: inout StepTimings) async throws -> Observation {
        var clock = ContinuousClock.now
        if let settled = run.settled.take(), let observation = try? await settled.value {
            timings.observe = Milliseconds.since(&clock)
            return observation
        }
        let screen = try await desktop.screenshot()
        timings.capture = Milliseconds.since(&clock)
        let observation = try await policy.observe(screen)
        timings.observe = Milliseconds.since(&clock)
        return observation
    }

    /// Carries out a decision the gate has ruled on: the outcome when the run ends here, and whether input
    /// was sent (the screen then settles).
    private func act(_ decision: Decision, verdict: Gate.Verdict, observation: Observation, summary: String, run: inout RunState,
                     event: inout StepEvent) async throws -> (outcome: AgentOutcome?, changedScreen: Bool) {
        if case .deny(let reason) = verdict {
            switch decision {
            case .act(let action): if action.sendsInput { run.denied += 1 }
            case .callTool: run.denied += 1
            case .finish: break
            }
            event.result = reason
            run.feedback = [.note("\(decision) was not carried out: \(reason). Choose another way, or terminate.")]
            return (nil, false)
        }
        switch decision {
        case .finish(let finish):
            event.result = finish.description
            switch finish {
            case .success: return (.succeeded, false)
            case .failure(let reason): return (.failed(reason: "the model reported failure: \(reason)"), false)
            case .answer(let text): return (.answered(text), false)
            }
        case .callTool(let name, let arguments):
            let context = ToolContext(desktop: desktop, step: run.steps, dryRun: gate.dryRun)
            if gate.dryRun { run.dryRun += 1 } else { run.sent += 1 }
            switch await tools.call(name, arguments: arguments, context: context) {
            case .success(let output):
                let image = try output.image.flatMap { try policy.encode(toolImage: $0) }
                event.result = output.text ?? (output.image == nil ? "(no output)" : "(an image)")
                run.feedback = [.toolResult(name: name, text: output.text, image: image)]
            case .failure(let message):
                event.result = message
                run.feedback = [.toolResult(name: name, text: message, image: nil)]
            }
            return (nil, false)
        case .act(let action):
            guard verdict == .allow else {
                if action.sendsInput { run.dryRun += 1 }
                event.result = "dry run: not sent"
                return (nil, false)
            }
            if action.sendsInput { run.sent += 1 }
            if action.sendsInput { observe?(ObservedAction(action: action, screen: observation.screen, thought: summary)) }
            try await desktop.perform(action)
            event.result = action.sendsInput ? "acted" : "waited"
            return (nil, action.sendsInput)
        }
    }

    // MARK: Record

    /// Keeps the step's screenshot in the record: the image the model was sent, or, for a policy that sends
    /// none (a text planner), the screen, so the report still shows what was there.
    private func record(_ observation: Observation, in event: inout StepEvent, timings: inout StepTimings) {
        if observation.preparedWhileSettling { event.observedWhileSettling = true }
        if let screenshot = observation.screenshot { event.imageSize = [screenshot.size.width, screenshot.size.height] }
        guard let trajectory else { return }
        var clock = ContinuousClock.now
        do {
            if let screenshot = observation.screenshot {
                event.image = try trajectory.savePNG(screenshot.png, step: event.step)
            } else {
                let screen = observation.screen
                let scale = min(1, 1280 / Double(max(1, screen.width)))
                event.image = try trajectory.saveImage(scale < 1 ? screen.resized(width: 1280, height: Int(Double(screen.height) * scale)) : screen,
                                                       step: event.step)
            }
        } catch {
            onWarning("\(error)")
        }
        timings.save = Milliseconds.since(&clock)
    }

    private func account(_ decided: PolicyStep, in run: inout RunState, event: inout StepEvent) {
        event.requests = decided.requests
        event.reply = decided.reply
        if !decided.reasoning.isEmpty { event.reasoning = decided.reasoning }
        event.tool = decided.call?.name
        event.arguments = decided.call?.arguments.description
        for request in decided.requests {
            run.tokens += request.totalTokens
            if let cost = request.cost {
                run.cost += cost
                run.priced = true
            }
        }
    }

    private func emit(_ event: TrajectoryEvent) {
        do {
            try trajectory?.append(event)
        } catch {
            onWarning("\(error)")
        }
        onEvent(event)
    }

    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? ModelTransportError) == .cancelled
    }
}

/// A desktop action the agent is about to perform, with the full-size screen it decided on and its own
/// words.
public struct ObservedAction: Sendable {
    /// The action, in screen pixels.
    public var action: DesktopAction<Point>
    /// The screen as captured before the action (full size).
    public var screen: Image
    /// The model's summary of the step (its `Action:` line, or the last line of its words).
    public var thought: String
}
