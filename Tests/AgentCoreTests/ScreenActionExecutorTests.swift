import Deskpilot
import DeskpilotTesting
import Testing

@Suite("The computer_use actions on a real X server")
struct ScreenActionExecutorTests {
    static func screen(_ point: Point) -> ScreenPoint { ScreenPoint(x: point.x, y: point.y) }

    @Test("clicks of every kind land on the fixture's buttons")
    func clicks() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let executor = ScreenActionExecutor(desktop: desktop)
            let cases: [(ScreenAction, String, Int, Int)] = [
                (.leftClick(coordinate: Self.screen(try app.center(of: "OK"))), "OK", 1, 1),
                (.rightClick(coordinate: Self.screen(try app.center(of: "Cancel"))), "Cancel", 3, 1),
                (.middleClick(coordinate: Self.screen(try app.center(of: "Apply"))), "Apply", 2, 1),
                (.doubleClick(coordinate: Self.screen(try app.center(of: "Help"))), "Help", 1, 2),
                (.tripleClick(coordinate: Self.screen(try app.center(of: "Save"))), "Save", 1, 3),
            ]
            for (action, target, button, count) in cases {
                #expect(try await executor.perform(action) == .acted)
                try await app.waitForEvent("\(action)") { $0.event == "click" && $0.target == target && $0.button == button && $0.count == count }
                try await Task.sleep(for: .milliseconds(450))  // past the multi-click interval
            }
            try await desktop.move(to: Point(x: 5, y: 5))
            #expect(try await executor.perform(.mouseMove(coordinate: ScreenPoint(x: 123, y: 234))) == .acted)
            #expect(try await desktop.cursorPosition() == Point(x: 123, y: 234))
        }
    }

    @Test("type, key, scroll and drag")
    func keyboardScrollDrag() async throws {
        try await withVirtualDesktop { display, desktop in
            let form = try await FixtureApp.launch(scene: "form", display: display.name)
            let executor = ScreenActionExecutor(desktop: desktop)
            _ = try await executor.perform(.leftClick(coordinate: Self.screen(try form.center(of: "Name"))))
            _ = try await executor.perform(.type(text: "Ada Lovelace ✓"))
            try await form.waitForText("Ada Lovelace ✓", in: "Name")
            _ = try await executor.perform(.key(keys: ["ctrl", "u"]))
            try await form.waitForText("", in: "Name")
            form.stop()

            let list = try await FixtureApp.launch(scene: "list", display: display.name)
            let center = Self.screen(try list.center(of: "List"))
            _ = try await executor.perform(.scroll(pixels: -3, coordinate: center))  // negative: down
            try await list.waitForEvent { _ in list.events().filter { $0.event == "scroll" }.count == 3 }
            #expect(list.events().filter { $0.event == "scroll" }.allSatisfy { $0.dy == 1 })
            _ = try await executor.perform(.hscroll(pixels: 250, coordinate: center))  // pixels: 3 notches right
            try await list.waitForEvent { _ in list.events().filter { $0.event == "scroll" && $0.dx == 1 }.count == 3 }
            list.stop()

            let drag = try await FixtureApp.launch(scene: "drag", display: display.name)
            _ = try await executor.perform(.mouseMove(coordinate: Self.screen(try drag.center(of: "Square"))))
            _ = try await executor.perform(.leftClickDrag(coordinate: Self.screen(try drag.center(of: "Bin"))))
            let drop = try await drag.waitForEvent { $0.event == "drop" }
            #expect(drop.target == "Bin")
        }
    }

    @Test("a dry run sends no input; terminate, answer and wait end or pause the run")
    func dryRunAndControl() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let dry = ScreenActionExecutor(desktop: desktop, dryRun: true)
            #expect(try await dry.perform(.leftClick(coordinate: Self.screen(try app.center(of: "OK")))) == .acted)
            #expect(try await dry.perform(.type(text: "nothing")) == .acted)
            #expect(try await dry.perform(.terminate(status: .success)) == .terminated(.success))
            #expect(try await dry.perform(.answer(text: "42")) == .answered("42"))
            let start = ContinuousClock.now
            #expect(try await dry.perform(.wait(time: 0.2)) == .waited)
            #expect(ContinuousClock.now - start >= .milliseconds(200))
            // A real click afterwards is the first event the app sees.
            try await desktop.click(at: try app.center(of: "Quit"))
            let first = try await app.waitForEvent { $0.event == "click" }
            #expect(first.target == "Quit")
        }
    }

    @Test("scroll amounts: small values are notches, large ones pixels", arguments: [
        (3.0, 3), (-2.0, -2), (0.0, 0), (0.3, 1), (50.0, 50), (120.0, 1), (-500.0, -5),
    ])
    func notches(amount: Double, expected: Int) {
        #expect(ScreenActionExecutor.notches(amount) == expected)
    }
}
