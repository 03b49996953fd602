import Foundation
import AgentCore
import ChildProcesses
import DesktopKit
import ImageMatching
import Imaging
import Synchronization
import TextRecognition
import VisionModel
import X11Desktop

/// Runs one scenario on a private Xvfb of its own: launches its programs (each in its own process group),
/// performs the steps, checks the expectations, keeps artifacts when something fails, and stops everything
/// it started however the scenario ends — passed, failed, timed out or cancelled.
public struct ScenarioRunner: Sendable {
    /// How to run.
    public let options: ScenarioRunOptions
    /// Shared by all scenarios of a run: Tesseract is slow to start and caches what it read.
    let recognizer: TextRecognizer

    /// A runner with `options`.
    ///
    /// - Throws: ``TextRecognitionError`` when Tesseract cannot start.
    public init(options: ScenarioRunOptions) throws {
        self.options = options
        recognizer = try TextRecognizer()
    }

    /// Whether `scenario` needs a model (a `target:` locator or an `agent:` step).
    public static func needsModel(_ scenario: Scenario) -> Bool {
        scenario.steps.contains { step in
            switch step.action {
            case .agent: true
            case .desktop(let action): action.targets.contains { if case .target = $0.locator { true } else { false } }
            case .waitFor, .run: false
            }
        }
    }

    /// Runs `scenario` once. Never throws: every way it can end is a ``ScenarioResult``.
    public func run(_ scenario: Scenario) async -> ScenarioResult {
        let start = ContinuousClock.now
        let artifacts = options.output.appendingPathComponent(scenario.name)
        try? FileManager.default.removeItem(at: artifacts)
        try? FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        var result = ScenarioResult(name: scenario.name, file: scenario.file, verdict: .passed, attempts: 1, seconds: 0, reason: nil,
                                    steps: [], expectations: [], artifacts: artifacts.path,
                                    screen: [scenario.display.width, scenario.display.height])
        defer { _ = result }
        let models: ScenarioModels
        do {
            models = try ScenarioModels(scenario: scenario, options: options)
        } catch {
            result.verdict = .failed
            result.reason = "\(error)"
            return result
        }
        if Self.needsModel(scenario), !models.available {
            result.verdict = .skipped
            result.reason = "needs a model for its target:/agent: steps — set --base-url or DESKPILOT_BASE_URL, or replay a --cassette"
            return result
        }

        let display: VirtualDisplay
        do {
            display = try VirtualDisplay(width: scenario.display.width, height: scenario.display.height, shownOn: options.headedOn,
                                         title: "Deskpilot: \(scenario.name)")
        } catch {
            result.verdict = .failed
            result.reason = "cannot start Xvfb: \(error)"
            return result
        }
        let record = Record()
        var recording: ScreenRecording?
        if options.video != .off {
            do {
                recording = try ScreenRecording.start(display: display.name, size: scenario.display,
                                                      file: artifacts.appendingPathComponent("video.webm"),
                                                      log: artifacts.appendingPathComponent("video.log").path)
                record.processes.withLock { $0.append(recording!.process) }
            } catch {
                result.verdict = .failed
                result.reason = "\(error)"
            }
        }
        do {
            guard result.verdict != .failed else { throw ScenarioFailure(result.reason ?? "") }
            let desktop: any Desktop = try X11Desktop(display: display.name)
            let session = Session(scenario: scenario, desktop: desktop, display: display.name, options: options, models: models, artifacts: artifacts,
                                  finder: PlaceFinder(desktop: desktop, scenario: scenario, recognizer: recognizer, model: models.model(key: options.profile.name),
                                                      profile: options.profile, timeout: options.locateTimeout,
                                                      refreshesNeedles: options.updateSnapshots,
                                                      wrote: { path in record.updatedFiles.withLock { $0.append(path) } }),
                                  record: record)
            do {
                try await Self.withTimeout(scenario.timeout) { try await session.run() }
            } catch let skip as ScenarioSkip {
                result.verdict = .skipped
                result.reason = skip.description
            } catch is ScenarioTimeout {
                result.verdict = .failed
                let at = record.current.withLock { $0 }
                result.reason = "timed out after \(scenario.timeout.formatted) s" + (at.map { " at \($0)" } ?? "")
            } catch is CancellationError {
                // Not a verdict on the app: the run was stopped (Ctrl-C) before the scenario could finish.
                result.verdict = .skipped
                result.reason = ScenarioResult.interruptedReason
            } catch {
                result.verdict = .failed
                result.reason = "\(error)"
            }
            if result.verdict == .passed, let failed = record.firstFailure() {
                result.verdict = .failed
                result.reason = failed
            }
            if result.verdict == .failed {
                await session.keepFailureArtifacts()
                // `--pause-on-failure`: the app and its display stay up for a person to look at.
                if let pause = options.pauseOnFailure {
                    let (name, failed) = (display.name, result)
                    await Task { await pause(name, failed) }.value
                }
            }
            // Teardown runs whatever happened — in a task of its own, so a cancelled run still cleans up
            // (at most 30 s).
            await Task { try? await Self.withTimeout(30) { await session.tearDown() } }.value
            if result.verdict == .passed, let failed = record.firstFailure() {
                result.verdict = .failed
                result.reason = failed
            }
            result.finalScreenshot = await session.keepFinalScreenshot()
        } catch is ScenarioFailure {
            // The film could not start: the reason is set.
        } catch {
            result.verdict = .failed
            result.reason = "cannot open the display \(display.name): \(error)"
        }
        if let recording {
            await recording.stop()
            let keep = options.video == .on || result.verdict == .failed
            if keep, FileManager.default.fileExists(atPath: recording.file.path) {
                result.video = recording.file.lastPathComponent
            } else {
                try? FileManager.default.removeItem(at: recording.file)
            }
        }
        let launched = record.launched.withLock { $0 }.map { app in
            LaunchRecord(command: app.launch.command, log: URL(fileURLWithPath: app.log).lastPathComponent,
                         exit: app.exitDescription ?? "still running; stopped at the end")
        }
        if !launched.isEmpty { result.launched = launched }
        record.stopAll()
        display.stop()
        result.steps = record.steps.withLock { $0 } + record.teardown.withLock { $0 }
        result.expectations = record.expectations.withLock { $0 }
        let updated = record.updatedFiles.withLock { $0 }
        if !updated.isEmpty { result.updatedFiles = updated }
        result.seconds = Self.seconds(.now - start)
        return result
    }

