import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

@Suite("The deskpilot command line")
struct CommandLineTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `deskpilot` with `arguments`, with DISPLAY set to `display` (or removed).
    static func deskpilot(_ arguments: [String], display: String?) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuildProducts.path(of: "deskpilot"))
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = display
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test("screenshot, click, type, key, windows and cursor drive a real fixture")
    func drivesFixture() async throws {
        try await withVirtualDesktop { display, _ in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let field = try app.center(of: "Email")
            var result = try Self.deskpilot(["click", "\(field.x)", "\(field.y)"], display: display.name)
            #expect(result.status == 0)
            try await app.waitForEvent { $0.event == "focus" && $0.field == "Email" }
            result = try Self.deskpilot(["type", "ada@example.org"], display: display.name)
            #expect(result.status == 0)
            try await app.waitForText("ada@example.org", in: "Email")
            result = try Self.deskpilot(["key", "Return"], display: display.name)
            #expect(result.status == 0)
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Email"] == "ada@example.org")

            result = try Self.deskpilot(["cursor", "--json"], display: display.name)
            #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == #"{"x":\#(field.x),"y":\#(field.y)}"#)

            result = try Self.deskpilot(["windows", "--json", "--display", display.name], display: nil)
            #expect(result.status == 0)
            #expect(result.stdout.contains(#""title":"Deskpilot Fixture""#) && result.stdout.contains(#""pid":\#(app.pid)"#))

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-cli-\(UUID().uuidString).png").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            result = try Self.deskpilot(["screenshot", file, "--region", "0,0,200,100"], display: display.name)
            #expect(result.status == 0)
            let image = try Image(contentsOfPNGFile: file)
            #expect(image.width == 200 && image.height == 100)
        }
    }

    @Test("errors go to stderr with a non-zero status and say how to fix them")
    func errors() throws {
        var result = try Self.deskpilot(["click", "1", "1", "--display", ":4242"], display: nil)
        #expect(result.status != 0)
        #expect(result.stderr.contains("Cannot open X display ':4242'"))
        #expect(result.stdout.isEmpty)

        result = try Self.deskpilot(["cursor"], display: nil)
        #expect(result.status != 0 && result.stderr.contains("DISPLAY is not set"))

        result = try Self.deskpilot(["key", "ctrl+entr"], display: ":4242")
        #expect(result.status != 0 && result.stderr.contains("did you mean 'enter'"))

        result = try Self.deskpilot(["click", "1", "1", "--count", "5"], display: ":4242")
        #expect(result.status != 0 && result.stderr.contains("--count must be 1, 2 or 3"))
    }

    @Test("what people type: negative values, a global --display, options that do not apply, help defaults, file types")
    func argumentPapercuts() async throws {
        // A negative coordinate is refused with a sentence (not "missing argument <y>"), exit 64.
        var result = try Self.deskpilot(["click", "-5", "10"], display: ":4242")
        #expect(result.status == 64 && result.stderr.contains("-5 is off the screen"), "\(result.stderr)")
        // A negative option value reaches the option (the parser would take it for an option): the command's
        // own check answers.
        result = try Self.deskpilot(["test", "--retries", "-1"], display: nil)
        #expect(result.status == 64 && result.stderr.contains("--retries cannot be negative"), "\(result.stderr)")
        result = try Self.deskpilot(["locate", "--text", ""], display: ":4242")
        #expect(result.status == 64 && result.stderr.contains("--text needs a phrase"))
        result = try Self.deskpilot(["locate", "--text", "OK", "--threshold", "0.5"], display: ":4242")
        #expect(result.status == 64 && result.stderr.contains("--threshold applies to --image only"))
        result = try Self.deskpilot(["screenshot", "shot.jpg"], display: ":4242")
        #expect(result.status == 64 && result.stderr.contains("writes PNG only"))
        result = try Self.deskpilot(["click", "--help"], display: nil)
        #expect(result.stdout.contains("default: left") && !result.stdout.contains("ButtonArgument"))

        try await withVirtualDesktop { display, desktop in
            // `--display` before the subcommand, and `scroll --dy -2` (up) reaching the fixture.
            result = try Self.deskpilot(["--display", display.name, "windows"], display: nil)
            #expect(result.status == 0 && result.stdout.contains("No visible top-level windows"), "\(result.stderr)")
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            defer { app.stop() }
            let field = try app.center(of: "Email")
            result = try Self.deskpilot(["scroll", "--dy", "-2", "--at", "\(field.x),\(field.y)"], display: display.name)
            #expect(result.status == 0, "\(result.stderr)")
            let scrolled = try await app.waitForEvent { $0.event == "scroll" }
            #expect(scrolled.dy == -1)  // a notch up (then the second)

            // Two windows matching one name: nothing is focused and both are listed; --first takes the topmost.
            let second = try await FixtureApp.launch(scene: "form", display: display.name, arguments: ["--x", "400", "--y", "300"])
            defer { second.stop() }
            result = try Self.deskpilot(["focus", "Deskpilot Fixture"], display: display.name)
            #expect(result.status == 1 && result.stderr.contains("2 windows match 'Deskpilot Fixture'") && result.stderr.contains("--first"),
                    "\(result.stderr)")
            result = try Self.deskpilot(["focus", "Deskpilot Fixture", "--first"], display: display.name)
            #expect(result.status == 0 && result.stdout.contains("Focused"), "\(result.stderr)")
            _ = desktop
        }
    }

    @Test("every command explains itself with an example", arguments: [
        "screenshot", "click", "move", "drag", "scroll", "key", "type", "cursor", "windows", "focus",
    ])
    func help(command: String) throws {
        let result = try Self.deskpilot([command, "--help"], display: nil)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("--display"))
    }
}
