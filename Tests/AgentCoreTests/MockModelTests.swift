import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// The whole data path for real: the agent sends screenshots over HTTP to `deskpilot-mock-model`, which finds
/// the plan's targets by OCR in them and answers in each server's format.
@Suite("Agent with the stand-in model (OCR grounding over HTTP)")
struct MockModelTests {
    /// Starts the stand-in with `plan` and extra arguments; returns it and its base URL.
    static func startMock(plan: String, arguments: [String] = [], log: String? = nil) async throws -> (ChildProcess, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-mock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let planFile = directory.appendingPathComponent("task.plan").path
        try plan.write(toFile: planFile, atomically: true, encoding: .utf8)
        return try await StandInModel.start(planFile: planFile, arguments: arguments + (log.map { ["--log", $0] } ?? []))
    }

    /// An agent asking the stand-in at `baseURL` in Qwen3-VL's dialect.
    static func agent(_ desktop: any Desktop, _ baseURL: String, options: ModelCallOptions = ModelCallOptions(),
                      configuration: AgentConfiguration = AgentConfiguration(), trajectory: TrajectoryWriter? = nil,
                      retry: RetryPolicy = RetryPolicy()) -> Agent {
        let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: baseURL, model: "stand-in"), retry: retry)
        return Agent(desktop: desktop, policy: VisionModelPolicy(model: model, profile: try! ModelProfiles.named("qwen3-vl"), options: options),
                     configuration: configuration, trajectory: trajectory)
    }

    static let formPlan = """
        click "Submit"
        type "ignored"
        terminate success
        """

    @Test("each server's reply format drives the form to a submit at the OCR-grounded button", arguments: ["content", "vllm", "llamacpp", "ollama"])
    func formats(mode: String) async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-mock-log-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let (mock, baseURL) = try await Self.startMock(plan: Self.formPlan, arguments: ["--mode", mode], log: log)
        defer { mock.stop() }
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name, arguments: ["--x", "200", "--y", "100"])
            let result = await Self.agent(desktop, baseURL).run("Submit the form")
            #expect(result.outcome == .succeeded)
            let click = try await app.waitForEvent { $0.event == "click" }
            #expect(click.target == "Submit")
            _ = try await app.waitForEvent { $0.event == "submit" }
        }
        // What the stand-in saw: screenshots at Qwen3-VL's size (sides multiples of 32, within the budget).
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        for line in lines {
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let width = try #require(entry["imageWidth"] as? Int), height = try #require(entry["imageHeight"] as? Int)
            #expect(width % 32 == 0 && height % 32 == 0)
            #expect((1024 * 32 * 32...1280 * 32 * 32).contains(width * height))
            #expect((entry["tools"] as? [String])?.first == "computer_use")
        }
    }

    @Test("streamed replies give time to first token and decode speed; prices give costs; --max-cost stops the run")
    func streamingTokensAndCost() async throws {
        let (mock, baseURL) = try await Self.startMock(plan: Self.formPlan, arguments: ["--mode", "vllm", "--chunk-pause", "40"])
        defer { mock.stop() }
        let directory = AgentLoopTests.runDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pricing = TokenPricing(inputPerMillion: 3, outputPerMillion: 15)
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let agent = Self.agent(desktop, baseURL, options: ModelCallOptions(pricing: pricing), trajectory: try TrajectoryWriter(directory: directory))
            let result = await agent.run("Submit the form")
            #expect(result.outcome == .succeeded)
            _ = try await app.waitForEvent { $0.event == "submit" }
            let events = try AgentLoopTests.events(in: directory)
            let requests = AgentLoopTests.steps(events).compactMap { $0.requests?.first }
            #expect(requests.count == 3)
            for request in requests {
                let firstToken = try #require(request.firstTokenMilliseconds), decode = try #require(request.decodeMilliseconds)
                #expect(firstToken > 0 && decode >= 0 && firstToken + decode <= request.requestMilliseconds + 1, "\(request)")
                #expect(request.tokensEstimated == nil)
                #expect(request.promptTokens > (request.visualTokens ?? .max))
                let expected = pricing.cost(of: TokenUsage(promptTokens: request.promptTokens, completionTokens: request.completionTokens))
                #expect(abs((request.cost ?? -1) - expected) < 1e-12)
            }
            // The stand-in sends its chunks 40 ms apart, so decoding takes time (a loaded machine may still read
            // a reply at once now and then, which is why one step out of three is enough).
            #expect(requests.contains { ($0.decodeMilliseconds ?? 0) >= 20 && ($0.decodeTokensPerSecond ?? 0) > 0 })
            let total = requests.reduce(0) { $0 + ($1.cost ?? 0) }
            guard case .end(let end)? = events.last else { throw FixtureError("no end event") }
            #expect(abs((end.totalCost ?? -1) - total) < 1e-9)
            #expect(abs((result.cost ?? -1) - total) < 1e-9)
            let report = try String(contentsOf: try TrajectoryReport.write(for: directory), encoding: .utf8)
            #expect(report.contains("<td>Cost</td>") && report.contains("tokens/s"))
        }

        // A budget of money: at 1000 per million tokens the first step (one screenshot, about 2,000 tokens)
        // costs about 2 and the second (two screenshots) more than 3, so a budget of 3 allows two steps.
        let (cheap, cheapURL) = try await Self.startMock(plan: Self.formPlan)
        defer { cheap.stop() }
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let expensive = TokenPricing(inputPerMillion: 1000, outputPerMillion: 1000)
            let agent = Self.agent(desktop, cheapURL, options: ModelCallOptions(pricing: expensive), configuration: AgentConfiguration(maxCost: 3))
            let result = await agent.run("Submit the form")
            #expect(result.outcome == .budgetExhausted(budget: "max-cost 3.0"))
            #expect(result.steps == 2)
            #expect((result.cost ?? 0) >= 3)
            #expect(try await app.waitForEvent { $0.event == "click" }.target == "Submit")
        }
    }

    @Test("without usage from the server, tokens are estimated and marked so")
    func estimatedTokens() async throws {
        let (mock, baseURL) = try await Self.startMock(plan: "terminate success", arguments: ["--no-usage"])
        defer { mock.stop() }
        let directory = AgentLoopTests.runDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withVirtualDesktop(width: 1280, height: 800) { _, desktop in
            let agent = Self.agent(desktop, baseURL, options: ModelCallOptions(stream: false), trajectory: try TrajectoryWriter(directory: directory))
            let result = await agent.run("Nothing to do")
            #expect(result.outcome == .succeeded)
            let step = try #require(AgentLoopTests.steps(try AgentLoopTests.events(in: directory)).first)
            let request = try #require(step.requests?.first)
            #expect(request.tokensEstimated == true)
            // One 1280x800 screenshot, sent at Qwen3-VL's size, plus the system prompt's text (several hundred tokens).
            let visual = try #require(request.visualTokens)
            #expect((1024...1280).contains(visual))
            #expect((visual + 300...visual + 3000).contains(request.promptTokens))
            #expect(request.completionTokens > 5)
            #expect(request.firstTokenMilliseconds == nil && request.decodeTokensPerSecond == nil)
            #expect(result.tokens == request.totalTokens)
        }
    }

    @Test("injected faults are retried and the run still succeeds")
    func faults() async throws {
        let (mock, baseURL) = try await Self.startMock(
            plan: Self.formPlan, arguments: ["--fault", "1:500", "--fault", "2:drop", "--fault", "3:429"])
        defer { mock.stop() }
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let result = await Self.agent(desktop, baseURL, retry: RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(20))).run("Submit the form")
            #expect(result.outcome == .succeeded)
            _ = try await app.waitForEvent { $0.event == "submit" }
        }
    }

    @Test("a malformed reply is corrected; garbage from the server is asked for again, then ends the run with a clear reason")
    func malformedAndGarbage() async throws {
        let (mock, baseURL) = try await Self.startMock(plan: "terminate success", arguments: ["--fault", "1:malformed"])
        defer { mock.stop() }
        try await withVirtualDesktop { _, desktop in
            let result = await Self.agent(desktop, baseURL).run("Nothing to do")
            #expect(result.outcome == .succeeded)
            #expect(result.steps == 2)
        }
        // A garbage answer is asked for again; garbage every time is a clear failure.
        let (garbage, garbageURL) = try await Self.startMock(
            plan: "terminate success", arguments: ["--fault", "1:garbage", "--fault", "3:garbage", "--fault", "4:garbage"])
        defer { garbage.stop() }
        try await withVirtualDesktop { _, desktop in
            let retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))
            let first = await Self.agent(desktop, garbageURL, retry: retry).run("Nothing to do")
            #expect(first.outcome == .succeeded)  // request 1 garbage, request 2 the plan's answer
            guard case .failed(let reason) = await Self.agent(desktop, garbageURL, retry: retry).run("Nothing to do").outcome else {
                Issue.record("garbage on every attempt should fail the run")
                return
            }
            #expect(reason.contains("not an OpenAI chat completion") && reason.contains("answered 2 times"))
        }
    }
}