    /// Runs `body`, throwing ``ScenarioTimeout`` when it takes longer than `seconds` (and cancelling it).
    static func withTimeout(_ seconds: Double, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                throw ScenarioTimeout()
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The scenario ran out of time.
struct ScenarioTimeout: Error {}

/// What a running scenario has done so far; kept outside the scenario's task so a timeout or cancellation
/// does not lose it, and so everything launched can be stopped.
final class Record: Sendable {
    let steps = Mutex<[CheckOutcome]>([])
    let expectations = Mutex<[CheckOutcome]>([])
    /// Files written by `--update-snapshots`.
    let updatedFiles = Mutex<[String]>([])
    /// The teardown steps' outcomes (they run last, whatever happened).
    let teardown = Mutex<[CheckOutcome]>([])
    /// The step or expectation running now (for a timeout's message).
    let current = Mutex<String?>(nil)
    let processes = Mutex<[ChildProcess]>([])
    /// The scenario's launched apps, for saying so when one has died.
    let launched = Mutex<[LaunchedApp]>([])

    /// The first failed step or expectation, as a report line.
    func firstFailure() -> String? {
        let all = steps.withLock { $0 } + expectations.withLock { $0 } + teardown.withLock { $0 }
        return all.first { $0.verdict == .failed }.map { "\($0.location): \($0.description): \($0.detail)" }
    }

    func stopAll() {
        for process in processes.withLock({ $0 }).reversed() { _ = process.stop(grace: .seconds(2)) }
        processes.withLock { $0.removeAll() }
    }
}

/// An app a scenario's `launch` started: its process and where its output goes.
struct LaunchedApp: Sendable {
    let launch: Scenario.Launch
    let process: ChildProcess
    let log: String

    /// `deskpilot-fixture (launched at file:3:5) exited with status 2; the last lines of its output: …`, or nil
    /// while it runs.
    /// `exited with status 2`, `killed by signal 9`; nil while it runs.
    var exitDescription: String? {
        guard !process.isRunning, let status = process.waitForExit(timeout: .zero) else { return nil }
        return status > 128 ? "killed by signal \(status - 128)" : "exited with status \(status)"
    }

    var exitNote: String? {
        guard let exit = exitDescription else { return nil }
        let program = URL(fileURLWithPath: launch.command[0]).lastPathComponent
        let how = exit.hasPrefix("killed") ? "was \(exit)" : exit
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").suffix(5).map { "    " + SafeText.line(String($0), limit: 200) }
        return "\(program) (launched at \(launch.location)) \(how)"
            + (last.isEmpty ? "; it wrote nothing" : "; the last lines of its output (all of it: \(log)):\n" + last.joined(separator: "\n"))
    }
}
