import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// Every family drives the agent for real: the stand-in model speaks its wire format over HTTP (and refuses
/// what that family's real servers refuse), the agent fills in the fixture's form on a real X server, and the
/// fixture's event log says what arrived.
@Suite("Every model family fills in the form (stand-in over HTTP, real X)")
struct ModelFamilyTests {
    static let plan = """
        click "Name"
        type "Ada Lovelace"
        key Tab
        type "ada@analytical.engine"
        click "Submit"
        terminate success
        """

    /// Starts a stand-in speaking `family` with `plan`; returns it, its URL and its request log's path.
    static func standIn(_ family: String, plan: String = plan) async throws -> (ChildProcess, String, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-family-\(UUID().uuidString).jsonl").path
        let (process, url) = try await MockModelTests.startMock(plan: plan, arguments: ["--family", family], log: log)
        return (process, url, log)
    }

    static func entries(_ log: String) throws -> [[String: Any]] {
        try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("each family, end to end", arguments: ["qwen3.5", "openai-tools", "openai-som", "planner"])
    func fillsForm(family name: String) async throws {
        let directory = AgentLoopTests.runDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var plan = Self.plan
        if name == "planner" { plan = plan.replacingOccurrences(of: "click \"Submit\"", with: "click \"Submit\" described") }
        let (main, url, log) = try await Self.standIn(name == "planner" ? "grounder" : name, plan: plan)
        defer { main.stop() }
        var planner: (ChildProcess, String, String)?
        if name == "planner" { planner = try await Self.standIn("planner", plan: plan) }
        defer { planner?.0.stop() }

        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let family = try ModelFamilies.named(name)
            let recipe = PolicyRecipe(family: family, model: HTTPChatModel(endpoint: ModelEndpoint(baseURL: url, model: "stand-in")),
                                      planner: planner.map { HTTPChatModel(endpoint: ModelEndpoint(baseURL: $0.1, model: "qwen3-4b")) })
            let agent = Agent(desktop: desktop, policy: try recipe.policy(desktop: desktop, recognizer: try TextRecognizer()),
                              trajectory: try TrajectoryWriter(directory: directory))
            let result = await agent.run("Fill in the form with Ada Lovelace and ada@analytical.engine and submit it")
            #expect(result.outcome == .succeeded, "\(name): \(result.outcome)")
            let submit = try await app.waitForEvent { $0.event == "submit" }
            #expect(submit.values?["Name"] == "Ada Lovelace" && submit.values?["Email"] == "ada@analytical.engine", "\(name)")
            #expect(app.events().filter { $0.event == "click" }.map(\.target) == ["NameLabel", "Submit"], "\(name)")
        }

        // What each family's server was sent.
        let requests = try Self.entries(planner?.2 ?? log)
        #expect(requests.count == 6, "\(name)")
        let steps = AgentLoopTests.steps(try AgentLoopTests.events(in: directory))
        switch name {
        case "qwen3.5":
            #expect(requests.allSatisfy { ($0["thinking"] as? Bool) == false })
            #expect(requests.allSatisfy { ($0["systemPrompt"] as? String)?.hasPrefix("# Tools\n\nYou have access to the following functions:") == true })
            // The reasoning field is kept in the record, not in the answer replayed.
            #expect(steps.allSatisfy { $0.reasoning?.hasPrefix("The user wants this done.") == true })
        case "openai-tools":
            #expect(requests.allSatisfy { ($0["tools"] as? [String]) == ["computer_use"] })
            let width = try #require(requests.first?["imageWidth"] as? Int), height = try #require(requests.first?["imageHeight"] as? Int)
            #expect(width == 1229 && height == 768)  // 1280×800 by OpenAI's rule
            #expect(steps.compactMap { $0.requests?.first?.visualTokens }.first == 1105)
        case "openai-som":
            // The stand-in refuses tools, response_format, message names, a missing max_tokens and images without detail.
            #expect(requests.allSatisfy { ($0["tools"] as? [String])?.isEmpty == true })
            #expect(requests.allSatisfy { ($0["lastUserText"] as? String)?.contains("[1] text ") == true })
        default:
            // The planner was sent text only; the grounder got one screenshot, for the described Submit button.
            #expect(requests.allSatisfy { ($0["imageWidth"] as? Int) == 0 && ($0["thinking"] as? Bool) == true })
            // It saw the screen as its element list: the form's labels, numbered, with their boxes.
            #expect((requests.first?["lastUserText"] as? String)?.contains(#"] text "Name" at ("#) == true)
            #expect(try Self.entries(log).count == 1)
            let roles = steps.flatMap { ($0.requests ?? []).map(\.role) }
            #expect(roles.filter { $0 == "planner" }.count == 6 && roles.filter { $0 == "grounder" }.count == 1)
            #expect(steps.contains { $0.decision?.hasPrefix("left_click") == true && ($0.requests?.count ?? 0) == 2 })
            #expect(steps.allSatisfy { $0.reasoning?.isEmpty == false })

            // The report shows both models apart, and a real browser renders it: nothing on the console, and
            // the screens the planner never saw shown (the pixels of the first step's screen are on the page).
            let report = try TrajectoryReport.write(for: directory)
            let page = try String(contentsOf: report, encoding: .utf8)
            #expect(page.contains("<tr><td>planner</td><td>6</td>") && page.contains("<tr><td>grounder</td><td>1</td>"))
            let rendering = try await HeadlessBrowser.render(report)
            #expect(rendering.console.isEmpty, "\(rendering.console)")
            let screen = try Image(contentsOfPNGFile: directory.appendingPathComponent(try #require(steps.first?.image)).path)
            #expect(rendering.pixels(showing: screen) > 20_000)
        }
    }

    /// Runs `replies` against the fixture's buttons scene with `family`'s policy; returns the requests the
    /// server got and the input events the fixture logged.
    static func exchange(_ family: String, _ replies: [ScriptedHTTPServer.Reply]) async throws -> (requests: [ChatRequest], inputs: [FixtureEvent]) {
        let server = try await ScriptedHTTPServer(replies: replies + [ReplyToleranceTests.content("{\"action\": \"done\", \"status\": \"success\"}")],
                                                  fallback: ReplyToleranceTests.content("<tool_call>\n{\"name\": \"desktop\", \"arguments\": {\"action\": \"terminate\", \"status\": \"success\"}}\n</tool_call>"))
        return try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "m"))
            let recipe = PolicyRecipe(family: try ModelFamilies.named(family), model: model, planner: model,
                                      plannerOptions: ModelCallOptions(stream: false))
            let agent = Agent(desktop: desktop, policy: try recipe.policy(desktop: desktop, recognizer: try TextRecognizer()),
                              configuration: AgentConfiguration(maxSteps: replies.count + 1))
            _ = await agent.run("Click OK")
            await server.shutdown()
            try await desktop.click(at: try app.center(of: "Save"))
            let sentinel = try await app.waitForEvent { $0.event == "click" && $0.target == "Save" }
            let inputs = app.events().prefix { $0 != sentinel }.filter { ReplyToleranceTests.inputKinds.contains($0.event) }
            return (try server.requests.map { try JSONDecoder().decode(ChatRequest.self, from: $0.body) }, Array(inputs))
        }
    }

    @Test("bad replies are corrections with a clear message, and send no input", arguments: [
        ("openai-som", #"I will click it. {"action": "click", "mark": 999}"#, "There is no mark 999 on the screen: the marks go from 1 to"),
        ("openai-som", #"```json\n{"action": "fly", "mark": 1}\n```"#, "Unknown action \"fly\""),
        ("openai-som", "I am not sure what to do.", "no JSON object"),
        ("planner", "</think>\n<tool_call>\n{\"name\": \"desktop\", \"arguments\": {\"action\": \"click\", \"element\": 999}}\n</tool_call>",
         "There is no element 999 on the screen: the list goes from 1 to"),
        ("planner", "</think>\n<tool_call>\n{\"name\": \"desktop\", \"arguments\": {\"action\": \"click\"}}\n</tool_call>", "needs its target"),
        ("qwen3.5", "<tool_call>\n<function=computer_use>\n<parameter=action>\nleft_click\n</parameter>\n<parameter=coordinate>\n[500,\n</parameter>\n</function>\n</tool_call>",
         "not two numbers"),
    ])
    func badReplies(family: String, reply: String, correction: String) async throws {
        let (requests, inputs) = try await Self.exchange(family, [ReplyToleranceTests.content(reply)])
        #expect(inputs.isEmpty, "\(inputs)")
        let told = requests[1].messages.last?.content.text ?? ""
        #expect(told.contains(correction), "\(told)")
    }

    @Test("openai-tools: a call with broken arguments is answered by a tool message carrying the correction")
    func toolCorrection() async throws {
        let broken = ReplyToleranceTests.completion(message: #"{"role":"assistant","content":null,"tool_calls":[{"id":"call_9","type":"function","function":{"name":"computer_use","arguments":"{\"action\": \"left_click\", \"coordinate\": [1,"}}]}"#)
        let (requests, inputs) = try await Self.exchange("openai-tools", [broken])
        #expect(inputs.isEmpty)
        let last = Array(requests[1].messages.suffix(2))
        #expect(last.first?.toolCalls?.first?.id == "call_9")
        #expect(last.last?.role == .tool && last.last?.toolCallID == "call_9")
        #expect(last.last?.content.text.contains("Call exactly one function, with corrected arguments.") == true)
    }
}

@Suite("Set-of-marks pictures and the screen as text")
struct ScreenTextTests {
    @Test("a mark is an outline just outside the box and its number on a label above it, never over the text")
    func marks() {
        let white = RGBA(r: 255, g: 255, b: 255)
        let screen = Image(width: 200, height: 100, filledWith: white)
        let box = Rect(x: 50, y: 40, width: 60, height: 20)
        let marked = screen.marked([(7, box)])
        // Inside the box nothing changed; its outline is drawn just outside.
        for y in box.y..<box.maxY { for x in box.x..<box.maxX { #expect(marked[x, y] == white) } }
        #expect(marked[box.x - 3, box.y + 5] != white && marked[box.maxX + 1, box.y + 5] != white)
        // The label sits above the box, dark with white digit pixels.
        let label = (box.y - 3 - 18)..<(box.y - 3)
        let labelPixels = label.flatMap { y in (box.x - 3..<box.x + 20).map { marked[$0, y] } }
        #expect(labelPixels.contains(RGBA(r: 25, g: 25, b: 25)) && labelPixels.contains(white))
        // At the top edge, the label goes below the box instead.
        let top = screen.marked([(3, Rect(x: 10, y: 2, width: 40, height: 10))])
        #expect((15..<33).contains { y in top[12, y] == RGBA(r: 25, g: 25, b: 25) })
    }

    @Test("the listing: one element a line, the windows and the focus; a long list is cut with a count of what was left out")
    func listing() {
        let window = WindowInfo(id: 1, title: "Form", instanceName: "fixture", className: "Fixture", pid: 4, frame: Rect(x: 0, y: 0, width: 640, height: 480))
        let elements = (1...500).map { ScreenElement(id: $0, kind: "text", text: "Label \($0) \"quoted\"", frame: Rect(x: $0, y: 2 * $0, width: 50, height: 12)) }
        let text = ScreenText(elements: elements, windows: [window], focused: window)
        let full = text.listing(budget: 100_000)
        #expect(full.contains(#"[12] text "Label 12 \"quoted\"" at (12, 24, 50, 12)"#))
        #expect(full.hasSuffix("Windows (topmost first):\n- \"Form\" (fixture/Fixture) at (0, 0, 640, 480)\nFocused window: \"Form\" (fixture/Fixture) at (0, 0, 640, 480)"))
        let cut = text.listing(budget: 1000)
        #expect(cut.utf8.count <= 4000)
        let shown = cut.split(separator: "\n").filter { $0.hasPrefix("[") }.count
        #expect(shown > 10 && shown < 500)
        #expect(cut.contains("(\(500 - shown) more elements left out to fit the context"))
    }
}

@Suite("deskpilot doctor and API keys")
struct DoctorTests {
    static func doctor(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32?, text: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-doctor-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "doctor"] + arguments,
                                       environment: environment.merging(["DESKPILOT_BASE_URL": ""]) { a, _ in a },
                                       standardOutput: log, standardError: log)
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test("a server of the right family passes every check; a wrong family, model or server says what to change")
    func checks() async throws {
        // The doctor's image check takes the plan's first step, its probe the second: a click on the button.
        let (qwen, qwenURL, _) = try await ModelFamilyTests.standIn("qwen3.5", plan: "wait 1\nclick_at 500 500")
        defer { qwen.stop() }
        let good = try await Self.doctor(["--base-url", qwenURL, "--model", "stand-in", "--profile", "qwen3.5"])
        #expect(good.status == 0, "\(good.text)")
        #expect(good.text.contains("✓ reachable") && good.text.contains("✓ the model stand-in is listed") && good.text.contains("✓ images are accepted"))
        #expect(good.text.contains("✓ a tool call came back and was read: a click at"), "\(good.text)")

        // 0–1000 coordinates read as pixels of the image land off the button: the doctor names the convention.
        let (normalized, normalizedURL, _) = try await ModelFamilyTests.standIn("qwen3-vl", plan: "wait 1\nclick_at 500 500")
        defer { normalized.stop() }
        let wrong = try await Self.doctor(["--base-url", normalizedURL, "--model", "stand-in", "--profile", "qwen2.5-vl"])
        #expect(wrong.status == 1 && wrong.text.contains("check the coordinate convention"), "\(wrong.text)")

        let unlisted = try await Self.doctor(["--base-url", qwenURL, "--model", "Qwen/Qwen3.5-4B", "--profile", "qwen3.5"])
        #expect(unlisted.status == 1 && unlisted.text.contains("✗ the model Qwen/Qwen3.5-4B is not listed — pass --model with one of: stand-in"), "\(unlisted.text)")

        let closed = try ClosedPort()
        let dead = try await Self.doctor(["--base-url", closed.baseURL, "--model", "m"])
        #expect(dead.status == 1 && dead.text.contains("✗ not reachable") && dead.text.contains("is it running?"), "\(dead.text)")
    }

    @Test("an API key reaches the server and nothing else: not the record, the report, a cassette, the console or an error")
    func apiKeyStaysSecret() async throws {
        let key = "sk-deskpilot-\(UUID().uuidString)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await ScriptedHTTPServer(replies: [
            ReplyToleranceTests.content(ReplyToleranceTests.call(#"{"action": "type", "text": "x"}"#)),
            .respond(status: 401, body: "bad key"),
        ])
        let log = directory.appendingPathComponent("run.log").path
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Type x", "--base-url", server.baseURL, "--api-key-env", "MY_KEY",
                                    "--virtual", "640x480", "--out", directory.appendingPathComponent("run").path],
                                   environment: ["MY_KEY": key], standardOutput: log, standardError: log)
        _ = await run.waitForExit(timeout: .seconds(60))
        await server.shutdown()
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(key)")
        let output = try String(contentsOfFile: log, encoding: .utf8)
        #expect(output.contains("HTTP 401"), "\(output)")  // the error is reported, the key in it is not
        let files = (FileManager.default.enumerator(atPath: directory.path)?.allObjects as? [String] ?? []).filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path, isDirectory: &folder) && !folder.boolValue
        }
        #expect(files.contains("run/trajectory.jsonl") && files.contains("run/report.html"))
        for file in files {
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            #expect(data.range(of: Data(key.utf8)) == nil, "the key is in \(file)")
        }
    }
}
