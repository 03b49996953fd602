import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// `deskpilot mcp` driven by a client no one here wrote: the official MCP Python SDK (pinned, installed by
/// `Tools/bootstrap --mcp` into `.mcp-venv/`), over stdio, on a private Xvfb with the fixture's form.
@Suite("deskpilot mcp with the official Python SDK")
struct MCPServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("list tools with schemas and annotations; a scaled screenshot; locate, click and type Unicode into the fixture; errors are results and the server keeps serving")
    func drivenByPythonSDK() async throws {
        let python = Self.root.appendingPathComponent(".mcp-venv/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "no MCP client: run Tools/bootstrap --mcp (make test does)")
        try await withVirtualDesktop(width: 1280, height: 800) { display, _ in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            defer { app.stop() }
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-mcp-\(UUID().uuidString).jsonl").path
            defer { try? FileManager.default.removeItem(atPath: log) }
            let client = try ChildProcess([python, Self.root.appendingPathComponent("Tests/X11DesktopTests/MCPClient/drive.py").path,
                                           try BuildProducts.path(of: "deskpilot"), display.name],
                                          standardOutput: log, standardError: log + ".err")
            defer { try? FileManager.default.removeItem(atPath: log + ".err") }
            let status = await client.waitForExit(timeout: .seconds(120))
            let errors = (try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""
            #expect(status == 0, "\(errors.suffix(3000))")
            var steps: [String: [String: Any]] = [:]
            for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
                if let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let step = object["step"] as? String {
                    steps[step] = object
                }
            }
            // The tools, each with a schema and honest annotations; the coordinate contract in each that takes points.
            let tools = try #require(steps["tools"]?["tools"] as? [String: [String: Any]])
            #expect(Set(tools.keys) == ["screenshot", "click", "move", "drag", "scroll", "key", "type", "cursor", "windows", "focus",
                                        "locate_text", "locate_image", "read_text", "wait_for_text"])
            let click = try #require(tools["click"])
            #expect(((click["inputSchema"] as? [String: Any])?["required"] as? [String]) == ["x", "y"])
            #expect((click["annotations"] as? [String: Any])?["destructiveHint"] as? Bool == true)
            #expect((tools["screenshot"]?["annotations"] as? [String: Any])?["readOnlyHint"] as? Bool == true)
            // A tool without arguments still has an object schema (the SDK refused `{}`: the first run failed so).
            #expect((tools["cursor"]?["inputSchema"] as? [String: Any])?["type"] as? String == "object")
            for name in ["screenshot", "click", "move", "drag", "locate_text"] {
                #expect((tools[name]?["description"] as? String)?.contains("screen pixels") == true, "\(name)")
            }
            // The screenshot: a PNG of at most the size asked, and the scale back to the screen.
            let shot = try #require(steps["screenshot"])
            #expect(shot["images"] as? [[Int]] == [[640, 400]], "\(shot)")
            let structured = try #require(shot["structured"] as? [String: Any])
            #expect(structured["scale"] as? Double == 0.5)
            #expect((structured["screen"] as? [String: Int]) == ["width": 1280, "height": 800])
            // locate_image finds the picture cut around the Submit button where the button is.
            let found = try #require(((steps["locate_image"]?["structured"] as? [String: Any])?["matches"] as? [[String: Any]])?.first, "\(steps["locate_image"] ?? [:])")
            let submitButton = try app.center(of: "Submit")
            #expect(abs((found["x"] as? Int ?? 0) - submitButton.x) <= 2 && abs((found["y"] as? Int ?? 0) - submitButton.y) <= 2, "\(found)")
            // The fixture got the click into its field, the Unicode text, and the submit.
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Name"] == "Zoë Ünïcødé ✓ 東京")
            // Bad calls are error results with a sentence, and the server answered the next call.
            for (step, message) in [("bad_key", "Unknown key 'nosuchkey'"), ("missing_text", "is not on the screen"),
                                    ("off_screen", "is off the 1280x800 screen"), ("unknown_tool", "There is no tool 'teleport'")] {
                #expect(steps[step]?["error"] as? Bool == true, "\(step)")
                #expect((steps[step]?["text"] as? String)?.contains(message) == true, "\(step): \(steps[step] ?? [:])")
            }
            #expect(steps["after_errors"]?["error"] as? Bool == false)
        }
    }
}
