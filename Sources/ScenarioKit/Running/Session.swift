import AgentCore
import ChildProcesses
import DesktopKit
import Foundation
import ImageMatching
import Imaging
import TextRecognition
import VisionModel
import Synchronization

/// One run of one scenario on its display: the launch, the steps, the expectations.
struct Session: Sendable {
    let scenario: Scenario
    let desktop: any Desktop
    let display: String
    let options: ScenarioRunOptions
    let models: ScenarioModels
    let artifacts: URL
    let finder: PlaceFinder
    let record: Record

    func run() async throws {
        for (index, launch) in scenario.launch.enumerated() {
            record.current.withLock { $0 = "\(launch.location): launch \(launch.command.joined(separator: " "))" }
            try await start(launch, index: index)
        }
        // A failed step stops its phase: later steps would act on the wrong screen.
        let keep: @Sendable (CheckOutcome) -> Void = { outcome in record.steps.withLock { $0.append(outcome) } }
        guard try await runSteps(scenario.setup, phase: "setup", keep: keep, first: 0),
              try await runSteps(scenario.steps, phase: nil, keep: keep, first: scenario.setup.count) else { return }
        for expectation in scenario.expectations {
            try Task.checkCancellation()
            record.current.withLock { $0 = "\(expectation.location): expect \(expectation.check)" }
            let start = ContinuousClock.now
            var outcome = CheckOutcome(description: "expect \(expectation.check)", location: expectation.location.description, verdict: .passed,
                                       milliseconds: 0, detail: "", point: nil, screenshot: nil)
            do {
                outcome.detail = try await check(expectation.check)
            } catch let failure as ScenarioFailure {
                outcome.verdict = .failed
                outcome.detail = failure.description
            }
            outcome.milliseconds = ScenarioRunner.seconds(.now - start) * 1000
            let finished = outcome
            record.expectations.withLock { $0.append(finished) }
        }
        record.current.withLock { $0 = nil }
    }

    /// The teardown steps, whatever happened before: each runs even when one before it failed.
    func tearDown() async {
        guard !scenario.teardown.isEmpty else { return }
        _ = try? await runSteps(scenario.teardown, phase: "teardown", keep: { outcome in record.teardown.withLock { $0.append(outcome) } },
                                first: scenario.setup.count + scenario.steps.count, stopsAtFailure: false)
    }

    /// Performs `steps` in order, recording each outcome; false when one failed.
    private func runSteps(_ steps: [ScenarioStep], phase: String?, keep: @Sendable (CheckOutcome) -> Void, first: Int,
                          stopsAtFailure: Bool = true) async throws -> Bool {
        var passed = true
        for (offset, step) in steps.enumerated() {
            try Task.checkCancellation()
            record.current.withLock { $0 = "\(step.location): \(step.caption)" }
            let start = ContinuousClock.now
            var outcome = CheckOutcome(description: (phase.map { "\($0): " } ?? "") + step.caption, location: step.location.description,
                                       verdict: .passed, milliseconds: 0, detail: "", point: nil, screenshot: nil, name: step.name)
            if options.keepStepScreenshots {
                let name = String(format: "step-%03d.png", first + offset + 1)
                if (try? await desktop.screenshot().writePNG(to: artifacts.appendingPathComponent(name).path, .fast)) != nil {
                    outcome.screenshot = name
                }
            }
            do {
                let (detail, point) = try await perform(step.action, timeout: step.timeout)
                outcome.detail = detail
                outcome.point = point
            } catch let failure as ScenarioFailure {
                outcome.verdict = .failed
                outcome.detail = failure.description
                if !failure.places.isEmpty { outcome.places = failure.places }
                outcome.readText = failure.readText
            } catch {
                outcome.verdict = .failed
                outcome.detail = "\(error)"
                if error is ScenarioSkip || error is CancellationError { throw error }
            }
            outcome.milliseconds = ScenarioRunner.seconds(.now - start) * 1000
            if outcome.verdict == .failed {
                // A step that finds nothing on the screen often means the app is gone: say so.
                for exited in record.launched.withLock({ $0 }).compactMap(\.exitNote) { outcome.detail += "\nNote: \(exited)" }
            }
            keep(outcome)
            if outcome.verdict == .failed {
                passed = false
                if stopsAtFailure { return false }
            }
        }
        return passed
    }

    // MARK: Launch

