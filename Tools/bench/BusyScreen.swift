import Deskpilot
import DeskpilotTesting
import Foundation
import Imaging

/// The screen the benchmark measures on, as the issue describes it: a photo-like background (the fixture's
/// `photo` scene, full screen) with xterms full of text over it, and the fixture's form for input.
final class BusyScreen {
    private var processes: [ChildProcess] = []
    let form: FixtureApp
    let background: FixtureApp

    init(display: String, size: Size) async throws {
        background = try await FixtureApp.launch(
            scene: "photo", display: display,
            arguments: ["--width", "\(size.width)", "--height", "\(size.height)", "--title", "Background"])
        let columns = 3, rows = 2
        for index in 0..<(columns * rows) {
            let x = (index % columns) * size.width / columns + 20, y = (index / columns) * size.height / rows + 20
            processes.append(try ChildProcess(
                ["xterm", "-geometry", "80x24+\(x)+\(y)", "-title", "busy-\(index)", "-e", "sh", "-c",
                 "ls -la /usr/bin /usr/lib | head -c 20000; echo; sleep 100000"],
                display: display))
        }
        // Let the xterms map and draw their text before measuring.
        let desktop = try X11Desktop(display: display)
        let deadline = ContinuousClock.now + .seconds(20)
        while try await desktop.windows().filter({ $0.title.hasPrefix("busy-") }).count < columns * rows,
            ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(50))
        }
        // The form goes on top of the xterms (no window manager: the last mapped window is topmost).
        form = try await FixtureApp.launch(
            scene: "form", display: display,
            arguments: ["--x", "\(size.width - 820)", "--y", "\(size.height - 620)", "--title", "Bench Form"])
        try await Task.sleep(for: .milliseconds(500))
    }

    func stop() {
        for process in processes { process.stop() }
        form.stop()
        background.stop()
    }
}
