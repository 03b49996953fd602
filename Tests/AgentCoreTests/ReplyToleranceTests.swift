import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// Replies as other families, frameworks and broken servers write them, each sent over real HTTP to the
/// agent driving the fixture on a real X server; what reached the fixture is read from its event log:
/// exactly the input meant for replies that are accepted, none at all for replies that are refused.
@Suite("Replies read tolerantly, and within bounds (real HTTP, real X)")
struct ReplyToleranceTests {
    /// Fixture events that mean input arrived (pointer motion aside: the sentinel's own click moves it).
    static let inputKinds: Set<String> = ["click", "scroll", "key", "text", "drag_start", "drop"]

    /// A chat completion whose message is `message` (a JSON object's text).
    static func completion(message: String) -> ScriptedHTTPServer.Reply {
        .json(#"{"choices":[{"index":0,"message":\#(message),"finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":10}}"#)
    }

    /// A chat completion whose content is `text`.
    static func content(_ text: String) -> ScriptedHTTPServer.Reply {
        completion(message: #"{"role":"assistant","content":\#(SafeText.jsonString(text))}"#)
    }

    /// A `<tool_call>` block calling `tool` with `arguments`.
    static func call(_ arguments: String, tool: String = "computer_use") -> String {
        "<tool_call>\n{\"name\": \"\(tool)\", \"arguments\": \(arguments)}\n</tool_call>"
    }

    static let terminate = content(call(#"{"action": "terminate", "status": "success"}"#))

    /// Runs the agent with `reply` then a terminate, on `app`; returns the input events the fixture logged
    /// for it (everything up to a sentinel click on Save made afterwards) and the requests the server got.
    static func exchange(_ reply: ScriptedHTTPServer.Reply, app: FixtureApp, desktop: X11Desktop) async throws
        -> (inputs: [FixtureEvent], requests: [ChatRequest], outcome: AgentOutcome, seconds: Double)
    {
        let since = app.events().count
        let server = try await ScriptedHTTPServer(replies: [reply, terminate])
        let start = ContinuousClock.now
        let result = await AgentLoopTests.agent(desktop, server, configuration: AgentConfiguration(maxSteps: 3, settleCap: .milliseconds(500))).run("Do it")
        let elapsed = ContinuousClock.now - start
        await server.shutdown()
        // The sentinel: once its click is in the log, everything the run sent before it is too.
        try await Task.sleep(for: .milliseconds(450))  // past the multi-click interval
        try await desktop.click(at: try app.center(of: "Save"))
        let sentinel = try await app.waitForEvent(since: since) { $0.event == "click" && $0.target == "Save" }
        let inputs = app.events().dropFirst(since).prefix { $0 != sentinel }.filter { inputKinds.contains($0.event) }
        return (inputs, try server.requests.map { try JSONDecoder().decode(ChatRequest.self, from: $0.body) },
                result.outcome, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// `widget`'s centre on the screen in Qwen3-VL's 0–1000 coordinates.
    static func at(_ app: FixtureApp, _ widget: String, _ desktop: X11Desktop) throws -> String {
        AgentLoopTests.normalized(try app.center(of: widget), desktop.size)
    }

    @Test("names and shapes of other families and frameworks give exactly the input they mean")
    func aliases() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let ok = try Self.at(app, "OK", desktop), help = try Self.at(app, "Help", desktop), apply = try Self.at(app, "Apply", desktop)
            let doubled = SafeText.jsonString(#"{"action": "left_click", "coordinate": \#(apply)}"#)
            let cases: [(String, ScriptedHTTPServer.Reply, [String])] = [
                ("click", Self.content(Self.call(#"{"action": "click", "coordinate": \#(ok)}"#)), ["click OK 1 ×1"]),
                ("left_single", Self.content(Self.call(#"{"action": "left_single", "coordinate": \#(ok)}"#)), ["click OK 1 ×1"]),
                ("tap", Self.content(Self.call(#"{"action": "tap", "coordinate": \#(apply)}"#)), ["click Apply 1 ×1"]),
                ("double", Self.content(Self.call(#"{"action": "double", "coordinate": \#(help)}"#)), ["click Help 1 ×1", "click Help 1 ×2"]),  // as a toolkit counts a double click
                ("left_double", Self.content(Self.call(#"{"action": "left_double", "coordinate": \#(help)}"#)), ["click Help 1 ×1", "click Help 1 ×2"]),  // as a toolkit counts a double click
                ("tool named computer", Self.content(Self.call(#"{"action": "left_click", "coordinate": \#(ok)}"#, tool: "computer")), ["click OK 1 ×1"]),
                ("press", Self.content(Self.call(#"{"action": "press", "keys": ["ctrl", "c"]}"#)), ["key ctrl+c"]),
                ("key_press with a string", Self.content(Self.call(#"{"action": "key_press", "keys": "ctrl+s"}"#)), ["key ctrl+s"]),
                ("hotkey with spaces", Self.content(Self.call(#"{"action": "hotkey", "keys": "alt F4"}"#)), ["key alt+F4"]),
                ("arguments encoded twice",
                 Self.completion(message: #"{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"computer_use","arguments":\#(SafeText.jsonString(doubled))}}]}"#),
                 ["click Apply 1 ×1"]),
            ]
            for (name, reply, expected) in cases {
                let run = try await Self.exchange(reply, app: app, desktop: desktop)
                #expect(run.outcome == .succeeded, "\(name)")
                #expect(run.inputs.map(Self.describe) == expected, "\(name)")
            }
        }
    }

    @Test("a drag given by start and end points drags from one to the other")
    func dragEnds() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "drag", display: display.name)
            let from = AgentLoopTests.normalized(try app.center(of: "Square"), desktop.size)
            let to = AgentLoopTests.normalized(try app.center(of: "Bin"), desktop.size)
            let server = try await ScriptedHTTPServer(replies: [
                Self.content(Self.call(#"{"action": "left_click_drag", "start_coordinate": \#(from), "end_coordinate": \#(to)}"#)), Self.terminate,
            ])
            let result = await AgentLoopTests.agent(desktop, server).run("Drag the square into the bin")
            await server.shutdown()
            #expect(result.outcome == .succeeded)
            #expect(try await app.waitForEvent { $0.event == "drop" }.target == "Bin")
        }
    }

    @Test("reasoning is not an answer: calls in <think>, before a lone </think> or in the reasoning field are drafts")
    func reasoning() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let ok = Self.call(#"{"action": "left_click", "coordinate": \#(try Self.at(app, "OK", desktop))}"#)
            let cancel = Self.call(#"{"action": "left_click", "coordinate": \#(try Self.at(app, "Cancel", desktop))}"#)
            let cases: [(String, ScriptedHTTPServer.Reply)] = [
                ("think block", Self.content("<think>Maybe Cancel?\n\(cancel)\nNo, OK.</think>\n\(ok)")),
                ("lone closing tag", Self.content("Cancel first?\n\(cancel)\nNo.</think>\n\(ok)")),
                ("reasoning field", Self.completion(message: #"{"role":"assistant","content":\#(SafeText.jsonString(ok)),"reasoning":\#(SafeText.jsonString("draft: " + cancel))}"#)),
                ("reasoning_content field", Self.completion(message: #"{"role":"assistant","content":\#(SafeText.jsonString(ok)),"reasoning_content":\#(SafeText.jsonString(cancel))}"#)),
            ]
            for (name, reply) in cases {
                let run = try await Self.exchange(reply, app: app, desktop: desktop)
                #expect(run.inputs.map(Self.describe) == ["click OK 1 ×1"], "\(name)")
            }
            // A call that is only in the reasoning is not executed: the model is told to answer with it.
            let only = try await Self.exchange(Self.content("<think>\(cancel)</think>I am done thinking."), app: app, desktop: desktop)
            #expect(only.inputs.isEmpty)
            #expect(only.requests[1].messages.last?.content.text.contains("inside your reasoning") == true)
        }
    }

    @Test("sentinels, nonsense and amounts past their bounds are corrections: no input at all, and the model is told")
    func refused() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let cases: [(String, String, String)] = [
                ("[-1, -1]", #"{"action": "left_click", "coordinate": [-1, -1]}"#, "negative"),
                ("null", #"{"action": "left_click", "coordinate": null}"#, "not two numbers"),
                ("NaN", #"{"action": "left_click", "coordinate": ["NaN", 500]}"#, "not two numbers"),
                ("not a number", #"{"action": "double_click", "coordinate": ["abc", 500]}"#, "not two numbers"),
                ("three numbers", #"{"action": "left_click", "coordinate": [100, 200, 300]}"#, "not two numbers"),
                ("off the space", #"{"action": "left_click", "coordinate": [5000, 200]}"#, "off the screen"),
                ("scroll 10^12", #"{"action": "scroll", "pixels": 1000000000000}"#, "at most 50"),
                ("wait 61 s", #"{"action": "wait", "time": 61}"#, "between 0 and 60"),
                ("unknown key", #"{"action": "key", "keys": ["ctrl", "sve"]}"#, "Unknown key 'sve'"),
                ("too many keys", #"{"action": "key", "keys": ["a", "b", "c", "d", "e", "f", "g"]}"#, "more than 6"),
                ("text too long", #"{"action": "type", "text": "\#(String(repeating: "x", count: 5001))"}"#, "at most 5000"),
                ("unknown action", #"{"action": "launch_rockets"}"#, "Unknown action"),
            ]
            for (name, arguments, correction) in cases {
                let run = try await Self.exchange(Self.content(Self.call(arguments)), app: app, desktop: desktop)
                #expect(run.inputs.isEmpty, "\(name): \(run.inputs)")
                #expect(run.outcome == .succeeded, "\(name)")
                // No case may actually wait ("wait 61 s" would take a minute): well under that, with room for the
                // whole suite's load on 2 cores (a run took 31 s there).
                #expect(run.seconds < 55, "\(name) took \(run.seconds) s")
                let told = run.requests[1].messages.last?.content.text ?? ""
                #expect(told.contains(correction) && told.contains("Respond with one corrected <tool_call> block."), "\(name): \(told)")
            }
        }
    }

    /// An event as `click OK 1 ×2` or `key ctrl+c`.
    static func describe(_ event: FixtureEvent) -> String {
        switch event.event {
        case "click": "click \(event.target ?? "?") \(event.button ?? 0) ×\(event.count ?? 0)"
        case "key": "key \(event.combo ?? "?")"
        default: event.event
        }
    }
}
