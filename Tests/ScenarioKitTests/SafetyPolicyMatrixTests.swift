import Deskpilot
import DeskpilotTesting
import Foundation
import Testing

/// Every matcher of the safety policy (action kind, text typed, key, window, region, OCR text near the
/// point, tool) with an `allow`, a `deny` and a `confirm` rule, through `deskpilot run` with the stand-in
/// model (questions answered on the terminal) and through `deskpilot mcp` with the official Python SDK
/// (questions answered through MCP elicitation). What reached the app is read from the fixture's event log:
/// a denied or declined action sends no input at all. The record names the rule of every decision, and
/// `policy explain` says the same of each action.
@Suite("The safety policy's matchers through run and MCP")
struct SafetyPolicyMatrixTests {
    /// One action, the rule that must decide it, and how a question about it is answered.
    struct Case {
        var name: String
        /// `allow`, `deny` or `confirm`.
        var verdict: String
        /// The rule's conditions, as written in the policy.
        var conditions: String
        /// The answer to the question a confirm rule asks.
        var accept = false
        /// The stand-in model's plan line (nil: not through run).
        var plan: String?
        /// The MCP call.
        var tool: String
        var arguments: [String: Any]
        /// The `policy explain` action.
        var explain: String
        /// True when the fixture's event log shows the action arrived.
        var arrived: ([FixtureEvent]) -> Bool
        /// Whether the input must arrive.
        var sends: Bool { verdict == "allow" || (verdict == "confirm" && accept) }
    }

