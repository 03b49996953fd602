import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// The agent loop end to end: a real fixture on a real Xvfb, a stand-in model answering over real HTTP
/// in Qwen3-VL's wire format, and the trajectory on disk.
@Suite("Agent loop")
struct AgentLoopTests {
    /// A chat completion whose content is `text` (Qwen3-VL puts its call in the content).
    static func reply(_ text: String, prompt: Int = 1200, completion: Int = 30) -> ScriptedHTTPServer.Reply {
        let body: [String: Any] = [
            "id": "x", "object": "chat.completion",
            "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
            "usage": ["prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion],
        ]
        return .json(String(decoding: try! JSONSerialization.data(withJSONObject: body), as: UTF8.self))
    }

    /// A `computer_use` call in Qwen3-VL's format.
    static func call(_ arguments: String, thought: String = "Next step.") -> ScriptedHTTPServer.Reply {
        reply("\(thought)\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": \(arguments)}\n</tool_call>")
    }

    /// `point` on a `size` screen in Qwen3-VL's 0–1000 coordinates.
    static func normalized(_ point: Point, _ size: Size) -> String {
        "[\(Int((Double(point.x) / Double(size.width) * 1000).rounded())), \(Int((Double(point.y) / Double(size.height) * 1000).rounded()))]"
    }

    static func runDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-run-\(UUID().uuidString)")
    }

