import ArgumentParser
import Deskpilot
import Foundation
import ScenarioKit

/// `deskpilot test [PATHS…]`: runs scenario files as regression tests, each on a private Xvfb.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenarios (YAML UI tests) on private X displays and report what broke.",
        discussion: """
            PATHS are scenario files or folders searched for *.yaml / *.yml (default: Scenarios). Every file is \
            checked before anything runs; a mistake is reported as file:line:column with what was expected \
            (see docs/scenarios.md). Each scenario gets its own Xvfb and process group; whatever it launched \
            is stopped when it ends, fails, times out, or on Ctrl-C.

            Exit status: 0 nothing failed (flaky and skipped scenarios do not fail a run), 1 a scenario failed \
            or none was found or selected (unless --pass-with-no-tests), 64 bad usage or a broken scenario file, \
            130 interrupted (a partial report is still written).

            Examples:
              deskpilot test                                   # everything in Scenarios/
              deskpilot test Scenarios/form-submit.yaml --retries 2
              deskpilot test --jobs 2 --shard 1/3 --junit results/junit.xml
              deskpilot test --grep xterm --last-failed --html report
              deskpilot test --cassette Scenarios/cassettes/model.jsonl --record --base-url http://127.0.0.1:8000/v1
              deskpilot test --cassette Scenarios/cassettes/model.jsonl --replay    # in CI, without a GPU
            """
    )

    @Argument(help: "Scenario files or folders (default: Scenarios).") var paths: [String] = []
    @Option(help: "Scenarios run at once, each on its own display.") var jobs = 1
    @Option(help: ArgumentHelp("Run only slice K of N (1-based), e.g. 2/4, for CI machines.", valueName: "K/N")) var shard: String?
    @Option(help: ArgumentHelp("Only scenarios whose name, tags or file match this regular expression.", valueName: "pattern")) var grep: String?
    @Flag(help: "Only the scenarios that failed in the last run (from the output folder).") var lastFailed = false
    @Option(help: "Extra attempts for a failed scenario; one that then passes is reported flaky.") var retries = 0
    @Flag(help: "Write screen_matches references from the current screen instead of comparing.") var updateSnapshots = false
    @Option(help: ArgumentHelp("Write a JUnit XML report here.", valueName: "file")) var junit: String?
    @Option(help: ArgumentHelp("Write an HTML report (index.html, with a screenshot of every step) into this folder.", valueName: "dir"))
    var html: String?
    @Option(help: ArgumentHelp("Where artifacts go: one folder per scenario (screenshots, app output, OCR text).", valueName: "dir"))
    var output = "test-results"
    @Option(help: ArgumentHelp("Seconds a locator keeps looking before its step fails.", valueName: "seconds")) var locateTimeout = 5.0
    @OptionGroup(title: "The model, for target: locators and agent: steps (without one, and without a cassette, they are skipped)")
    var models: ModelOptions
    @Option(help: ArgumentHelp("A model cassette: with --record, the model's answers are stored here; with --replay, they answer instead of a model.", valueName: "file"))
    var cassette: String?
    @Flag(help: "Record the model's answers (needs a model): into --cassette, or into each scenario's own cassette (its 'cassette:' key).")
    var record = false
    @Flag(help: "Replay recorded answers (from --cassette, or each scenario's own); no model is contacted, and a screen that no longer looks as recorded fails the step.")
    var replay = false
    @Flag(help: "Only check the files and list the scenarios that would run.") var list = false
    @Option(help: ArgumentHelp("Film each scenario's display (ffmpeg x11grab, WebM): on, retain-on-failure (kept only for failures) or off.",
                               valueName: "mode"))
    var video: VideoArgument = VideoArgument(mode: .off)
    @Option(help: ArgumentHelp("A safety policy (file.yaml or 'safe') that agent: steps obey; confirm rules deny unless --yes.", valueName: "policy"))
    var policy: String?
    @Flag(help: "Let the policy's confirm rules pass (there is nobody to ask in a test run).") var yes = false
    @Flag(help: "Show each scenario's display as a window (Xephyr) on $DISPLAY, to watch it run.") var headed = false
    @Flag(help: "After a failure, keep the app and its display up until Enter is pressed, and say how to attach (DISPLAY=:N).")
    var pauseOnFailure = false
    @Flag(help: "Exit 0 when no scenario is found or selected (by default that is an error: a filter that matches nothing is usually a mistake).")
    var passWithNoTests = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1.") }
        guard retries >= 0 else { throw ValidationError("--retries cannot be negative.") }
        if let policy {
            do { _ = try SafetyPolicyParser.load(policy) } catch { throw ValidationError(error.description) }
        }
        if headed, (ProcessInfo.processInfo.environment["DISPLAY"] ?? "").isEmpty {
            throw ValidationError("--headed shows each scenario's display as a window on yours: set DISPLAY (e.g. DISPLAY=:0).")
        }
        if video.mode != .off, !VideoMode.isAvailable {
            throw ValidationError("--video \(video.mode.rawValue) needs ffmpeg to film the displays: apt-get install ffmpeg")
        }
        if shard != nil, shardParts == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4 (got '\(shard!)').") }
        if let grep, (try? NSRegularExpression(pattern: grep)) == nil { throw ValidationError("--grep '\(grep)' is not a valid regular expression.") }
        if cassette != nil, record == replay { throw ValidationError("--cassette needs exactly one of --record or --replay.") }
        if record, replay { throw ValidationError("Choose one of --record or --replay.") }
        if record, models.endpoint == nil {
            throw ValidationError("--record needs a model to record: pass --base-url URL or set DESKPILOT_BASE_URL.")
        }
    }

    private var shardParts: (index: Int, count: Int)? {
        guard let parts = shard?.split(separator: "/").compactMap({ Int($0) }), parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() async throws {
        let files: [String]
        do {
            files = try ScenarioParser.files(in: paths.isEmpty ? ["Scenarios"] : paths)
        } catch {
            throw UsageFailure(error.description)
        }
        let parser = ScenarioParser(referencesMayBeMissing: updateSnapshots)
        var scenarios: [Scenario] = []
        var problems: [String] = []
        for file in files {
            do {
                scenarios.append(try parser.parse(contentsOf: file))
            } catch {
                problems.append(error.description)
            }
        }
        for (name, group) in Dictionary(grouping: scenarios, by: \.name) where group.count > 1 {
            problems.append("two scenarios are named '\(name)': \(group.map(\.file).joined(separator: ", ")) — names must be unique")
        }
        guard problems.isEmpty else {
            for problem in problems { FileHandle.standardError.write(Data((problem + "\n").utf8)) }
            throw ExitCode(64)
        }
        let outputURL = URL(fileURLWithPath: output)
        var only: Set<String>?
        if lastFailed {
            guard let failed = LastRun.failed(in: outputURL) else {
                throw UsageFailure("--last-failed: no record of a last run in \(output) (run without it first).")
            }
            only = failed
        }
        let chosen = try SuiteRunner.select(scenarios, grep: grep, shard: shardParts, only: only)
        if list {
            for scenario in chosen { print("\(scenario.name)  \(scenario.file)  (\(plural(scenario.steps.count, "step")))") }
            print("\(chosen.count) of \(plural(scenarios.count, "scenario"))")
            return
        }
        guard !chosen.isEmpty else {
            let why = scenarios.isEmpty ? "no scenario file in \((paths.isEmpty ? ["Scenarios"] : paths).joined(separator: ", "))"
                : "\(plural(scenarios.count, "scenario")) found, none selected"
            guard passWithNoTests else {
                throw CommandFailure("No scenario to run (\(why)); pass --pass-with-no-tests if that is expected.")
            }
            print("No scenario to run (\(why)).")
            return
        }

        // Replaying means no model, even when one is configured in the environment.
        let endpoint = replay ? nil : models.endpoint
        let family = models.family(for: endpoint)
        let vision = models.visionProfile(family: family, endpoint: endpoint)
        var tape: Cassette?
        if let cassette {
            do {
                tape = try Cassette(url: URL(fileURLWithPath: cassette), mode: record ? .record : .replay)
            } catch {
                throw UsageFailure("\(error)")
            }
        }
        var answers: (any ChatModel)? = endpoint.map { models.chatModel($0) }
        var planner: (any ChatModel)? = replay ? nil : models.plannerEndpoint.map { models.chatModel($0) }
        if let tape {
            let key = family.name == "planner" ? vision.name : family.cassetteKey
            answers = tape.mode == .replay ? tape.replaying(profile: key) : answers.map { tape.recording($0, profile: key) }
            planner = tape.mode == .replay ? tape.replaying(profile: "planner") : planner.map { tape.recording($0, profile: "planner") }
        }
        let settings = models
        let options = ScenarioRunOptions(output: outputURL, updateSnapshots: updateSnapshots, model: answers, planner: planner, profile: vision,
                                         family: family, recordsCassettes: record && tape == nil,
                                         recipe: { settings.recipe(family: $0, model: $1, planner: $2) },
                                         keepStepScreenshots: html != nil, locateTimeout: locateTimeout, programFolders: [Self.executableFolder])
        var chosenOptions = options
        chosenOptions.video = video.mode
        chosenOptions.safety = try policy.map { try SafetyPolicyParser.load($0) }
        chosenOptions.confirmsPolicy = yes
        if headed { chosenOptions.headedOn = ProcessInfo.processInfo.environment["DISPLAY"] }
        if pauseOnFailure { chosenOptions.pauseOnFailure = { display, result in await Self.pause(display: display, result) } }
        let suite = SuiteRunner(runner: try ScenarioRunner(options: chosenOptions), jobs: jobs, retries: retries)
        print("Running \(plural(chosen.count, "scenario")) with \(plural(jobs, "job"))"
              + (endpoint.map { " (model: \($0))" } ?? "") + (tape.map { " (\($0.mode.rawValue)ing \($0.url.path))" } ?? "")
              + "; artifacts in \(output)/")
        let start = ContinuousClock.now
        let run = Task { await suite.run(chosen) { finished, total, result in print(ConsoleReport.line(finished: finished, total: total, result)) } }
        let interrupt = SignalTrap(SIGINT) { run.cancel() }
        let results = await run.value
        withExtendedLifetime(interrupt) {}
        interrupt.cancel()
        let interrupted = run.isCancelled
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        for file in results.flatMap({ $0.updatedFiles ?? [] }) { print("Updated \(file)") }
        print(ConsoleReport.summary(results, seconds: seconds) + (interrupted ? " — interrupted, \(chosen.count - results.count) not run" : ""))
        try? LastRun.save(results, in: outputURL)
        if let junit {
            try JUnitReport.write(results, seconds: seconds, interrupted: interrupted, to: URL(fileURLWithPath: junit))
            print("JUnit report: \(junit)")
        }
        if let html {
            let page = try HTMLReport.write(results, seconds: seconds, interrupted: interrupted, to: URL(fileURLWithPath: html))
            print("HTML report: \(page.path)")
        }
        if interrupted { throw ExitCode(130) }
        if results.contains(where: { $0.verdict == .failed }) { throw ExitCode(1) }
    }

    /// Holds a failed scenario's display up until a line arrives on standard input (end of input goes on
    /// at once: nobody is there to press a key). With several jobs, each Enter lets one paused scenario go.
    static func pause(display: String, _ result: ScenarioResult) async {
        print("""
            Paused after \(result.name) failed: \(SafeText.line(result.reason ?? "", limit: 300))
              The app is still running on DISPLAY=\(display): look with `DISPLAY=\(display) deskpilot screenshot shot.png` \
            or `deskpilot windows --display \(display)`.
              Press Enter to stop it and go on.
            """)
        fflush(nil)  // all streams: a pipe or file is block-buffered: the person (or program) waiting must see it now
        // readLine blocks: read on a thread of its own, not one of Swift's task threads.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread { _ = readLine(); done.resume() }.start()
        }
    }

    /// The folder of this executable: Deskpilot's other programs (`deskpilot-fixture`) are built beside it.
    static var executableFolder: String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent().path
    }
}

/// `on`, `retain-on-failure` or `off`.
struct VideoArgument: ExpressibleByArgument {
    let mode: VideoMode
    init(mode: VideoMode) { self.mode = mode }
    init?(argument: String) {
        guard let mode = VideoMode(rawValue: argument) else { return nil }
        self.mode = mode
    }
    static var allValueStrings: [String] { VideoMode.allCases.map(\.rawValue) }
    var defaultValueDescription: String { mode.rawValue }
}
