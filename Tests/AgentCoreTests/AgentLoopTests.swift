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

    static func events(in directory: URL) throws -> [TrajectoryEvent] {
        try TrajectoryEvent.read(from: directory.appendingPathComponent("trajectory.jsonl"))
    }

    static func steps(_ events: [TrajectoryEvent]) -> [StepEvent] {
        events.compactMap { if case .step(let step) = $0 { step } else { nil } }
    }

    static func agent(_ desktop: any Desktop, _ server: ScriptedHTTPServer, trajectory: TrajectoryWriter? = nil,
                      tools: ToolRegistry = ToolRegistry(), configuration: AgentConfiguration = AgentConfiguration(), gate: Gate = Gate()) -> Agent {
        let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "qwen3-vl-test"),
                                  retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
        return Agent(desktop: desktop, policy: VisionModelPolicy(model: model, profile: try! ModelProfiles.named("qwen3-vl")), tools: tools,
                     configuration: configuration, gate: gate, trajectory: trajectory)
    }

    /// One run of the form task on a real fixture, kept in memory for the tests that each check one thing of
    /// it (the run itself takes a few seconds; it happens once, for whichever of them starts first).
    struct FormRun: Sendable {
        var result: AgentResult
        var submitted: [String: String]?
        var clicked: [String?]
        var requests: [ChatRequest]
        var bodies: [String]
        var events: [TrajectoryEvent]
        var report: String
        var images: [String: Image]
    }

    static let formRun = Task<FormRun, any Error> {
        let directory = runDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let size = desktop.size
            let server = try await ScriptedHTTPServer(replies: [
                call(#"{"action": "left_click", "coordinate": \#(normalized(try app.center(of: "Name"), size))}"#),
                call(#"{"action": "type", "text": "Ada Lovelace"}"#),
                call(#"{"action": "left_click", "coordinate": \#(normalized(try app.center(of: "Submit"), size))}"#),
                call(#"{"action": "terminate", "status": "success"}"#, thought: "The form is submitted."),
            ])
            let result = await agent(desktop, server, trajectory: try TrajectoryWriter(directory: directory))
                .run("Fill in the form with the name Ada Lovelace and submit it")
            await server.shutdown()
            let submit = try await app.waitForEvent { $0.event == "submit" }
            let report = try String(contentsOf: try TrajectoryReport.write(for: directory), encoding: .utf8)
            let events = try Self.events(in: directory)
            var images: [String: Image] = [:]
            for name in steps(events).compactMap(\.image) {
                images[name] = try Image(contentsOfPNGFile: directory.appendingPathComponent(name).path)
            }
            return FormRun(result: result, submitted: submit.values, clicked: app.events().filter { $0.event == "click" }.map(\.target),
                           requests: try server.requests.map { try JSONDecoder().decode(ChatRequest.self, from: $0.body) },
                           bodies: server.requests.map { String(decoding: $0.body, as: UTF8.self) }, events: events, report: report, images: images)
        }
    }

    @Test("the form is filled in and submitted, by clicks on the right fields")
    func formSubmitted() async throws {
        let run = try await Self.formRun.value
        #expect(run.result.outcome == .succeeded)
        #expect(run.result.steps == 4)
        #expect(run.submitted?["Name"] == "Ada Lovelace")
        #expect(run.clicked == ["Name", "Submit"])
    }

    @Test("the run's tokens are the server's usage, summed")
    func formTokens() async throws {
        let run = try await Self.formRun.value
        #expect(run.result.tokens == 4 * 1230)
        #expect(Self.steps(run.events).allSatisfy { $0.requests?.first?.promptTokens == 1200 && $0.requests?.first?.tokensEstimated == nil })
    }

    @Test("every request has the same system prompt, the model's name, a screenshot, and asks for streaming")
    func formRequests() async throws {
        let run = try await Self.formRun.value
        #expect(run.requests.count == 4)
        #expect(Set(run.requests.map { $0.messages.first?.content.text ?? "" }).count == 1)
        #expect(run.requests.allSatisfy { $0.model == "qwen3-vl-test" && $0.stream })
        #expect(run.bodies.allSatisfy { $0.contains("data:image/png;base64,") })
    }

    @Test("each request extends the one before: the history grows without changing what was sent")
    func formHistory() async throws {
        let run = try await Self.formRun.value
        for (previous, next) in zip(run.requests, run.requests.dropFirst()) {
            #expect(next.messages.starts(with: previous.messages))
            #expect(next.messages.count == previous.messages.count + 2)
        }
    }

    @Test("the record: a start with the screen, one event per step, an end with the outcome")
    func formRecord() async throws {
        let run = try await Self.formRun.value
        guard case .start(let start)? = run.events.first, case .end(let end)? = run.events.last else {
            Issue.record("\(run.events)")
            return
        }
        #expect(start.screen == [1280, 800] && start.task == "Fill in the form with the name Ada Lovelace and submit it")
        #expect(end.outcome == "success" && end.steps == 4)
        let steps = Self.steps(run.events)
        #expect(steps.map(\.step) == [1, 2, 3, 4])
        #expect(steps.map(\.tool) == Array(repeating: "computer_use", count: 4))
        #expect(steps.map(\.result) == ["acted", "acted", "acted", "terminate success"])
        #expect(steps[0].decision?.hasPrefix("left_click (") == true)
    }

    @Test("every step records its phases; later screens were prepared while the last action settled")
    func formTimings() async throws {
        let steps = Self.steps(try await Self.formRun.value.events)
        #expect(steps.allSatisfy { $0.timings?.observe != nil && $0.timings?.decide != nil && $0.durationMilliseconds != nil })
        #expect(steps.allSatisfy { ($0.requests?.first?.requestMilliseconds ?? 0) > 0 })
        #expect(steps[0].timings?.settle != nil)
        #expect(steps[0].timings?.capture != nil && steps[0].observedWhileSettling == nil)
        // A step whose screen was still changing when the settle cap ran out captures afresh: on a loaded
        // machine that can happen, so not every step need have been prepared early.
        #expect(steps.dropFirst().contains { $0.observedWhileSettling == true })
        #expect(steps.allSatisfy { ($0.observedWhileSettling == true) == ($0.timings?.capture == nil) })
    }

    @Test("visual tokens count every image a request carried, one per 32×32 square")
    func formVisualTokens() async throws {
        let steps = Self.steps(try await Self.formRun.value.events)
        let sent = try #require(steps[0].imageSize)
        let perImage = (sent[0] / 32) * (sent[1] / 32)
        #expect(steps.map { $0.requests?.first?.visualTokens } == (1...4).map { $0 * perImage })
    }

    @Test("each saved screenshot is the image sent: its size, multiples of 32")
    func formImages() async throws {
        let run = try await Self.formRun.value
        let steps = Self.steps(run.events)
        #expect(run.images.count == 4)
        for step in steps {
            let name = try #require(step.image)
            let png = try #require(run.images[name])
            #expect([png.width, png.height] == step.imageSize)
            #expect(png.width % 32 == 0 && png.height % 32 == 0)
        }
    }

    @Test("the report shows the task, the outcome, every screenshot and a mark on each click")
    func formReport() async throws {
        let report = try await Self.formRun.value.report
        #expect(report.contains("Fill in the form with the name Ada Lovelace and submit it"))
        #expect(report.contains(">success<"))
        #expect(report.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 4)
        #expect(report.components(separatedBy: "class=\"mark\"").count - 1 == 2)
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

    @Test("a dry run sends no input at all")
    func dryRun() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let server = try await ScriptedHTTPServer(replies: [
                Self.call(#"{"action": "left_click", "coordinate": \#(Self.normalized(try app.center(of: "OK"), desktop.size))}"#),
                Self.call(#"{"action": "type", "text": "hello"}"#),
                Self.call(#"{"action": "terminate", "status": "success"}"#),
            ])
            let result = await Self.agent(desktop, server, gate: Gate(dryRun: true)).run("Click OK")
            await server.shutdown()
            #expect(result.outcome == .dryRun(actions: 2))
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
            let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: closed.baseURL, model: "m"),
                                      retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10)))
            let agent = Agent(desktop: desktop, policy: VisionModelPolicy(model: model, profile: ModelProfiles.forModel("m")))
            let result = await agent.run("Anything")
            guard case .failed(let reason) = result.outcome else {
                Issue.record("expected failure, got \(result.outcome)")
                return
            }
            #expect(reason.contains("Cannot reach the model server"))
        }
    }
}
