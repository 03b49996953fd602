import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// A secret is typed and written nowhere: `deskpilot run --secret` and `deskpilot mcp --secret` (scenario
/// secrets are tested with `deskpilot record` in SuiteTests).
@Suite("Secrets: typed, and in no artifact")
struct SecretsTests {
    static let value = "hunter2-Zq9!"

    /// Every file below `root` (and `root` itself) whose bytes contain `text`.
    static func files(containing text: String, in roots: [URL]) -> [String] {
        roots.flatMap { root in
            let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])?.map { root.appendingPathComponent($0).path } ?? [root.path]
            return paths.filter { FileManager.default.contents(atPath: $0).map { String(decoding: $0, as: UTF8.self).contains(text) } ?? false }
        }
    }

    @Test("run --secret: the model types {{secret:PW}}, the app gets the value, and no record, report or console line has it; so does mcp --secret")
    func runAndMCP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = folder.appendingPathComponent("task.plan").path
        try "type \"{{secret:PW}}\"\nterminate success\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let (mock, baseURL) = try await StandInModel.start(planFile: plan)
        defer { mock.stop() }
        try await withVirtualDesktop(width: 1024, height: 768) { display, _ in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            defer { app.stop() }
            let log = folder.appendingPathComponent("run.log").path
            let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Log in with {{secret:PW}}", "--base-url", baseURL,
                                        "--secret", "PW=DESKPILOT_TEST_SECRET", "--display", display.name, "--out", folder.appendingPathComponent("run").path],
                                       environment: ["DESKPILOT_TEST_SECRET": Self.value], standardOutput: log, standardError: log)
            #expect(await run.waitForExit(timeout: .seconds(60)) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
            try await app.waitForText(Self.value, in: "Name")
            // The record and the report hold the placeholder, never the value; nor does the console.
            let trajectory = try String(contentsOf: folder.appendingPathComponent("run/trajectory.jsonl"), encoding: .utf8)
            #expect(trajectory.contains("{{secret:PW}}"))
            #expect(Self.files(containing: Self.value, in: [folder.appendingPathComponent("run"), URL(fileURLWithPath: log)]).isEmpty)

            // Through MCP: the official SDK types the placeholder; the result and errors never carry the value.
            let python = SuiteTests.root.appendingPathComponent(".mcp-venv/bin/python").path
            try #require(FileManager.default.isExecutableFile(atPath: python), "no MCP client: run Tools/bootstrap --mcp")
            let mcpLog = folder.appendingPathComponent("mcp.jsonl").path
            let client = try ChildProcess([python, SuiteTests.root.appendingPathComponent("Tests/X11DesktopTests/MCPClient/drive.py").path,
                                           try BuildProducts.path(of: "deskpilot"), display.name, "--secret", "PW=DESKPILOT_TEST_SECRET"],
                                          environment: ["DESKPILOT_TEST_SECRET": Self.value], standardOutput: mcpLog, standardError: mcpLog + ".err")
            #expect(await client.waitForExit(timeout: .seconds(60)) == 0, "\((try? String(contentsOfFile: mcpLog + ".err", encoding: .utf8)) ?? "")")
            try await app.waitForText(Self.value + Self.value, in: "Name")  // typed a second time, after the first
            let mcp = try String(contentsOfFile: mcpLog, encoding: .utf8)
            #expect(mcp.contains(#""step": "typed_secret", "error": false"#) && mcp.contains(#""step": "unknown_secret", "error": true"#), "\(mcp)")
            #expect(!mcp.contains(Self.value) && !((try? String(contentsOfFile: mcpLog + ".err", encoding: .utf8)) ?? "").contains(Self.value))
        }
    }
}
