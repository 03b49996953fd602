import Deskpilot
import Foundation
public import Imaging

/// A running `deskpilot-fixture` on a display, with its event log.
///
/// ```swift
/// let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
/// try await desktop.click(at: app.center(of: "OK"))
/// let click = try await app.waitForEvent { $0.event == "click" }
/// ```
public final class FixtureApp: Sendable {
    /// The scene shown.
    public let scene: String
    /// The app's process id.
    public let pid: Int32
    /// The JSON-lines event log the app appends to.
    public let eventsPath: String
    /// Widget geometry, window-relative.
    public let layout: FixtureLayout
    /// The `ready` event: window id and its screen frame.
    public let ready: FixtureEvent
    private let process: ChildProcess
    private let log: EventLog

    private init(scene: String, process: ChildProcess, log: EventLog, layout: FixtureLayout, ready: FixtureEvent) {
        self.scene = scene
        self.log = log
        self.process = process
        self.pid = process.pid
        self.eventsPath = log.path
        self.layout = layout
        self.ready = ready
    }

    /// Starts the fixture on `display` with `scene` and waits for its `ready` event.
    public static func launch(scene: String, display: String, arguments: [String] = [],
                              timeout: Duration = .seconds(15)) async throws -> FixtureApp {
        let executable = try executablePath()
        let layout = try readLayout(scene: scene, arguments: arguments, executable: executable)
        let events = FileManager.default.temporaryDirectory
            .appendingPathComponent("deskpilot-fixture-\(UUID().uuidString).jsonl").path
        guard FileManager.default.createFile(atPath: events, contents: nil) else {
            throw FixtureError("Cannot create the fixture's event log at \(events)")
        }
        let process = try ChildProcess([executable, "--scene", scene, "--events", events] + arguments, display: display)
        let log = EventLog(path: events)
        do {
            let ready = try await log.waitFor(timeout: timeout, description: "the fixture's ready event") { $0.event == "ready" }
            return FixtureApp(scene: scene, process: process, log: log, layout: layout, ready: ready)
        } catch {
            process.stop()
            throw error
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: eventsPath)
    }

    /// Stops the app (SIGTERM, then SIGKILL) and waits for it to exit.
    public func stop() {
        process.stop()
    }

    /// The window's screen frame.
    public var frame: Rect {
        Rect(x: ready.x ?? 0, y: ready.y ?? 0, width: ready.width ?? layout.width, height: ready.height ?? layout.height)
    }

    /// The screen rectangle of the widget called `name`.
    public func rect(of name: String) throws -> Rect {
        guard let widget = layout.widget(name) else {
            throw FixtureError("The \(scene) scene has no widget '\(name)'; it has \(layout.widgets.map(\.name))")
        }
        return Rect(x: frame.x + widget.x, y: frame.y + widget.y, width: widget.width, height: widget.height)
    }

    /// The screen point at the centre of the widget called `name`.
    public func center(of name: String) throws -> Point { try rect(of: name).center }

    /// Every event logged so far.
    public func events() -> [FixtureEvent] { log.read() }

    /// Waits until an event matching `predicate` is logged (polling the log until `timeout`), and returns it.
    /// With `since`, only events after the first `since` ones count (pass `events().count` taken before acting).
    @discardableResult
    public func waitForEvent(since: Int = 0, timeout: Duration = .seconds(5), _ description: String = "a matching event",
                             where predicate: @Sendable (FixtureEvent) -> Bool) async throws -> FixtureEvent {
        try await log.waitFor(since: since, timeout: timeout, description: description, predicate)
    }

    /// Waits until the `text` event of `field` shows `value`, returning the last value seen on timeout in the error.
    public func waitForText(_ value: String, in field: String, timeout: Duration = .seconds(5)) async throws {
        do {
            try await waitForEvent(timeout: timeout, "field \(field) = \(value)") { $0.event == "text" && $0.field == field && $0.value == value }
        } catch {
            let last = events().last { $0.event == "text" && $0.field == field }?.value
            throw FixtureError("field \(field) never showed \(value.debugDescription); last value: \(last.debugDescription)")
        }
    }

    private static func readLayout(scene: String, arguments: [String], executable: String) throws -> FixtureLayout {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--scene", scene, "--layout"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(FixtureLayout.self, from: data)
    }

    /// The fixture binary: `$DESKPILOT_FIXTURE`, or `deskpilot-fixture` next to the running executable or
    /// in the package's debug build folder.
    public static func executablePath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["DESKPILOT_FIXTURE"] { return path }
        return try BuildProducts.path(of: "deskpilot-fixture")
    }
}

/// A failure in the test support itself (missing binary, missing widget, timeout).
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
