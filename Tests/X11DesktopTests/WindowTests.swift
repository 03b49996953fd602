import Deskpilot
import Foundation
import DeskpilotTesting
import Testing

@Suite("Windows on a bare X server")
struct WindowTests {
    @Test("the window list shows the fixture with its title, class, pid and frame")
    func listsFixture() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name, arguments: ["--x", "40", "--y", "30"])
            let windows = try await desktop.windows()
            let window = try #require(windows.first { $0.title == "Deskpilot Fixture" })
            #expect(window.pid == Int(app.pid))
            #expect(window.className == "DeskpilotFixture" && window.instanceName == "deskpilot-fixture")
            #expect(window.id == app.ready.window)
            #expect(window.frame == Rect(x: 40, y: 30, width: app.layout.width, height: app.layout.height))
        }
    }

    @Test("focusing a window by title gives it the keyboard")
    func focus() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let left = try await FixtureApp.launch(scene: "keys", display: display.name, arguments: ["--title", "Left Keys", "--x", "0"])
            let right = try await FixtureApp.launch(scene: "keys", display: display.name, arguments: ["--title", "Right Keys", "--x", "640", "--width", "640"])
            // The pointer sits over the left window, so only explicit focus can send keys to the right one.
            try await desktop.move(to: Point(x: 100, y: 100))
            let focused = try await desktop.focusWindow(matching: "right keys")
            #expect(focused.title == "Right Keys")
            #expect(try await desktop.activeWindow()?.title == "Right Keys")
            try await desktop.key(try KeyCombo(parsing: "ctrl+r"))
            try await right.waitForEvent { $0.event == "key" && $0.combo == "ctrl+r" }
            #expect(!left.events().contains { $0.event == "key" })

            try await desktop.focusWindow(matching: "Left Keys")
            #expect(try await desktop.activeWindow()?.title == "Left Keys")
            try await desktop.key(try KeyCombo(parsing: "ctrl+l"))
            try await left.waitForEvent { $0.event == "key" && $0.combo == "ctrl+l" }
        }
    }

    @Test("focusing a window that does not exist names the query")
    func focusMissing() async throws {
        try await withVirtualDesktop { _, desktop in
            await #expect(throws: X11Error.noSuchWindow("No Such Window")) {
                try await desktop.focusWindow(matching: "No Such Window")
            }
        }
    }
}

@Suite("Windows under an EWMH window manager (Debian's openbox)")
struct WindowManagerTests {
    /// Starts openbox on `display` and waits until it has announced itself on the root window.
    static func startWindowManager(on display: VirtualDisplay, desktop: X11Desktop) async throws -> ChildProcess {
        let openbox = try ChildProcess(["openbox", "--sm-disable"], display: display.name, environment: ["HOME": NSTemporaryDirectory()])
        let deadline = ContinuousClock.now + .seconds(10)
        while !(try await desktop.hasWindowManager) {
            guard ContinuousClock.now < deadline, openbox.isRunning else {
                throw FixtureError("openbox did not start on \(display.name)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return openbox
    }

    @Test("the window list comes from _NET_CLIENT_LIST and focus goes through _NET_ACTIVE_WINDOW")
    func ewmh() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let openbox = try await Self.startWindowManager(on: display, desktop: desktop)
            defer { openbox.stop() }
            let left = try await FixtureApp.launch(scene: "keys", display: display.name, arguments: ["--title", "Left Keys", "--x", "0"])
            let right = try await FixtureApp.launch(scene: "keys", display: display.name, arguments: ["--title", "Right Keys", "--x", "640", "--width", "600"])
            // Client windows, not openbox's frames: titles and pids come through.
            let deadline = ContinuousClock.now + .seconds(10)
            var titles: Set<String> = []
            while ContinuousClock.now < deadline {
                titles = Set(try await desktop.windows().map(\.title))
                if titles.isSuperset(of: ["Left Keys", "Right Keys"]) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(titles.isSuperset(of: ["Left Keys", "Right Keys"]))
            let listed = try #require(try await desktop.window(matching: "Right Keys"))
            #expect(listed.pid == Int(right.pid) && listed.id == right.ready.window)

            for (target, other, combo) in [(right, left, "ctrl+r"), (left, right, "ctrl+l")] {
                let title = target === right ? "Right Keys" : "Left Keys"
                try await desktop.focusWindow(matching: title)
                // The window manager acts on the request asynchronously: poll for the result.
                let focusDeadline = ContinuousClock.now + .seconds(5)
                while try await desktop.activeWindow()?.title != title, ContinuousClock.now < focusDeadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(try await desktop.activeWindow()?.title == title)
                let before = other.events().filter { $0.event == "key" }.count
                try await desktop.key(try KeyCombo(parsing: combo))
                try await target.waitForEvent { $0.event == "key" && $0.combo == combo }
                #expect(other.events().filter { $0.event == "key" }.count == before)
            }
        }
    }
}