    private func start(_ launch: Scenario.Launch, index: Int) async throws {
        let log = artifacts.appendingPathComponent("launch-\(index + 1)-\(URL(fileURLWithPath: launch.command[0]).lastPathComponent).log").path
        let process: ChildProcess
        do {
            process = try spawn(launch.command, log: log)
        } catch {
            throw ScenarioFailure("\(launch.location): \(error)")
        }
        let app = LaunchedApp(launch: launch, process: process, log: log)
        record.launched.withLock { $0.append(app) }
        guard let (name, timeout) = launch.waitForWindow else { return }
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while try await desktop.window(matching: name) == nil {
            if let exited = app.exitNote {
                throw ScenarioFailure("\(launch.location): the app exited before showing a window '\(name)': \(exited)")
            }
            guard ContinuousClock.now < deadline else {
                throw ScenarioFailure("\(launch.location): no window matching '\(name)' within \(timeout.formatted) s after starting \(launch.command[0])")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Mapped is not drawn: the first step would see an empty window. Wait until the screen has held
        // still for 0.3 s (at most 3 s, so an animated window does not stop the scenario).
        var last = try await desktop.screenshot()
        var changed = ContinuousClock.now
        let cap = ContinuousClock.now + .seconds(3)
        while ContinuousClock.now - changed < .milliseconds(300), ContinuousClock.now < cap {
            try await Task.sleep(for: .milliseconds(20))
            let current = try await desktop.screenshot()
            if current.pixels != last.pixels {
                last = current
                changed = .now
            }
        }
    }

    /// Starts `command` on the display, its output in `log`, and keeps it to be stopped when the scenario ends.
    private func spawn(_ command: [String], log: String) throws(SpawnError) -> ChildProcess {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = try ChildProcess(resolved(command), display: display, environment: scenario.environment.merging(["PATH": searchPath]) { $1 }, standardOutput: log, standardError: log)
        record.processes.withLock { $0.append(process) }
        return process
    }

    /// `command` with its program looked up on ``searchPath`` (the spawn itself searches the runner's own PATH).
    private func resolved(_ command: [String]) -> [String] {
        guard let program = command.first, !program.contains("/") else { return command }
        for folder in searchPath.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return [candidate] + command.dropFirst() }
        }
        return command
    }

