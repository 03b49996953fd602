import Deskpilot
import DeskpilotTesting
import Testing

@Suite("Pointer input through XTest")
struct PointerTests {
    static let buttons = ["OK", "Cancel", "Apply", "Help", "Save", "Quit"]

    @Test("single, double and triple clicks land on each button and are counted as such", arguments: buttons)
    func clicks(button: String) async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let target = try app.center(of: button)
            for count in 1...3 {
                let before = app.events().filter { $0.event == "click" }.count
                try await desktop.click(at: target, button: .left, count: count)
                try await app.waitForEvent("click \(count) on \(button)") { $0.event == "click" && $0.count == count && $0.target == button }
                // Let the releases arrive too, then check exactly `count` presses, numbered 1...count.
                try await app.waitForEvent { _ in app.events().filter { $0.event == "release" }.count >= before + count }
                let clicks = app.events().filter { $0.event == "click" }.dropFirst(before)
                #expect(clicks.map(\.count) == Array(1...count))
                #expect(clicks.allSatisfy { $0.target == button && $0.button == 1 && $0.x == target.x && $0.y == target.y })
                // Past the multi-click interval, so the next gesture starts a new count.
                try await Task.sleep(for: .milliseconds(450))
            }
        }
    }

    @Test("right and middle buttons, press and release separately")
    func otherButtons() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            try await desktop.click(at: try app.center(of: "Apply"), button: .right, count: 1)
            try await app.waitForEvent { $0.event == "click" && $0.button == 3 && $0.target == "Apply" }
            try await desktop.move(to: try app.center(of: "Help"))
            try await desktop.press(.middle)
            try await app.waitForEvent { $0.event == "click" && $0.button == 2 && $0.target == "Help" }
            #expect(!app.events().contains { $0.event == "release" && $0.button == 2 })
            try await desktop.release(.middle)
            try await app.waitForEvent { $0.event == "release" && $0.button == 2 }
        }
    }

    @Test("move puts the pointer where asked; off-screen points are refused")
    func moveAndCursor() async throws {
        try await withVirtualDesktop(width: 640, height: 480) { _, desktop in
            for point in [Point(x: 0, y: 0), Point(x: 123, y: 45), Point(x: 639, y: 479)] {
                try await desktop.move(to: point)
                #expect(try await desktop.cursorPosition() == point)
            }
            await #expect(throws: X11Error.pointOffScreen(x: 640, y: 10, screen: "640x480")) {
                try await desktop.move(to: Point(x: 640, y: 10))
            }
            await #expect(throws: X11Error.invalidClickCount(4)) {
                try await desktop.click(at: Point(x: 1, y: 1), button: .left, count: 4)
            }
        }
    }

    @Test("scrolling sends one wheel notch per step in the right direction", arguments: [(0, 3), (0, -2), (4, 0), (-1, 0), (2, -2)])
    func scroll(dx: Int, dy: Int) async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "list", display: display.name)
            let list = try app.center(of: "List")
            try await desktop.scroll(dx: dx, dy: dy, at: list)
            let expected = abs(dx) + abs(dy)
            try await app.waitForEvent { _ in app.events().filter { $0.event == "scroll" }.count >= expected }
            let scrolls = app.events().filter { $0.event == "scroll" }
            #expect(scrolls.count == expected)
            #expect(scrolls.reduce(0) { $0 + ($1.dx ?? 0) } == dx)
            #expect(scrolls.reduce(0) { $0 + ($1.dy ?? 0) } == dy)
            #expect(scrolls.allSatisfy { $0.x == list.x && $0.y == list.y })
            if dy > 0 {
                try await app.waitForEvent { $0.event == "list_scroll" && $0.first == dy }
            }
        }
    }

    @Test("drag moves from the square to the bin with intermediate motion")
    func drag() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "drag", display: display.name)
            let start = try app.center(of: "Square"), end = try app.center(of: "Bin")
            try await desktop.drag(from: start, to: end, steps: 12)
            let started = try await app.waitForEvent { $0.event == "drag_start" }
            #expect(started.target == "Square" && started.x == start.x && started.y == start.y)
            let drop = try await app.waitForEvent { $0.event == "drop" }
            #expect(drop.target == "Bin")
            #expect(drop.x == end.x && drop.y == end.y)
            #expect((drop.motions ?? 0) >= 12)
        }
    }

    @Test("a drag released outside the bin drops nowhere")
    func dragMiss() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "drag", display: display.name)
            let start = try app.center(of: "Square")
            try await desktop.drag(from: start, to: Point(x: start.x, y: start.y + 150), steps: 4)
            let drop = try await app.waitForEvent { $0.event == "drop" }
            #expect(drop.target == nil)
        }
    }
}
