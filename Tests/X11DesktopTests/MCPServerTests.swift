import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// `deskpilot mcp` driven by a client no one here wrote: the official MCP Python SDK (pinned, installed by
/// `Tools/bootstrap --mcp` into `.mcp-venv/`), over stdio and over streamable HTTP, on a private Xvfb with
/// the fixture's form. `run_task` runs Deskpilot's agent with the stand-in model over real HTTP.
@Suite("deskpilot mcp with the official Python SDK")
struct MCPServerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("stdio: tools with schemas and annotations; a scaled screenshot; locate, click, type Unicode; run_scenario; run_task submits the form with progress per step; errors are results")
    func overStandardIO() async throws {
        try await drive(http: false)
    }

    @Test("HTTP: 401 without the token or with a wrong one; with it, the same session as over stdio; the server ends on SIGTERM")
    func overHTTP() async throws {
        try await drive(http: true)
    }

    @Test("the display dies under the server: each call is an error result saying so, and the server keeps answering")
    func displayGone() async throws {
        let display = try VirtualDisplay(width: 640, height: 480)
        defer { display.stop() }
        let client = try await MCPTestClient.run(display: display.name, ["--display-dies", "\(display.guardPID)"], timeout: .seconds(60))
        #expect(client.status == 0, "\(client.errors)")
        let lines = client.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains(#""step": "before", "error": false"#) }, "\(lines)")
        for step in ["screenshot_after", "click_after", "still_serving"] {
            let line = lines.first { $0.contains(#""step": "\#(step)""#) } ?? ""
            #expect(line.contains(#""error": true"#) && line.contains("The connection to X display '\(display.name)' was lost"), "\(step): \(line)")
        }
    }

    @Test("a client that gives up on run_task cancels it: the agent stops at once, its record ends 'interrupted', the server keeps serving")
    func cancelledTask() async throws {
        try await withTemporaryFolder("deskpilot-mcp-cancel") { folder in
            // Thirty waits of about a second, each a little longer (the same action again and again would end the
            // run as stuck): the run would take half a minute if nothing stopped it.
            let plan = folder.appendingPathComponent("waits.plan").path
            try ((0..<30).map { "wait \(1 + Double($0) / 100)" } + ["terminate success"]).joined(separator: "\n")
                .write(toFile: plan, atomically: true, encoding: .utf8)
            let (model, baseURL) = try await StandInModel.start(planFile: plan)
            defer { model.stop() }
            try await withVirtualDesktop(width: 640, height: 480) { display, _ in
                let runs = folder.appendingPathComponent("runs")
                let started = ContinuousClock.now
                let client = try await MCPTestClient.run(display: display.name, ["--base-url", baseURL, "--cancel-task"],
                                                         environment: ["DESKPILOT_TEST_RUNS": runs.path], timeout: .seconds(60))
                #expect(client.status == 0, "\(client.errors)")
                let lines = client.output
                #expect(lines.contains(#""step": "run_task_cancelled", "finished": false"#), "\(lines)")
                #expect(lines.contains(#""step": "ended_while_connected", "ended": true"#), "the cancellation itself stopped the run: \(lines)")
                #expect(lines.contains(#""step": "after_cancel", "error": false"#), "\(lines)")
                // The agent's record ends 'interrupted' after a few steps, well before the 30 waits.
                let record = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first { $0.hasPrefix("mcp-task-") })
                let trajectory = runs.appendingPathComponent(record).appendingPathComponent("trajectory.jsonl").path
                let last = try String(contentsOfFile: trajectory, encoding: .utf8).split(separator: "\n").last.map(String.init) ?? ""
                #expect(last.contains(#""event":"end""#) && last.contains(#""outcome":"interrupted""#), "\(last)")
                #expect(ContinuousClock.now - started < .seconds(20), "the run went on after the client gave up")
            }
        }
    }

    /// Runs the client's form flow against the fixture and checks what the client saw and what the app got.
    private func drive(http: Bool) async throws {
        try await withTemporaryFolder("deskpilot-mcp") { folder in
            let plan = folder.appendingPathComponent("submit.plan").path
            try "click \"Submit\"\nterminate success\n".write(toFile: plan, atomically: true, encoding: .utf8)
            let (model, baseURL) = try await StandInModel.start(planFile: plan)
            defer { model.stop() }
            try await withVirtualDesktop(width: 1280, height: 800) { display, _ in
                let app = try await FixtureApp.launch(scene: "form", display: display.name)
                defer { app.stop() }
                let client = try await MCPTestClient.run(
                    display: display.name, ["--base-url", baseURL, "--scenario", Self.root.appendingPathComponent("Scenarios/form-submit.yaml").path]
                        + (http ? ["--http"] : []),
                    environment: ["DESKPILOT_TEST_RUNS": folder.appendingPathComponent("runs").path], timeout: .seconds(180))
                let errors = client.errors
                #expect(client.status == 0, "\(errors.suffix(3000))")
                let steps = client.steps
                if http {
                    // Without the token, or with a wrong one: 401 and a challenge, before any session exists.
                    let refused = try #require(steps["unauthorized"])
                    #expect(refused["statuses"] as? [Int] == [401, 401], "\(refused)")
                    #expect((refused["challenge"] as? String)?.hasPrefix("Bearer") == true)
                    #expect((refused["body"] as? String)?.contains("Authorization: Bearer") == true)
                    #expect(steps["server_exit"]?["status"] as? Int == 0, "SIGTERM ends the server cleanly: \(steps["server_exit"] ?? [:])")
                    // A call's progress travels on its own event stream, ahead of its result.
                    #expect(steps["raw_call_stream"]?["kinds"] as? [String] == ["notifications/progress", "result"], "\(steps["raw_call_stream"] ?? [:])")
                }
                if !http {
                    // The client's model is told the screen and the coordinate contract at initialize.
                    let told = steps["initialize"]?["instructions"] as? String ?? ""
                    #expect(told.contains("1280x800 pixels") && told.contains("screen pixels"), "\(told)")
                }
                // The tools, each with a schema and honest annotations; the coordinate contract in each that takes points.
                let tools = try #require(steps["tools"]?["tools"] as? [String: [String: Any]], "\(errors.suffix(2000))")
                #expect(Set(tools.keys) == ["screenshot", "click", "move", "drag", "scroll", "key", "type", "cursor", "windows", "focus",
                                            "locate_text", "locate_image", "read_text", "wait_for_text", "run_task", "run_scenario"])
                let click = try #require(tools["click"])
                #expect(((click["inputSchema"] as? [String: Any])?["required"] as? [String]) == ["x", "y"])
                #expect((click["annotations"] as? [String: Any])?["destructiveHint"] as? Bool == true)
                #expect((tools["screenshot"]?["annotations"] as? [String: Any])?["readOnlyHint"] as? Bool == true)
                #expect(((tools["run_task"]?["inputSchema"] as? [String: Any])?["required"] as? [String]) == ["task"])
                // A tool without arguments still has an object schema (the SDK refused `{}`: the first run failed so).
                #expect((tools["cursor"]?["inputSchema"] as? [String: Any])?["type"] as? String == "object")
                for name in ["screenshot", "click", "move", "drag", "locate_text", "run_task"] {
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

                // run_task: the agent clicked Submit; a progress notification per step; the result names the record.
                let task = try #require(steps["run_task"])
                #expect(task["error"] as? Bool == false, "\(task)")
                let outcome = try #require(task["structured"] as? [String: Any])
                #expect(outcome["outcome"] as? String == "success" && outcome["steps"] as? Int == 2, "\(outcome)")
                let progress = try #require(task["progress"] as? [[String: Any]])
                #expect(progress.map { $0["progress"] as? Double } == [1, 2], "\(progress)")
                #expect((progress.first?["message"] as? String)?.hasPrefix("step 1: ") == true && progress.first?["total"] as? Double == 30, "\(progress)")
                let trajectory = try #require(outcome["trajectory"] as? String)
                let record = try String(contentsOfFile: trajectory, encoding: .utf8)
                #expect(record.contains(#""event":"end""#) && record.contains(#""event":"step""#), "\(record.prefix(500))")
                #expect(FileManager.default.fileExists(atPath: outcome["report"] as? String ?? "/nonexistent"))
                #expect(trajectory.hasPrefix(folder.appendingPathComponent("runs").path))

                do {
                    // run_scenario: the project's form scenario passed on a display of its own; JUnit and report written.
                    let scenario = try #require(steps["run_scenario"])
                    let summary = try #require(scenario["structured"] as? [String: Any], "\(scenario)")
                    #expect(scenario["error"] as? Bool == false && summary["passed"] as? Int == 1 && summary["failed"] as? Int == 0, "\(summary)")
                    for key in ["junit", "report"] {
                        #expect(FileManager.default.fileExists(atPath: summary[key] as? String ?? "/nonexistent"), "\(key): \(summary)")
                    }
                    let progress = scenario["progress"] as? [[String: Any]] ?? []
                    #expect(progress.count == 1 && (progress.first?["message"] as? String)?.contains("form-submit") == true, "\(progress)")
                    #expect((steps["missing_scenario"]?["text"] as? String)?.contains("no such file or folder") == true, "\(steps["missing_scenario"] ?? [:])")
                }
                // The fixture got the click into its field, the Unicode text, and the agent's submit.
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
}