    /// PATH with Deskpilot's program folders first.
    private var searchPath: String {
        (options.programFolders + [ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
    }

    // MARK: Steps

    /// Performs one step; returns what decided it and the point acted on.
    private func perform(_ action: ScenarioStep.Action, timeout: Double?) async throws -> (String, Point?) {
        switch action {
        case .desktop(let action):
            // Every place the action names is found first, in order; then the action runs at those points.
            var found: [PlaceQuery: PlaceFinder.Found] = [:]
            for query in action.targets where found[query] == nil { found[query] = try await finder.find(query, timeout: timeout) }
            let onScreen = action.map { found[$0]!.point }
            // A secret's value exists only for the call that types it.
            if case .type(let text) = onScreen, !scenario.secrets.isEmpty {
                let revealed: String
                do {
                    revealed = try scenario.secretValues().reveal(in: text)
                } catch {
                    throw ScenarioFailure("\(error)")
                }
                try await desktop.perform(.type(revealed))
                return (text.contains("{{secret:") ? "typed \(text)" : Self.evidence(for: onScreen, places: []), nil)
            }
            try await desktop.perform(onScreen)
            return (Self.evidence(for: onScreen, places: action.targets.compactMap { found[$0]?.evidence }), onScreen.point)
        case .waitFor(let condition, let timeout):
            return (try await waitFor(condition, timeout: timeout), nil)
        case .run(let command):
            try await obeySafetyPolicy(running: command)
            return (try await runCommand(command, expecting: 0), nil)
        case .agent(let task, let maxSteps, let profile):
            let family = try profile.map { name throws(ModelProfileError) in try ModelFamilies.named(name) } ?? options.family
            let key = family.name == "planner" ? options.profile.name : family.cassetteKey
            guard let model = models.model(key: key) else {
                throw ScenarioSkip(description: "agent step needs a model (--base-url or DESKPILOT_BASE_URL) or a cassette")
            }
            var recipe = options.recipe(family, model, models.planner())
            recipe.grounderProfile = options.profile
            let policy = try recipe.policy(desktop: desktop, recognizer: finder.recognizer)
            let trajectory = try TrajectoryWriter(directory: artifacts.appendingPathComponent("agent-\(UUID().uuidString.prefix(8))"))
            // The safety policy: CI has nobody to ask, so a confirm rule denies unless the run says yes to all.
            let gate = Gate(safety: options.safety, inspector: .screen(desktop, recognizer: finder.recognizer),
                            askWhenPolicyConfirms: options.confirmsPolicy ? { @Sendable _ in true } : nil)
            // The model sees {{secret:NAME}} only; the value is revealed where the keys are sent.
            let agent = Agent(desktop: SecretTypingDesktop(desktop, secrets: scenario.secretValues()), policy: policy,
                              configuration: AgentConfiguration(maxSteps: maxSteps), gate: gate, trajectory: trajectory)
            let result = await agent.run(task)
            _ = try? TrajectoryReport.write(for: trajectory.directory)
            switch result.outcome {
            case .succeeded, .answered:
                return ("the agent (\(family.name)) finished in \(result.steps) step\(result.steps == 1 ? "" : "s") (record: \(trajectory.directory.lastPathComponent))", nil)
            case .interrupted: throw CancellationError()
            default: throw ScenarioFailure("the agent did not finish \(task.debugDescription): \(result.outcome) (record: \(trajectory.directory.path))")
            }
        }
    }

    /// What decided a desktop step: the evidence of each place, or what was done when it named none.
    private static func evidence(for action: DesktopAction<Point>, places: [String]) -> String {
        switch action {
        case .drag where places.count == 2: "from \(places[0]) to \(places[1])"
        case .scroll where places.isEmpty: "at the pointer"
        case .type(let text): "typed \(text.count) characters"
        case .key(let combo): "pressed \(combo)"
        case .wait: "waited"
        default: places.joined(separator: "; ")
        }
    }

    private func waitFor(_ condition: WaitCondition, timeout: Double) async throws -> String {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(timeout * 1000))
        var previous: Image?
        var stableSince = ContinuousClock.now
        while true {
            let screen = try await desktop.screenshot()
            switch condition {
            case .text(let text, let exact, let within):
                if try await !finder.candidates(.text(text, exact: exact), on: screen, within: within).isEmpty { return "\(text.debugDescription) appeared" }
            case .gone(let text, let exact, let within):
                if try await finder.candidates(.text(text, exact: exact), on: screen, within: within).isEmpty { return "\(text.debugDescription) is gone" }
            case .image(let path, let threshold, let within):
                if try await !finder.candidates(.image(path: path, threshold: threshold), on: screen, within: within).isEmpty { return "\(path) appeared" }
            case .window(let name):
                if let window = try await desktop.window(matching: name) { return "window \(window.title.debugDescription) is shown" }
            case .screenStable(let quiet):
                if let previous, previous.pixels == screen.pixels {
                    if ContinuousClock.now - stableSince >= .milliseconds(Int64(quiet * 1000)) { return "the screen held still" }
                } else {
                    stableSince = .now
                }
                previous = screen
            }
            guard ContinuousClock.now < deadline else { throw ScenarioFailure("\(condition): not within \(timeout.formatted) s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Runs `command` on the display and waits (cancellably); fails unless it exits with `status`.
    /// A `run:` step under the safety policy (`--policy`): a `run` action whose text is the command line.
    /// A confirm rule passes only with `--yes`: a test run has nobody to ask.
    private func obeySafetyPolicy(running command: [String]) async throws {
        guard let safety = options.safety else { return }
        let ruling = await safety.decide(SafetyPolicy.Proposal(kind: "run", typed: command.joined(separator: " ")))
        switch ruling.verdict {
        case .allow: return
        case .confirm where options.confirmsPolicy: return
        case .confirm:
            throw ScenarioFailure("the safety policy asks for confirmation before this command (\(ruling.rule), \(ruling.location)) and a test run has "
                                  + "nobody to ask: it was not run (pass --yes to confirm every such step)")
        case .deny:
            throw ScenarioFailure("denied by the safety policy: \(ruling.rule) (\(ruling.location)); the command was not run")
        }
    }

    private func runCommand(_ command: [String], expecting status: Int32) async throws -> String {
        let log = artifacts.appendingPathComponent("run-\(UUID().uuidString.prefix(8)).log").path
        let process: ChildProcess
        do {
            process = try spawn(command, log: log)
        } catch {
            throw ScenarioFailure("\(error)")
        }
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let exit = await process.waitForExit(timeout: .seconds(1)) ?? -1
        let output = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard exit == status else {
            throw ScenarioFailure("\(command.joined(separator: " ")) exited with \(exit), expected \(status)" + (output.isEmpty ? "" : ": \(output.prefix(300))"))
        }
        return "exited with \(exit)"
    }

    // MARK: Expectations

    private func check(_ check: Expectation.Check) async throws -> String {
        switch check {
        case .text(let text, let present, let exact, let within):
            // Wait a little for the screen to get there, as a step would.
            let deadline = ContinuousClock.now + .milliseconds(Int64(options.locateTimeout * 1000))
            while true {
                let screen = try await desktop.screenshot()
                let found = try await finder.candidates(.text(text, exact: exact), on: screen, within: within)
                if found.isEmpty != present { return present ? found[0].evidence : "\(text.debugDescription) is not on screen" }
                guard ContinuousClock.now < deadline else {
                    throw ScenarioFailure(present ? "\(text.debugDescription) is not on the screen" : "\(text.debugDescription) is on the screen: \(found[0].evidence)")
                }
                try await Task.sleep(for: .milliseconds(150))
            }
        case .window(let name):
            guard let window = try await desktop.window(matching: name) else {
                let shown = try await desktop.windows().map { "\($0.title.debugDescription) (\($0.className))" }
                throw ScenarioFailure("no window's title or class contains \(name.debugDescription); shown: \(shown.joined(separator: ", "))")
            }
            return "window \(window.title.debugDescription)"
        case .file(let path, let contains):
            guard let data = FileManager.default.contents(atPath: path) else { throw ScenarioFailure("\(path) does not exist") }
            if let contains {
                let text = String(decoding: data, as: UTF8.self)
                guard text.contains(contains) else { throw ScenarioFailure("\(path) does not contain \(contains.debugDescription); it holds \(text.prefix(200).debugDescription)") }
            }
            return "\(path) exists" + (contains.map { " and contains \($0.debugDescription)" } ?? "")
        case .command(let command, let exit):
            return try await runCommand(command, expecting: exit)
        case .screenMatches(let reference, let region, let tolerance):
            return try await compareScreen(reference: reference, region: region, tolerance: tolerance)
        }
    }

    private func compareScreen(reference: String, region: Rect?, tolerance: Double) async throws -> String {
        let screen = try await desktop.screenshot(region: region)
        let path = scenario.resolve(reference)
        if options.updateSnapshots {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try screen.writePNG(to: path)
            record.updatedFiles.withLock { $0.append(path) }
            return "wrote the reference \(reference)"
        }
        let expected: Image
        do {
            expected = try Image(contentsOfPNGFile: path)
        } catch {
            throw ScenarioFailure("cannot read the reference \(reference): \(error) — run with --update-snapshots to write it")
        }
        guard expected.width == screen.width, expected.height == screen.height else {
            try? screen.writePNG(to: artifacts.appendingPathComponent("actual.png").path, .fast)
            throw ScenarioFailure("the reference \(reference) is \(expected.width)x\(expected.height), the screen region \(screen.width)x\(screen.height)")
        }
        // Pixels off by a few levels (anti-aliasing, dithering) do not count.
        let difference = try screen.difference(from: expected, tolerance: 16)
        let share = difference.fractionBeyondTolerance
        guard share <= tolerance else {
            try? screen.writePNG(to: artifacts.appendingPathComponent("actual.png").path, .fast)
            try? expected.writePNG(to: artifacts.appendingPathComponent("expected.png").path, .fast)
            try? difference.diffImage.writePNG(to: artifacts.appendingPathComponent("diff.png").path, .fast)
            throw ScenarioFailure(String(format: "%.2f%% of the pixels differ from %@ (tolerance %.2f%%); see expected.png, actual.png, diff.png",
                                         share * 100, reference, tolerance * 100))
        }
        return String(format: "%.2f%% of the pixels differ (tolerance %.2f%%)", share * 100, tolerance * 100)
    }

    // MARK: Artifacts

    /// The screen at the failure, and the text OCR read on it.
    /// The screen as the scenario left it, for the report (`final.png`); nil when it cannot be taken.
    func keepFinalScreenshot() async -> String? {
        guard options.keepStepScreenshots, let screen = try? await desktop.screenshot(),
              (try? screen.writePNG(to: artifacts.appendingPathComponent("final.png").path, .fast)) != nil else { return nil }
        return "final.png"
    }

    func keepFailureArtifacts() async {
        guard let screen = try? await desktop.screenshot() else { return }
        try? screen.writePNG(to: artifacts.appendingPathComponent("failure.png").path, .fast)
        if let lines = try? await finder.recognizer.recognize(screen) {
            let text = lines.map { "\($0.box.x),\($0.box.y)  \($0.text)" }.joined(separator: "\n")
            try? (text + "\n").write(to: artifacts.appendingPathComponent("ocr.txt"), atomically: true, encoding: .utf8)
        }
    }
}
