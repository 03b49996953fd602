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
