import ArgumentParser
import Deskpilot
import Foundation
import ScenarioKit

/// `deskpilot record FILE.yaml`: a scenario written from what a person does on a display.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a scenario by hand: do the task on a display, press Ctrl-C, get a YAML scenario that replays it.",
        discussion: """
            Watches the keyboard and mouse on the display (the X server's RECORD extension) and writes each click \
            as a step whose place is the text under the pointer when it is found only there, else a needle image \
            cut around the point (saved in needles/ beside the file), else the point. Typing becomes type: steps, \
            Ctrl/Alt/Super combinations key: steps, the wheel scroll:, drags drag:, and a pause of more than \
            --pause seconds a wait_for: on text that appeared. Ctrl-C (or --seconds) ends the recording and writes \
            the file; replay it with 'deskpilot test FILE.yaml'.

            With --virtual, the recording happens on a private display of that size: shown as a window on $DISPLAY \
            when it is set (Xephyr), hidden otherwise (drive it from another program, e.g. deskpilot click --display).

            Examples:
              deskpilot record Scenarios/login.yaml --virtual 1280x800 --launch "xedit notes.txt"
              deskpilot record Scenarios/today.yaml --display :0
            """
    )

    @Argument(help: ArgumentHelp("The scenario file to write.", valueName: "file.yaml")) var file: String
    @Option(help: ArgumentHelp("Record on this X display (default: $DISPLAY), unless --virtual.", valueName: "name")) var display: String?
    @Option(help: ArgumentHelp("Record on a private display of this size (a window on $DISPLAY when set).", valueName: "WxH")) var virtual: String?
    @Option(help: ArgumentHelp("A program to start first (split on spaces); it becomes the scenario's launch.", valueName: "command"))
    var launch: String?
    @Option(help: ArgumentHelp("Seconds without input after which what appeared becomes a wait_for.", valueName: "seconds")) var pause = 2.0
    @Option(help: ArgumentHelp("End the recording after this many seconds instead of at Ctrl-C.", valueName: "seconds")) var seconds: Double?
    @Option(name: .customLong("secret"),
            help: ArgumentHelp("Typed text equal to the value of environment variable ENV is written as {{secret:NAME}}, never as itself (repeatable).",
                               valueName: "NAME=ENV"))
    var secretOptions: [String] = []

    /// The secrets named by --secret, with their values.
    private var secrets: [HandRecording.Secret] {
        secretOptions.compactMap { option in
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = ProcessInfo.processInfo.environment[parts[1]] else { return nil }
            return HandRecording.Secret(name: parts[0], variable: parts[1], value: value)
        }
    }

    func validate() throws {
        guard file.hasSuffix(".yaml") || file.hasSuffix(".yml") else {
            throw ValidationError("record writes YAML: give a file ending in .yaml (got '\(file)').")
        }
        if let virtual, VirtualSize(virtual) == nil { throw ValidationError("--virtual takes WIDTHxHEIGHT, e.g. 1280x800 (got '\(virtual)').") }
        if virtual != nil, display != nil { throw ValidationError("Choose one of --display (an existing display) or --virtual (a private one).") }
        guard pause > 0 else { throw ValidationError("--pause must be more than 0 seconds.") }
        if let seconds, seconds <= 0 { throw ValidationError("--seconds must be more than 0.") }
        for option in secretOptions {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw ValidationError("--secret takes NAME=ENV, e.g. --secret PASSWORD=APP_PASSWORD (got '\(option)').")
            }
            guard !(ProcessInfo.processInfo.environment[parts[1]] ?? "").isEmpty else {
                throw ValidationError("--secret \(option): the environment variable \(parts[1]) is not set or empty.")
            }
        }
    }

    func run() async throws {
        var server: VirtualDisplay?
        var launched: ChildProcess?
        defer {
            launched?.stop()
            server?.stop()
        }
        let shownOn = ProcessInfo.processInfo.environment["DISPLAY"].flatMap { $0.isEmpty ? nil : $0 }
        if let virtual, let size = VirtualSize(virtual) {
            server = try VirtualDisplay(width: size.width, height: size.height, shownOn: shownOn, title: "Deskpilot record: \(file)")
        }
        let desktop = try X11Desktop(display: server?.name ?? display)
        var launchCommand: [String]?
        var window: String?
        if let launch {
            var command = launch.split(separator: " ").map(String.init)
            launchCommand = command
            let beside = TestCommand.executableFolder + "/" + command[0]
            if !command[0].contains("/"), FileManager.default.isExecutableFile(atPath: beside) { command[0] = beside }
            let before = Set(try await desktop.windows().map(\.id))
            launched = try ChildProcess(command, display: desktop.displayName)
            let deadline = ContinuousClock.now + .seconds(15)
            while window == nil {
                window = try await desktop.windows().first { !before.contains($0.id) }?.title
                guard window == nil else { break }
                guard ContinuousClock.now < deadline, launched?.isRunning == true else {
                    throw CommandFailure("The --launch program showed no window within 15 s" + (launched?.isRunning == false ? " (it exited)" : "") + ".")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        let recording = HandRecording(desktop: desktop, recognizer: try TextRecognizer(), pauseThreshold: pause, secrets: secrets)
        let (inputs, feed) = AsyncStream.makeStream(of: RecordedInput.self)
        let recorder = try InputRecorder(display: desktop.displayName) { feed.yield($0) }
        let consumer = Task {
            for await input in inputs {
                do { try await recording.handle(input) } catch { print("warning: \(error)") }
            }
        }
        let place = server == nil ? "" : (shownOn == nil ? " (private Xvfb)" : " (private, shown in a window on \(shownOn!))")
        print("Recording on DISPLAY=\(desktop.displayName)\(place). Do the task, then press Ctrl-C to write \(file).")
        fflush(nil)

        // Ctrl-C (or --seconds) ends the recording.
        let (stops, stop) = AsyncStream.makeStream(of: Void.self)
        let interrupt = SignalTrap(SIGINT) { stop.yield() }
        if let seconds {
            Task {
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                stop.yield()
            }
        }
        for await _ in stops { break }
        interrupt.cancel()
        recorder.stop()
        feed.finish()
        await consumer.value

        let url = URL(fileURLWithPath: file)
        let name = url.deletingPathExtension().lastPathComponent.filter { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        let written = try await recording.write(to: url, name: name.isEmpty ? "recorded" : name, display: try await desktop.screenSize(),
                                                launch: launchCommand, waitForWindow: window)
        print("Wrote \(file): \(plural(written.steps, "step")), \(plural(written.needles.count, "needle")). Replay it with: deskpilot test \(file)")
    }
}
