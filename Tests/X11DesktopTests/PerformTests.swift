import Deskpilot
import DeskpilotTesting
import Testing

/// `Desktop.perform`: the one place a `DesktopAction` becomes input, on a real X server, checked in the
/// fixture's event log.
@Suite("DesktopAction performed on a real X server")
struct PerformTests {
    @Test("clicks of every kind land on the fixture's buttons; a move moves the pointer")
    func clicks() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let cases: [(DesktopAction<Point>, String, Int, Int)] = [
                (.click(try app.center(of: "OK"), button: .left, count: 1), "OK", 1, 1),
                (.click(try app.center(of: "Cancel"), button: .right, count: 1), "Cancel", 3, 1),
                (.click(try app.center(of: "Apply"), button: .middle, count: 1), "Apply", 2, 1),
                (.click(try app.center(of: "Help"), button: .left, count: 2), "Help", 1, 2),
                (.click(try app.center(of: "Save"), button: .left, count: 3), "Save", 1, 3),
            ]
            for (action, target, button, count) in cases {
                try await desktop.perform(action)
                try await app.waitForEvent("\(action)") { $0.event == "click" && $0.target == target && $0.button == button && $0.count == count }
                try await Task.sleep(for: .milliseconds(450))  // past the multi-click interval
            }
            try await desktop.perform(.move(to: Point(x: 123, y: 234)))
            #expect(try await desktop.cursorPosition() == Point(x: 123, y: 234))
        }
    }

    @Test("type, key, scroll, and a drag from where the pointer is")
    func keyboardScrollDrag() async throws {
        try await withVirtualDesktop { display, desktop in
            let form = try await FixtureApp.launch(scene: "form", display: display.name)
            try await desktop.perform(.click(try form.center(of: "Name"), button: .left, count: 1))
            try await desktop.perform(.type("Ada Lovelace ✓"))
            try await form.waitForText("Ada Lovelace ✓", in: "Name")
            try await desktop.perform(.key(try KeyCombo(parsing: "ctrl+u")))
            try await form.waitForText("", in: "Name")
            form.stop()

            let list = try await FixtureApp.launch(scene: "list", display: display.name)
            let center = try list.center(of: "List")
            try await desktop.perform(.scroll(dx: 0, dy: 3, at: center))
            try await list.waitForEvent { _ in list.events().filter { $0.event == "scroll" }.count == 3 }
            #expect(list.events().filter { $0.event == "scroll" }.allSatisfy { $0.dy == 1 })
            try await desktop.perform(.scroll(dx: 3, dy: 0, at: center))
            try await list.waitForEvent { _ in list.events().filter { $0.event == "scroll" && $0.dx == 1 }.count == 3 }
            list.stop()

            let drag = try await FixtureApp.launch(scene: "drag", display: display.name)
            try await desktop.perform(.move(to: try drag.center(of: "Square")))
            try await desktop.perform(.drag(along: [try drag.center(of: "Bin")], button: .left))
            let drop = try await drag.waitForEvent { $0.event == "drop" }
            #expect(drop.target == "Bin")
            #expect((drop.motions ?? 0) > 2)  // motion in between, as a hand makes
        }
    }

    @Test("a wait sends nothing and takes its time")
    func wait() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let start = ContinuousClock.now
            try await desktop.perform(.wait(seconds: 0.2))
            #expect(ContinuousClock.now - start >= .milliseconds(200))
            try await desktop.click(at: try app.center(of: "Quit"))
            let first = try await app.waitForEvent { $0.event == "click" || $0.event == "key" }
            #expect(first.target == "Quit")
        }
    }
}

@Suite("DesktopAction: one map, one set of limits")
struct DesktopActionTests {
    @Test("map transforms every target in order and nothing else")
    func map() {
        let action = DesktopAction<Int>.drag(along: [1, 2, 3], button: .right)
        #expect(action.map { $0 * 10 } == .drag(along: [10, 20, 30], button: .right))
        #expect(action.targets == [1, 2, 3] && action.point == 3)
        #expect(DesktopAction<Int>.scroll(dx: 1, dy: -2, at: nil).map { "\($0)" } == .scroll(dx: 1, dy: -2, at: nil))
        #expect(DesktopAction<Int>.type("x").targets.isEmpty)
    }

    @Test("limits refuse what is too much, with what is allowed", arguments: [
        (DesktopAction<Point>.scroll(dx: 0, dy: 51, at: nil), ActionLimitError.scrollTooFar(notches: 51, limit: 50)),
        (.wait(seconds: 61), .waitOutOfRange(seconds: 61, limit: 60)),
        (.wait(seconds: .nan), .waitOutOfRange(seconds: .nan, limit: 60)),
        (.type(String(repeating: "a", count: 5001)), .textTooLong(length: 5001, limit: 5000)),
        (.type(""), .emptyText),
        (.click(nil, button: .left, count: 4), .clickCount(4)),
        (.drag(along: [], button: .left), .dragPath(points: 0, limit: 64)),
        (.drag(along: Array(repeating: Point(x: 1, y: 1), count: 65), button: .left), .dragPath(points: 65, limit: 64)),
        (.click(Point(x: 640, y: 5), button: .left, count: 1), .offScreen(Point(x: 640, y: 5), screen: Size(width: 640, height: 480))),
    ])
    func limits(action: DesktopAction<Point>, error: ActionLimitError) {
        #expect {
            try action.checked(against: ActionLimits(), screen: Size(width: 640, height: 480))
        } throws: { thrown in
            // NaN is not equal to itself: compare such errors by their words.
            (thrown as? ActionLimitError).map { "\($0)" } == "\(error)"
        }
        #expect(!error.description.isEmpty)
    }

    @Test("within the limits, an action passes unchanged")
    func withinLimits() throws {
        let action = DesktopAction<Point>.scroll(dx: -50, dy: 50, at: Point(x: 639, y: 479))
        #expect(try action.checked(against: ActionLimits(), screen: Size(width: 640, height: 480)) == action)
    }
}