    static func events(in directory: URL) throws -> [StepRecord] {
        let data = try Data(contentsOf: directory.appendingPathComponent("trajectory.jsonl"))
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(StepRecord.self, from: Data($0)) }
    }

    static func agent(_ desktop: X11Desktop, _ server: ScriptedHTTPServer, trajectory: TrajectoryWriter? = nil,
                      tools: ToolRegistry = ToolRegistry(), configuration: AgentConfiguration = AgentConfiguration()) -> Agent {
        Agent(desktop: desktop,
              transport: ModelTransport(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "qwen3-vl-test"),
                                        retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))),
              profile: Qwen3VLProfile(), tools: tools, configuration: configuration, trajectory: trajectory)
    }

    @Test("fills in and submits the form; the record has every step")
    func fillsForm() async throws {
        let directory = Self.runDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let size = desktop.size
            let server = try await ScriptedHTTPServer(replies: [
                Self.call(#"{"action": "left_click", "coordinate": \#(Self.normalized(try app.center(of: "Name"), size))}"#),
                Self.call(#"{"action": "type", "text": "Ada Lovelace"}"#),
                Self.call(#"{"action": "left_click", "coordinate": \#(Self.normalized(try app.center(of: "Submit"), size))}"#),
                Self.call(#"{"action": "terminate", "status": "success"}"#, thought: "The form is submitted."),
            ])
            let result = await Self.agent(desktop, server, trajectory: try TrajectoryWriter(directory: directory))
                .run("Fill in the form with the name Ada Lovelace and submit it")
            await server.shutdown()

            #expect(result.outcome == .succeeded)
            #expect(result.steps == 4)
            #expect(result.usage.promptTokens == 4800 && result.usage.completionTokens == 120)
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Name"] == "Ada Lovelace")
            #expect(app.events().filter { $0.event == "click" }.map(\.target) == ["Name", "Submit"])

            // Every request: the same system prompt, a screenshot of the sent size, the history growing.
            let requests = try server.requests.map { try JSONDecoder().decode(ChatRequest.self, from: $0.body) }
            #expect(requests.count == 4)
            #expect(Set(requests.map { $0.messages.first?.content.text ?? "" }).count == 1)
            #expect(requests.allSatisfy { $0.model == "qwen3-vl-test" })
            #expect(server.requests.allSatisfy { String(decoding: $0.body, as: UTF8.self).contains("data:image/png;base64,") })

            let events = try Self.events(in: directory)
            #expect(events.map(\.event) == ["start", "step", "step", "step", "step", "end"])
            #expect(events.first?.screen == [1280, 800])
            #expect(events.last?.outcome == "success")
            let steps = events.filter { $0.event == "step" }
            #expect(steps.map(\.tool) == Array(repeating: "computer_use", count: 4))
            #expect(steps[0].action?.hasPrefix("left_click") == true)
            #expect(steps.allSatisfy { $0.timings?["encode"] != nil && $0.timings?["request"] != nil && $0.durationMilliseconds != nil })
            #expect(steps[0].timings?["settle"] != nil)
            // The first screenshot is captured; each later one was prepared while the previous action settled.
            #expect(steps[0].timings?["capture"] != nil && steps[0].observedWhileSettling == nil)
            // (A step whose screen was still changing when the settle cap ran out captures afresh: on a loaded
            // machine that can happen, so not every step need have been prepared early.)
            #expect(steps.dropFirst().contains { $0.observedWhileSettling == true })
            #expect(steps.allSatisfy { ($0.observedWhileSettling == true) == ($0.timings?["capture"] == nil) })
            // Streaming was asked for; this server answers whole, which is read all the same.
            #expect(requests.allSatisfy { $0.stream })
            // Visual tokens: every image the request carried (the history's too), one per 32×32 square.
            let sent = try #require(steps[0].imageSize)
            let perImage = (sent[0] / 32) * (sent[1] / 32)
            #expect(steps.enumerated().allSatisfy { $0.element.visualTokens == ($0.offset + 1) * perImage })
            // The report: the task, the outcome, every step's screenshot inlined, a mark on each click.
            let report = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
            #expect(report.contains("Fill in the form with the name Ada Lovelace and submit it"))
            #expect(report.contains(">success<"))
            #expect(report.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 4)
            #expect(report.components(separatedBy: "class=\"mark\"").count - 1 == 2)
            for step in steps {
                let image = try #require(step.image)
                let png = try Image(contentsOfPNGFile: directory.appendingPathComponent(image).path)
                #expect([png.width, png.height] == step.imageSize)
                #expect(png.width % 32 == 0 && png.height % 32 == 0)
            }
        }
    }

    @Test("a reply without a usable call is re-asked with a correction, then the run fails after too many")
    func corrections() async throws {
        try await withVirtualDesktop { display, desktop in
            _ = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let server = try await ScriptedHTTPServer(replies: [
                Self.reply("I think I should click the OK button."),  // no call
                Self.call(#"{"action": "left_click"}"#),  // missing coordinate is fine: clicks where the pointer is
                Self.reply("<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"fly\"}}</tool_call>"),
                Self.reply("<tool_call>{broken"),
                Self.reply("still nothing"),
            ])
            let result = await Self.agent(desktop, server).run("Click OK")
            await server.shutdown()
            guard case .failed(let reason) = result.outcome else {
                Issue.record("expected failure, got \(result.outcome)")
                return
            }
            #expect(reason.contains("no usable tool call 3 times in a row"))
            // The second request carries the bad reply and the correction.
            let second = try JSONDecoder().decode(ChatRequest.self, from: server.requests[1].body)
            #expect(second.messages.suffix(2).map(\.role) == [.assistant, .user])
            #expect(second.messages.last?.content.text.isEmpty == false)
        }
    }

    @Test("budgets stop the run", arguments: ["steps", "tokens"])
    func budgets(kind: String) async throws {
        try await withVirtualDesktop { _, desktop in
            let server = try await ScriptedHTTPServer(replies: [], fallback: Self.call(#"{"action": "wait", "time": 0.01}"#))
            let configuration = kind == "steps" ? AgentConfiguration(maxSteps: 3) : AgentConfiguration(maxTokens: 2000)
            let result = await Self.agent(desktop, server, configuration: configuration).run("Wait forever")
            await server.shutdown()
            #expect(result.outcome == .budgetExhausted(budget: kind == "steps" ? "max-steps 3" : "max-tokens 2000"))
            #expect(result.steps == (kind == "steps" ? 3 : 2))
        }
    }

    @Test("a dry run sends no input at all")
    func dryRun() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let server = try await ScriptedHTTPServer(replies: [
                Self.call(#"{"action": "left_click", "coordinate": \#(Self.normalized(try app.center(of: "OK"), desktop.size))}"#),
                Self.call(#"{"action": "type", "text": "hello"}"#),
                Self.call(#"{"action": "terminate", "status": "success"}"#),
            ])
            let result = await Self.agent(desktop, server, configuration: AgentConfiguration(dryRun: true)).run("Click OK")
            await server.shutdown()
            #expect(result.outcome == .succeeded)
            // A real click now is the first input the app has ever seen.
            try await desktop.click(at: try app.center(of: "Help"))
            let first = try await app.waitForEvent { $0.event == "click" || $0.event == "key" }
            #expect(first.target == "Help")
        }
    }

    @Test("a custom tool is offered in the prompt, called, and its output reaches the next request")
    func customTool() async throws {
        try await withVirtualDesktop { _, desktop in
            let server = try await ScriptedHTTPServer(replies: [
                Self.reply("<tool_call>\n{\"name\": \"lookup_customer\", \"arguments\": {\"customer\": \"Ada\"}}\n</tool_call>"),
                Self.call(#"{"action": "answer", "text": "ada@example.org"}"#),
            ])
            let result = await Self.agent(desktop, server, tools: try ToolRegistry([LookupTool()])).run("What is Ada's email?")
            await server.shutdown()
            #expect(result.outcome == .answered("ada@example.org"))
            let first = try JSONDecoder().decode(ChatRequest.self, from: server.requests[0].body)
            #expect(first.messages[0].content.text.contains(#""name": "lookup_customer""#))
            let second = String(decoding: server.requests[1].body, as: UTF8.self)
            #expect(second.contains("Ada: email = ada@example.org (step 1)"))
        }
    }

    @Test("replies in tool_calls (vLLM with a tool parser, Ollama) work too")
    func toolCallsField() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let point = Self.normalized(try app.center(of: "Apply"), desktop.size)
            let vllm = #"{"choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"computer_use","arguments":"{\"action\": \"left_click\", \"coordinate\": \#(point)}"}}]},"finish_reason":"tool_calls"}]}"#
            let ollama = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"computer_use","arguments":{"action":"terminate","status":"success"}}}]},"finish_reason":"stop"}]}"#
            let server = try await ScriptedHTTPServer(replies: [.json(vllm), .json(ollama)])
            let result = await Self.agent(desktop, server).run("Click Apply")
            await server.shutdown()
            #expect(result.outcome == .succeeded)
            let click = try await app.waitForEvent { $0.event == "click" }
            #expect(click.target == "Apply")
        }
    }

    @Test("a dead model server ends the run with a clear failure")
    func deadServer() async throws {
        try await withVirtualDesktop { _, desktop in
            let closed = try ClosedPort()
            let agent = Agent(desktop: desktop,
                              transport: ModelTransport(endpoint: ModelEndpoint(baseURL: closed.baseURL, model: "m"),
                                                        retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))),
                              profile: Qwen3VLProfile())
            let result = await agent.run("Anything")
            guard case .failed(let reason) = result.outcome else {
                Issue.record("expected failure, got \(result.outcome)")
                return
            }
            #expect(reason.contains("Cannot reach the model server"))
        }
    }
}
