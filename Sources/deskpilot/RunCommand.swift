import ArgumentParser
import Deskpilot
import Foundation
import ScenarioKit

/// `deskpilot run TASK`: the agent loop on a display.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Let a vision model carry out a task on the desktop, recording every step.",
        discussion: """
            The model is any OpenAI-compatible server (vLLM, llama.cpp, Ollama, hosted APIs) serving Qwen3-VL or \
            another supported family. Every step is recorded in the run directory: trajectory.jsonl (one JSON \
            object per event, see docs/trajectory.md) and the screenshot sent at each step.

            Exit status: 0 the task succeeded (or was answered), 1 the model gave up or the run failed, \
            3 a budget ran out, 4 a dry run ended (the model finished, no input was sent), 5 the model finished \
            but every input action was declined, 64 bad usage or configuration, 130 interrupted (Ctrl-C).

            Examples:
              DESKPILOT_BASE_URL=http://127.0.0.1:8000/v1 deskpilot run "Open the settings and enable dark mode"
              deskpilot run "Submit the form" --virtual 1280x800 --launch "deskpilot-fixture --scene form" --dry-run
            """
    )

    @Argument(help: "The task, in plain words.") var task: String
    @OptionGroup var display: DisplayOptions
    @OptionGroup(title: "The model") var models: ModelOptions
    @Option(help: "The most model steps.") var maxSteps = 30
    @Option(help: "The longest the run may take, in seconds.") var maxSeconds: Double?
    @Option(help: "The most tokens over all requests.") var maxTokens: Int?
    @Option(help: ArgumentHelp("The most the run may cost (needs --price-input and --price-output).", valueName: "amount"))
    var maxCost: Double?
    @Flag(help: "Send no input: the record shows what would have been done.") var dryRun = false
    @Flag(help: "Ask on the terminal before each input action.") var confirm = false
    @Option(help: ArgumentHelp("A safety policy (file.yaml or 'safe'): rules that allow, confirm or deny each action (docs/policy.md).", valueName: "policy"))
    var policy: String?
    @Option(name: .customLong("secret"),
            help: ArgumentHelp("A secret the task may name as {{secret:NAME}}: typed from $ENV, written nowhere (repeatable).", valueName: "NAME=ENV"))
    var secretOptions: [String] = []
    @Option(help: ArgumentHelp("The run directory (default: runs/<date-time>).", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("Run on a private Xvfb of this size instead of --display.", valueName: "WxH")) var virtual: String?
    @Option(help: ArgumentHelp("With --virtual: a program to start on the private display first (split on spaces).", valueName: "command"))
    var launch: String?
    @Option(help: ArgumentHelp("Also write the run as a scenario: every click keeps its point, a needle cut around it (in needles/ beside the file) and its OCR text.", valueName: "file.yaml"))
    var recordScenario: String?

    func validate() throws {
        guard !task.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("The task is empty: say in words what the agent should do, e.g. deskpilot run \"Submit the form\".")
        }
        guard models.endpoint != nil else {
            throw ValidationError("No model server: pass --base-url URL or set DESKPILOT_BASE_URL (e.g. http://127.0.0.1:8000/v1).")
        }
        if let virtual, VirtualSize(virtual) == nil {
            throw ValidationError("--virtual takes WIDTHxHEIGHT, e.g. 1280x800 (got '\(virtual)').")
        }
        if launch != nil, virtual == nil { throw ValidationError("--launch needs --virtual (it starts a program on the private display).") }
        if let recordScenario, !(recordScenario.hasSuffix(".yaml") || recordScenario.hasSuffix(".yml")) {
            throw ValidationError("--record-scenario writes YAML: give a file ending in .yaml (got '\(recordScenario)').")
        }
        if recordScenario != nil, dryRun { throw ValidationError("--record-scenario records what was done; it cannot be used with --dry-run.") }
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be at least 1.") }
        do { _ = try Secrets(options: secretOptions) } catch { throw ValidationError(error.description) }
        // A broken policy stops the command before anything runs.
        if let policy {
            do { _ = try SafetyPolicyParser.load(policy) } catch { throw ValidationError(error.description) }
        }
        if (maxCost ?? 0) < 0 { throw ValidationError("--max-cost cannot be negative.") }
        if maxCost != nil, models.priceInput == nil, models.plannerPriceInput == nil {
            throw ValidationError("--max-cost needs token prices: add --price-input and --price-output (per 1M tokens).")
        }
    }

    func run() async throws {
        let endpoint = models.endpoint!
        var server: VirtualDisplay?
        var launched: ChildProcess?
        var launchedWindow: String?
        defer {
            launched?.stop()
            server?.stop()
        }
        let desktop: X11Desktop
        if let virtual, let size = VirtualSize(virtual) {
            let started = try VirtualDisplay(width: size.width, height: size.height)
            server = started
            desktop = try X11Desktop(display: started.name)
            if let launch {
                var command = launch.split(separator: " ").map(String.init)
                // Deskpilot's own programs (deskpilot-fixture) are found beside this one, as `deskpilot test` does.
                let beside = TestCommand.executableFolder + "/" + command[0]
                if !command[0].contains("/"), FileManager.default.isExecutableFile(atPath: beside) { command[0] = beside }
                launched = try ChildProcess(command, display: started.name)
                try await Self.waitForWindow(on: desktop)
                launchedWindow = try await desktop.windows().last?.title
            }
        } else {
            desktop = try display.desktop()
        }

        let recorder = recordScenario.map { _ in ScenarioRecorder() }
        let directory = URL(fileURLWithPath: out ?? "runs/\(Self.timestamp())")
        let trajectory = try TrajectoryWriter(directory: directory)
        let family = models.family(for: endpoint)
        let planner = models.plannerEndpoint.map { models.chatModel($0) }
        let recipe = models.recipe(family: family, model: models.chatModel(endpoint), planner: planner)
        let recognizer = try TextRecognizer()
        let safety = try policy.map { try SafetyPolicyParser.load($0) }
        // A confirm rule asks on the terminal (as --confirm does for every action).
        let ask: @Sendable (String) async -> Bool = { what in Self.ask("Do \(SafeText.line(what))? [y/N] ") }
        var confirmEach: (@Sendable (DesktopAction<Point>) async -> Bool)?
        if confirm { confirmEach = { (action: DesktopAction<Point>) async -> Bool in await ask(action.description) } }
        let secrets = try Secrets(options: secretOptions)
        let agent = Agent(
            desktop: SecretTypingDesktop(desktop, secrets: secrets),
            policy: try recipe.policy(desktop: desktop, recognizer: recognizer),
            configuration: AgentConfiguration(maxSteps: maxSteps, maxDuration: maxSeconds.map { .milliseconds(Int64($0 * 1000)) },
                                              maxTokens: maxTokens, maxCost: maxCost),
            // --confirm asks about every action; without it, only the policy's confirm rules ask.
            gate: Gate(dryRun: dryRun, confirm: confirmEach, safety: safety,
                       inspector: .screen(desktop, recognizer: recognizer), askWhenPolicyConfirms: ask),
            trajectory: trajectory,
            onEvent: { event in if let line = ConsoleLine.describe(event) { print(line) } },
            onWarning: { print("warning: \(SafeText.line($0))") },
            observe: recorder?.observe)
        print("Running on \(desktop.displayName)\(server == nil ? "" : " (private Xvfb)") with \(agent.policy); recording to \(directory.path)")

        // Ctrl-C cancels the run: the agent records an `interrupted` end and the command exits 130.
        let run = Task { await agent.run(task) }
        let interrupt = SignalTrap(SIGINT) { run.cancel() }
        let result = await run.value
        withExtendedLifetime(interrupt) {}
        interrupt.cancel()

        let cost = result.cost.map { String(format: ", cost %.4f", $0) } ?? ""
        print("\(AgentSummary(result)) — \(plural(result.steps, "step")), \(plural(result.tokens, "token"))\(cost)")
        do {
            print("Report: \(try TrajectoryReport.write(for: directory).path)")
        } catch {
            print("warning: cannot write the HTML report: \(error)")
        }
        if let recorder, let recordScenario {
            let file = URL(fileURLWithPath: recordScenario)
            let name = file.deletingPathExtension().lastPathComponent.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            let size = try await desktop.screenSize()
            let needles = try recorder.write(to: file, name: name.isEmpty ? "recorded" : name, task: task, display: size,
                                             launch: launch?.split(separator: " ").map(String.init),
                                             waitForWindow: launchedWindow)
            print("Scenario: \(file.path) (\(plural(recorder.count, "action")), \(plural(needles.count, "needle")))")
        }
        switch result.outcome {
        case .succeeded, .answered: return
        case .failed: throw ExitCode(1)
        case .budgetExhausted: throw ExitCode(3)
        case .interrupted: throw ExitCode(130)
        case .dryRun: throw ExitCode(4)
        case .declined: throw ExitCode(5)
        }
    }

    /// Polls until a window is visible (the launched program has started).
    static func waitForWindow(on desktop: X11Desktop, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await desktop.windows().isEmpty {
            guard ContinuousClock.now < deadline else { throw CommandFailure("The --launch program showed no window within \(timeout).") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    static func ask(_ question: String) -> Bool {
        FileHandle.standardError.write(Data(question.utf8))
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
    }

    static func timestamp() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }
}

/// `WIDTHxHEIGHT`.
struct VirtualSize {
    let width: Int
    let height: Int
    init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0 else { return nil }
        (width, height) = (parts[0], parts[1])
    }
}