@Suite("examples/custom-tool")
struct CustomToolExampleTests {
    @Test("the example's tool reaches the model's <tools> block, and its output the next request")
    func customToolExample() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-example-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let plan = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../examples/custom-tool/task.plan").path, encoding: .utf8)
        let (mock, baseURL) = try await MockModelTests.startMock(plan: plan, log: log)
        defer { mock.stop() }
        try await withVirtualDesktop(width: 1280, height: 800) { display, _ in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let output = log + ".out"
            defer { try? FileManager.default.removeItem(atPath: output) }
            let example = try ChildProcess([try BuildProducts.path(of: "custom-tool-example")], display: display.name,
                                           environment: ["DESKPILOT_BASE_URL": baseURL], standardOutput: output, standardError: output)
            #expect(await example.waitForExit(timeout: .seconds(60)) == 0, "\((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Name"] == "Ada Lovelace" && submit.values?["Email"] == "ada@analytical.engine")
        }
        let entries = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect((entries[0]["tools"] as? [String]) == ["computer_use", "lookup_customer"])
        #expect((entries[0]["systemPrompt"] as? String)?.contains("The customer number, e.g. 7.") == true)
        #expect((entries[1]["lastUserText"] as? String)?.contains("name: Ada Lovelace; email: ada@analytical.engine; city: London") == true)
    }
}
