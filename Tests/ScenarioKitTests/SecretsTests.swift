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
        try await withTemporaryFolder("deskpilot-secret") { folder in
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
                let client = try await MCPTestClient.run(display: display.name, ["--secret", "PW=DESKPILOT_TEST_SECRET"],
                                                         environment: ["DESKPILOT_TEST_SECRET": Self.value], timeout: .seconds(60))
                #expect(client.status == 0, "\(client.errors)")
                try await app.waitForText(Self.value + Self.value, in: "Name")  // typed a second time, after the first
                let mcp = client.output
                #expect(mcp.contains("Secrets: type {{secret:PW}}"), "the client's model is told the secret's name: \(mcp.prefix(600))")
                #expect(mcp.contains(#""step": "typed_secret", "error": false"#) && mcp.contains(#""step": "unknown_secret", "error": true"#), "\(mcp)")
                #expect(!mcp.contains(Self.value) && !client.errors.contains(Self.value))
            }
        }
    }

    @Test("an API key is sent, and is in no artifact: not in --verbose request logs, the record, the report, nor a server's error that quotes it")
    func apiKey() async throws {
        let key = "sk-test-\(UUID().uuidString)"
        try await withTemporaryFolder("deskpilot-key") { folder in
            let done = #"{"id":"1","object":"chat.completion","model":"m","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"#
                + #""Done.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"terminate\", \"status\": \"success\"}}\n</tool_call>"}}],"#
                + #""usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}"#
            // The second server refuses the key and quotes it back, as hosted APIs do.
            let refusing = #"{"error":{"message":"Incorrect API key provided: \#(key). You can find your API key at https://example.com.","type":"invalid_request_error"}}"#
            for (name, reply, expected) in [("accepted", ScriptedHTTPServer.Reply.json(done), Int32(0)),
                                             ("refused", .respond(status: 401, body: refusing, headers: ["Content-Type": "application/json"]), 1)] {
                let server = try await ScriptedHTTPServer(replies: [], fallback: reply)
                defer { Task { await server.shutdown() } }
                try await withVirtualDesktop(width: 640, height: 480) { display, _ in
                    let log = folder.appendingPathComponent("\(name).log").path
                    let out = folder.appendingPathComponent(name)
                    let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Finish", "--base-url", server.baseURL, "--verbose",
                                                "--api-key-env", "DESKPILOT_TEST_KEY", "--display", display.name, "--out", out.path],
                                               environment: ["DESKPILOT_TEST_KEY": key], standardOutput: log, standardError: log)
                    let status = await run.waitForExit(timeout: .seconds(60))
                    let console = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    #expect(status == expected, "\(name): \(console.suffix(2000))")
                    // It was sent: the server got it in the Authorization header.
                    #expect(server.requests.first?.headers["authorization"] == "Bearer \(key)", "\(name)")
                    // --verbose logged the request (headers, body with the image cut to its size) and the answer.
                    #expect(console.contains("verbose: → POST \(server.baseURL)/chat/completions") && console.contains("Authorization: Bearer [API key]"),
                            "\(name): \(console.prefix(2000))")
                    #expect(console.contains("image/png image,") && console.contains(name == "accepted" ? "verbose: ← 200" : "verbose: ← 401"), "\(console.prefix(3000))")
                    if name == "refused" { #expect(console.contains("Incorrect API key provided: [API key]"), "\(console.suffix(2000))") }
                    #expect(Self.files(containing: key, in: [out, URL(fileURLWithPath: log)]).isEmpty, "\(name)")
                }
        }
        }
    }

    @Test("test: a scenario's agent: step types {{secret:PW}} declared under secrets:; the app gets the value, no artifact has it")
    func scenarioAgentStep() async throws {
        try await withTemporaryFolder("deskpilot-secret-agent") { folder in
            let plan = folder.appendingPathComponent("login.plan").path
            try "click \"Name\"\ntype \"{{secret:PW}}\"\nterminate success\n".write(toFile: plan, atomically: true, encoding: .utf8)
            let events = folder.appendingPathComponent("events.jsonl").path
            let scenario = folder.appendingPathComponent("login.yaml").path
            try """
                name: agent-secret
                display: { width: 1024, height: 768 }
                secrets: { PW: DESKPILOT_TEST_SECRET }
                launch:
                  - run: [deskpilot-fixture, --scene, form, --events, "\(events)"]
                    wait_for: { window: "Deskpilot Fixture" }
                steps:
                  - agent: "Log in with the password {{secret:PW}}"
                """.write(toFile: scenario, atomically: true, encoding: .utf8)
            let (mock, baseURL) = try await StandInModel.start(planFile: plan)
            defer { mock.stop() }
            let out = folder.appendingPathComponent("out")
            let (status, text) = try await SuiteTests.run([scenario, "--output", out.path, "--base-url", baseURL,
                                                           "--junit", out.appendingPathComponent("junit.xml").path, "--html", out.appendingPathComponent("html").path],
                                                          environment: ["DESKPILOT_TEST_SECRET": Self.value])
            #expect(status == 0, "\(text)")
            let received = try String(contentsOfFile: events, encoding: .utf8)
            #expect(received.contains(#""value":"\#(Self.value)""#), "\(received.suffix(500))")
            #expect(!text.contains(Self.value))
            #expect(Self.files(containing: Self.value, in: [out]).isEmpty, "\(Self.files(containing: Self.value, in: [out]))")
            #expect(!Self.files(containing: "{{secret:PW}}", in: [out]).isEmpty, "the record shows the placeholder")
        }
    }
}