/// One line that says how a run ended (the model's words in it made safe for a terminal).
func AgentSummary(_ result: AgentResult) -> String {
    switch result.outcome {
    case .succeeded: "Task succeeded"
    case .answered(let text): "Answer: \(SafeText.line(text, limit: 1000))"
    case .failed(let reason): "Task failed: \(SafeText.line(reason, limit: 1000))"
    case .budgetExhausted(let budget): "Stopped: budget exhausted (\(budget))"
    case .interrupted: "Interrupted"
    case .dryRun(let actions): "Dry run: the model finished; \(actions) input action\(actions == 1 ? "" : "s") recorded, none sent"
    case .declined(let actions): "Declined: the model finished, but \(actions == 1 ? "its only input action was" : "all \(actions) input actions were") declined; nothing was sent"
    }
}

/// Runs `handler` on a signal instead of the default action, until cancelled.
final class SignalTrap {
    private let source: any DispatchSourceSignal

    init(_ signal: Int32, handler: @escaping @Sendable () -> Void) {
        Foundation.signal(signal, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
        source.setEventHandler(handler: handler)
        source.resume()
    }

    func cancel() {
        source.cancel()
    }
}

/// `deskpilot report RUN_DIR`: rebuilds a run's HTML report.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rebuild the HTML report of a recorded run from its trajectory.jsonl.",
        discussion: "Example: deskpilot report runs/20261122-021500"
    )
    @Argument(help: "The run directory.") var directory: String

    func run() throws {
        do {
            print(try TrajectoryReport.write(for: URL(fileURLWithPath: directory)).path)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