    /// The cases in the order they run, on the form laid out in `app`'s screen of `screen` size.
    static func cases(_ app: FixtureApp, screen: Size) throws -> [Case] {
        func at(_ widget: String, _ fraction: Double = 0.5) throws -> Point {
            let rect = try app.rect(of: widget)
            return Point(x: rect.x + Int(Double(rect.width) * fraction), y: rect.y + rect.height / 2)
        }
        func place(_ point: Point) -> String { "@\(point.x * 1000 / screen.width),\(point.y * 1000 / screen.height)" }
        func near(_ event: FixtureEvent, _ point: Point) -> Bool { abs((event.x ?? -99) - point.x) <= 6 && abs((event.y ?? -99) - point.y) <= 6 }
        func clicked(_ point: Point, button: Int = 1, count: Int = 1) -> ([FixtureEvent]) -> Bool {
            { $0.contains { $0.event == "click" && $0.button == button && $0.count == count && near($0, point) } }
        }
        func region(_ widget: String) throws -> String {
            let rect = try app.rect(of: widget)
            return "region: [\(rect.x), \(rect.y), \(rect.width), \(rect.height)]"
        }
        func typed(_ text: String) -> ([FixtureEvent]) -> Bool { { $0.contains { $0.event == "text" && ($0.value ?? "").contains(text) } } }
        func pressed(_ combo: String) -> ([FixtureEvent]) -> Bool { { $0.contains { $0.event == "key" && $0.combo?.lowercased() == combo } } }
        func mcpPoint(_ point: Point) -> [String: Any] { ["x": point.x, "y": point.y] }

        let scroll = try at("Status", 0.25), right = try at("Name", 0.15), double = try at("EmailLabel"), middle = try at("Status", 0.5)
        let dragFrom = try at("City", 0.85), dragTo = try at("Status", 0.9), triple = try at("Status", 0.75)
        let nameField = try at("Name"), cityField = try at("City"), emailField = try at("Email")
        let nameLabel = try at("NameLabel"), submit = try at("Submit"), cityLabel = try at("CityLabel")
        return [
            Case(name: "kind allow", verdict: "allow", conditions: "kind: scroll", plan: "scroll -2 \(place(scroll))",
                 tool: "scroll", arguments: mcpPoint(scroll).merging(["dy": -2]) { $1 }, explain: "scroll \(scroll.x) \(scroll.y)",
                 arrived: { $0.contains { $0.event == "scroll" && near($0, scroll) } }),
            Case(name: "kind deny", verdict: "deny", conditions: "kind: right_click", plan: "right_click \(place(right))",
                 tool: "click", arguments: mcpPoint(right).merging(["button": "right"]) { $1 }, explain: "right_click \(right.x) \(right.y)",
                 arrived: clicked(right, button: 3)),
            Case(name: "kind confirm", verdict: "confirm", conditions: "kind: double_click", accept: true, plan: "double_click \(place(double))",
                 tool: "click", arguments: mcpPoint(double).merging(["count": 2]) { $1 }, explain: "double_click \(double.x) \(double.y)",
                 arrived: clicked(double, count: 2)),
            Case(name: "window allow", verdict: "allow", conditions: #"kind: middle_click, window: "Deskpilot Fixture""#, plan: "middle_click \(place(middle))",
                 tool: "click", arguments: mcpPoint(middle).merging(["button": "middle"]) { $1 }, explain: "middle_click \(middle.x) \(middle.y)",
                 arrived: clicked(middle, button: 2)),
            Case(name: "window deny", verdict: "deny", conditions: #"kind: drag, window: "Deskpilot Fixture""#, plan: nil,
                 tool: "drag", arguments: ["path": [[dragFrom.x, dragFrom.y], [dragTo.x, dragTo.y]]], explain: "drag \(dragFrom.x) \(dragFrom.y)",
                 arrived: { $0.contains { $0.event == "motion" || ($0.event == "click" && near($0, dragFrom)) } }),
            Case(name: "window confirm", verdict: "confirm", conditions: #"kind: triple_click, window: "DeskpilotFixture|deskpilot-fixture""#, accept: true,
                 plan: "triple_click \(place(triple))", tool: "click", arguments: mcpPoint(triple).merging(["count": 3]) { $1 },
                 explain: "triple_click \(triple.x) \(triple.y)", arrived: clicked(triple, count: 3)),
            Case(name: "region allow", verdict: "allow", conditions: "kind: click, \(try region("Name"))", plan: "click \(place(nameField))",
                 tool: "click", arguments: mcpPoint(nameField), explain: "click \(nameField.x) \(nameField.y)", arrived: clicked(nameField)),
            Case(name: "region deny", verdict: "deny", conditions: "kind: click, \(try region("City"))", plan: "click \(place(cityField))",
                 tool: "click", arguments: mcpPoint(cityField), explain: "click \(cityField.x) \(cityField.y)", arrived: clicked(cityField)),
            Case(name: "region confirm", verdict: "confirm", conditions: "kind: click, \(try region("Email"))", accept: true, plan: "click \(place(emailField))",
                 tool: "click", arguments: mcpPoint(emailField), explain: "click \(emailField.x) \(emailField.y)", arrived: clicked(emailField)),
            Case(name: "near_text allow", verdict: "allow", conditions: #"kind: click, near_text: "Name""#, plan: #"click "Name""#,
                 tool: "click", arguments: mcpPoint(nameLabel), explain: "click \(nameLabel.x) \(nameLabel.y)",
                 arrived: { $0.contains { $0.event == "click" && $0.target == "NameLabel" } }),
            Case(name: "near_text deny", verdict: "deny", conditions: #"kind: click, near_text: "Submit""#, plan: #"click "Submit""#,
                 tool: "click", arguments: mcpPoint(submit), explain: "click \(submit.x) \(submit.y)",
                 arrived: { $0.contains { $0.event == "submit" || $0.target == "Submit" } }),
            Case(name: "near_text confirm", verdict: "confirm", conditions: #"kind: click, near_text: "City""#, plan: #"click "City""#,
                 tool: "click", arguments: mcpPoint(cityLabel), explain: "click \(cityLabel.x) \(cityLabel.y)",
                 arrived: { $0.contains { $0.event == "click" && $0.target == "CityLabel" } }),
            Case(name: "text allow", verdict: "allow", conditions: #"text: "^Ada""#, plan: #"type "Ada""#, tool: "type", arguments: ["text": "Ada"],
                 explain: "type Ada", arrived: typed("Ada")),
            Case(name: "text deny", verdict: "deny", conditions: #"text: "DROP TABLE""#, plan: #"type "DROP TABLE users""#, tool: "type",
                 arguments: ["text": "DROP TABLE users"], explain: "type DROP TABLE users", arrived: typed("DROP")),
            Case(name: "text confirm", verdict: "confirm", conditions: #"text: "^Bob""#, accept: true, plan: #"type "Bob""#, tool: "type",
                 arguments: ["text": "Bob"], explain: "type Bob", arrived: typed("Bob")),
            Case(name: "key allow", verdict: "allow", conditions: "key: Tab", plan: "key Tab", tool: "key", arguments: ["keys": ["Tab"]],
                 explain: "key Tab", arrived: pressed("tab")),
            Case(name: "key deny", verdict: "deny", conditions: "key: ctrl+u", plan: "key ctrl+u", tool: "key", arguments: ["keys": ["ctrl+u"]],
                 explain: "key ctrl+u", arrived: pressed("ctrl+u")),
            Case(name: "key confirm", verdict: "confirm", conditions: "key: [ctrl+s]", plan: "key ctrl+s", tool: "key", arguments: ["keys": ["ctrl+s"]],
                 explain: "key ctrl+s", arrived: pressed("ctrl+s")),
            // Tools: MCP's own (deskpilot run has no custom tools; the agent's custom tools are ruled in AgentCoreTests).
            Case(name: "tool allow", verdict: "allow", conditions: #"tool: "^focus$""#, tool: "focus", arguments: ["title": "Deskpilot Fixture"],
                 explain: "tool focus", arrived: { _ in true }),
            Case(name: "tool deny", verdict: "deny", conditions: #"tool: "^run_scenario$""#, tool: "run_scenario", arguments: ["path": "x.yaml"],
                 explain: "tool run_scenario", arrived: { _ in false }),
            Case(name: "tool confirm", verdict: "confirm", conditions: #"tool: "^run_task$""#, tool: "run_task", arguments: ["task": "x"],
                 explain: "tool run_task", arrived: { _ in false }),
        ]
    }

    /// The policy: `default: deny` and one rule per case, in order; the line of each case's rule.
    static func policy(_ cases: [Case]) -> (text: String, lines: [Int]) {
        var text = "# one rule per matcher and verdict; anything else is denied\ndefault: deny\nrules:\n"
        var lines: [Int] = []
        for item in cases {
            lines.append(text.split(separator: "\n", omittingEmptySubsequences: false).count)
            text += "  - \(item.verdict): { \(item.conditions) }\n"
        }
        return (text, lines)
    }

    @Test("each matcher's allow, deny and confirm through run (terminal answers) and MCP (elicitation); explain agrees; a client without elicitation is refused")
    func everyMatcher() async throws {
        try await withTemporaryFolder("deskpilot-matrix") { folder in
            let deskpilot = try BuildProducts.path(of: "deskpilot")
            try await withVirtualDesktop(width: 1024, height: 768) { display, desktop in
                // Through run: the stand-in plays the plan; confirm questions are answered on standard input.
                do {
                    let app = try await FixtureApp.launch(scene: "form", display: display.name)
                    defer { app.stop() }
                    let cases = try Self.cases(app, screen: try await desktop.screenSize())
                    let (policyText, lines) = Self.policy(cases)
                    let policy = folder.appendingPathComponent("policy.yaml").path
                    try policyText.write(toFile: policy, atomically: true, encoding: .utf8)
                    let planned = cases.filter { $0.plan != nil }
                    try (planned.map { $0.plan! } + ["terminate success"]).joined(separator: "\n").write(toFile: folder.appendingPathComponent("matrix.plan").path,
                                                                                                     atomically: true, encoding: .utf8)
                    try planned.filter { $0.verdict == "confirm" }.map { $0.accept ? "y" : "n" }.joined(separator: "\n")
                        .appending("\n").write(toFile: folder.appendingPathComponent("answers").path, atomically: true, encoding: .utf8)
                    let (model, baseURL) = try await StandInModel.start(planFile: folder.appendingPathComponent("matrix.plan").path)
                    defer { model.stop() }
                    let log = folder.appendingPathComponent("run.log").path
                    let command = [deskpilot, "run", "Exercise the policy", "--base-url", baseURL, "--policy", policy, "--display", display.name,
                                   "--max-steps", "40", "--out", folder.appendingPathComponent("run").path].map { "'\($0)'" }.joined(separator: " ")
                    let run = try ChildProcess(["/bin/sh", "-c", "exec \(command) < '\(folder.appendingPathComponent("answers").path)'"],
                                               standardOutput: log, standardError: log)
                    let status = await run.waitForExit(timeout: .seconds(240))
                    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                    #expect(status == 0, "\(output.suffix(3000))")
                    let events = app.events()
                    let record = try String(contentsOf: folder.appendingPathComponent("run/trajectory.jsonl"), encoding: .utf8)
                    let steps = record.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                        .filter { $0["event"] as? String == "step" }
                    for (index, item) in planned.enumerated() {
                        let line = lines[cases.firstIndex { $0.name == item.name }!]
                        if !item.name.hasPrefix("tool") {
                            #expect(item.arrived(events) == item.sends, "run, \(item.name): \(item.sends ? "never arrived" : "arrived")")
                        }
                        // The record names the deciding rule of every step, allowed ones too.
                        let safety = index < steps.count ? steps[index]["safety"] as? String ?? "" : ""
                        #expect(safety.hasPrefix("\(item.verdict) by ") && safety.contains("policy.yaml:\(line):"), "run, \(item.name): \(safety)")
                    }
                    // Denied and declined steps tell the model why; their rule is in the reason.
                    #expect(record.contains("denied by the safety policy: deny kind right_click"), "\(record.prefix(1500))")
                    #expect(record.contains("declined by the user (confirm key"), "\(record.prefix(1500))")

                    // The report shows each ruling, and what confirm and deny rules ruled on as an enlarged crop; it renders
                    // in Chromium without console errors.
                    let report = folder.appendingPathComponent("run/report.html")
                    let page = try String(contentsOf: report, encoding: .utf8)
                    let pointed = planned.filter { $0.verdict != "allow" && !["type", "key"].contains($0.tool) }
                    #expect(page.components(separatedBy: "class=\"crop\"").count - 1 == pointed.count)
                    #expect(page.components(separatedBy: "<b>Safety policy</b>").count - 1 == planned.count)
                    let rendering = try await HeadlessBrowser.render(report, width: 1300, height: 2400)
                    #expect(rendering.console.isEmpty, "\(rendering.console)")
                    if let keep = ProcessInfo.processInfo.environment["DESKPILOT_KEEP_RENDERING"] { try Data(rendering.screenshot.pngData()).write(to: URL(fileURLWithPath: keep)) }

                    // policy explain, on the same screen, says the same rule decides each action.
                    let explained = folder.appendingPathComponent("explain.log").path
                    let explain = try ChildProcess([deskpilot, "policy", "explain", policy, "--display", display.name]
                                                   + cases.flatMap { ["--action", $0.explain] }, standardOutput: explained, standardError: explained)
                    #expect(await explain.waitForExit(timeout: .seconds(60)) == 0)
                    let said = try String(contentsOfFile: explained, encoding: .utf8).split(separator: "\n").map(String.init)
                    #expect(said.count == cases.count, "\(said)")
                    for (index, item) in cases.enumerated() where index < said.count {
                        #expect(said[index].hasPrefix("\(item.verdict): ") && said[index].contains("policy.yaml:\(lines[index]):"), "explain, \(item.name): \(said[index])")
                    }
                }

                // Through MCP, on a fresh form: the same policy, questions put to the client through elicitation.
                let app = try await FixtureApp.launch(scene: "form", display: display.name)
                defer { app.stop() }
                let cases = try Self.cases(app, screen: try await desktop.screenSize())
                let policy = folder.appendingPathComponent("policy.yaml").path
                let calls = cases.map { ["step": $0.name, "tool": $0.tool, "arguments": $0.arguments, "answer": $0.accept ? "accept" : "decline"] as [String: Any] }
                try JSONSerialization.data(withJSONObject: calls).write(to: folder.appendingPathComponent("calls.json"))
                let client = try await MCPTestClient.run(display: display.name,
                                                         ["--policy", policy, "--calls", folder.appendingPathComponent("calls.json").path])
                #expect(client.status == 0, "\(client.errors.suffix(3000))")
                let results = client.steps
                let events = app.events()
                for item in cases {
                    let result = try #require(results[item.name], "mcp, \(item.name) has no result")
                    let questions = result["questions"] as? [String] ?? []
                    #expect(questions.count == (item.verdict == "confirm" ? 1 : 0), "mcp, \(item.name): \(questions)")
                    if item.verdict == "confirm" { #expect(questions.first?.contains("Rule: confirm") == true, "\(questions)") }
                    let text = result["text"] as? String ?? ""
                    #expect((result["error"] as? Bool) == !item.sends, "mcp, \(item.name): \(text)")
                    if !item.sends {
                        #expect(text.contains("policy.yaml:") && text.contains("Nothing was done"), "mcp, \(item.name): \(text)")
                    }
                    if !item.name.hasPrefix("tool") {
                        #expect(item.arrived(events) == item.sends, "mcp, \(item.name): \(item.sends ? "never arrived" : "arrived")")
                    }
                }

                // A client that cannot be asked (no elicitation) gets a denial that says so, and nothing is sent.
                let bob = try #require(cases.first { $0.name == "text confirm" })
                try JSONSerialization.data(withJSONObject: [["step": "unasked", "tool": bob.tool, "arguments": ["text": "Bobby"]]])
                    .write(to: folder.appendingPathComponent("unasked.json"))
                let unasked = try await MCPTestClient.run(display: display.name, ["--policy", policy, "--calls",
                                                          folder.appendingPathComponent("unasked.json").path, "--no-elicitation"], timeout: .seconds(60))
                #expect(unasked.status == 0, "\(unasked.errors)")
                let refused = unasked.output
                #expect(refused.contains("does not support MCP elicitation") && refused.contains(#""error": true"#), "\(refused)")
                #expect(!app.events().contains { ($0.value ?? "").contains("Bobby") })

                // Over HTTP the question travels on the session's event stream: asked, accepted, typed.
                try JSONSerialization.data(withJSONObject: [["step": "http_confirm", "tool": "type", "arguments": ["text": "Bobcat"], "answer": "accept"]])
                    .write(to: folder.appendingPathComponent("http.json"))
                let overHTTP = try await MCPTestClient.run(display: display.name, ["--policy", policy, "--calls",
                                                           folder.appendingPathComponent("http.json").path, "--http"], timeout: .seconds(60))
                #expect(overHTTP.status == 0, "\(overHTTP.errors)")
                let http = overHTTP.output
                #expect(http.contains(#""step": "http_confirm", "error": false"#) && http.contains("Rule: confirm text"), "\(http)")
                _ = try await app.waitForEvent(timeout: .seconds(10), "the confirmed text") { ($0.value ?? "").contains("Bobcat") }
            }
        }
    }
}
