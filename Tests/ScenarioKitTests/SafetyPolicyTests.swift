import Deskpilot
import DeskpilotTesting
import Foundation
import ScenarioKit
import Synchronization
import Testing

@Suite("Safety policy: files, rules, and every path obeying them")
struct SafetyPolicyTests {
    static func parse(_ yaml: String) throws(ScenarioError) -> SafetyPolicy {
        try SafetyPolicyParser.parse(yaml, file: "/tmp/policy.yaml")
    }

    @Test("one decision looks at the screen once: three near_text rules and two window rules read the text and the window once each")
    func screenReadOncePerDecision() async throws {
        let policy = try Self.parse("""
            rules:
              - deny: { near_text: "Delete" }
              - deny: { window: "xterm" }
              - deny: { near_text: "Format" }
              - deny: { window: "Terminal" }
              - confirm: { near_text: "Pay" }
            """)
        let reads = Counter(), lookups = Counter()
        let inspector = SafetyPolicy.Inspector(window: { _ in lookups.add(); return "Deskpilot Fixture" },
                                               textNear: { _, _ in reads.add(); return "Pay now" })
        let ruling = await policy.decide(SafetyPolicy.Proposal(kind: "click", point: Point(x: 10, y: 10), inspect: inspector))
        #expect(ruling.verdict == .confirm && ruling.location == "/tmp/policy.yaml:6:5")
        #expect(reads.count == 1 && lookups.count == 1)
        // A second decision looks again: the screen may have changed.
        _ = await policy.decide(SafetyPolicy.Proposal(kind: "click", point: Point(x: 10, y: 10), inspect: inspector))
        #expect(reads.count == 2)
    }

    final class Counter: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    @Test("a broken policy is reported at file:line:column", arguments: [
        ("rules:\n  - deny: { nope: 1 }\n", 2, 13, "unknown key 'nope'"),
        ("rules:\n  - deny: { text: \"(\" }\n", 2, 19, "not a valid regular expression"),
        ("rules:\n  - block: { kind: type }\n", 2, 5, "unknown key 'block'"),
        ("rules:\n  - deny: { kind: tap }\n", 2, 19, "unknown action kind 'tap'"),
        ("default: maybe\nrules: []\n", 1, 10, "'default' is allow, confirm or deny"),
        ("rules:\n  - deny: { key: ctrl+nosuchkey }\n", 2, 18, "nosuchkey"),
    ])
    func broken(yaml: String, line: Int, column: Int, message: String) {
        do {
            _ = try Self.parse(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.location.line == line && error.location.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("the first matching rule decides, on each matcher; else the default")
    func rules() async throws {
        let policy = try Self.parse("""
            default: confirm
            rules:
              - deny: { near_text: "Delete|Format|Pay" }
              - deny: { text: "rm -rf" }
              - confirm: { key: [alt+F4, ctrl+alt+Delete] }
              - allow: { kind: type, window: "Fixture" }
              - deny: { region: [0, 0, 100, 100] }
              - deny: { tool: "^lookup" }
              - allow: { kind: [click, move] }
            """)
        let screen = SafetyPolicy.Inspector(window: { _ in "Deskpilot Fixture DeskpilotFixture" },
                                            textNear: { point, _ in point.x > 500 ? "Delete everything" : "Save" })
        func decide(_ proposal: SafetyPolicy.Proposal) async -> String {
            var proposal = proposal
            proposal.inspect = screen
            let ruling = await policy.decide(proposal)
            return "\(ruling.verdict.rawValue) \(ruling.location)"
        }
        #expect(await decide(.init(kind: "click", point: Point(x: 600, y: 300))) == "deny /tmp/policy.yaml:3:5")  // near "Delete"
        #expect(await decide(.init(kind: "type", typed: "sudo rm -rf /")) == "deny /tmp/policy.yaml:4:5")
        #expect(await decide(.init(kind: "key", key: try KeyCombo(parsing: "Alt+f4"))) == "confirm /tmp/policy.yaml:5:5")
        #expect(await decide(.init(kind: "type", typed: "hello")) == "allow /tmp/policy.yaml:6:5")
        #expect(await decide(.init(kind: "double_click", point: Point(x: 50, y: 50))) == "deny /tmp/policy.yaml:7:5")
        #expect(await decide(.init(kind: "tool", tool: "lookup_customer")) == "deny /tmp/policy.yaml:8:5")
        #expect(await decide(.init(kind: "right_click", point: Point(x: 300, y: 300))) == "allow /tmp/policy.yaml:9:5")
        #expect(await decide(.init(kind: "scroll", point: Point(x: 300, y: 300))) == "confirm /tmp/policy.yaml:1:10")  // the default
        // The built-in preset reads.
        let safe = try SafetyPolicyParser.load("safe")
        #expect(safe.rules.count == 4)
        for (proposal, verdict) in [(SafetyPolicy.Proposal(kind: "tool", tool: "lookup_customer"), SafetyPolicy.Verdict.deny),
                                    (.init(kind: "tool", tool: "focus"), .allow), (.init(kind: "tool", tool: "run_scenario"), .allow),
                                    (.init(kind: "tool", tool: "focus_all"), .deny), (.init(kind: "run", typed: "rm -rf /tmp/x"), .deny),
                                    (.init(kind: "key", key: try KeyCombo(parsing: "alt+F4")), .confirm), (.init(kind: "type", typed: "hello"), .allow)] {
            #expect(await safe.decide(proposal).verdict == verdict, "\(proposal.kind) \(proposal.tool ?? proposal.typed ?? "")")
        }
    }

    @Test("run --policy: a denied click is never sent, the model is told, the record names the rule; policy explain agrees; MCP refuses it too")
    func deniedEverywhere() async throws {
        try await withTemporaryFolder("deskpilot-policy") { folder in
            let policy = folder.appendingPathComponent("policy.yaml").path
            try "default: allow\nrules:\n  - deny: { near_text: \"Submit\" }\n".write(toFile: policy, atomically: true, encoding: .utf8)
            let plan = folder.appendingPathComponent("task.plan").path
            try "click \"Submit\"\nterminate success\n".write(toFile: plan, atomically: true, encoding: .utf8)
            let (mock, baseURL) = try await StandInModel.start(planFile: plan)
            defer { mock.stop() }
            try await withVirtualDesktop(width: 1024, height: 768) { display, _ in
                let app = try await FixtureApp.launch(scene: "form", display: display.name)
                let events = app.eventsPath
                defer { app.stop() }
                let log = folder.appendingPathComponent("run.log").path
                let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Submit the form", "--base-url", baseURL, "--policy", policy,
                                            "--display", display.name, "--out", folder.appendingPathComponent("run").path],
                                           standardOutput: log, standardError: log)
                // Denied, then the model says it succeeded: nothing was sent, so the run ends "declined" (exit 5).
                #expect(await run.waitForExit(timeout: .seconds(60)) == 5, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
                let received = try String(contentsOfFile: events, encoding: .utf8)
                #expect(!received.contains(#""event":"click""#), "\(received)")
                let trajectory = try String(contentsOf: folder.appendingPathComponent("run/trajectory.jsonl"), encoding: .utf8)
                #expect(trajectory.contains("denied by the safety policy: deny near_text") && trajectory.contains("policy.yaml:3:5"), "\(trajectory.prefix(2000))")

                // policy explain says the same of a click on the button.
                let submit = try app.center(of: "Submit")
                let explained = folder.appendingPathComponent("explain.log").path
                let explain = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "policy", "explain", policy, "--action", "click \(submit.x) \(submit.y)",
                                                "--display", display.name], standardOutput: explained, standardError: explained)
                #expect(await explain.waitForExit(timeout: .seconds(30)) == 0)
                let said = try String(contentsOfFile: explained, encoding: .utf8)
                #expect(said.hasPrefix("deny: deny near_text \"Submit\"") && said.contains("policy.yaml:3:5"), "\(said)")
                // A broken policy stops run before anything starts.
                try "rules:\n  - deny: { nope: 1 }\n".write(toFile: policy + ".bad", atomically: true, encoding: .utf8)
                let bad = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "x", "--base-url", baseURL, "--policy", policy + ".bad"],
                                           standardOutput: log + ".bad", standardError: log + ".bad")
                #expect(await bad.waitForExit(timeout: .seconds(30)) == 64)
                #expect(try String(contentsOfFile: log + ".bad", encoding: .utf8).contains("policy.yaml.bad:2:13"))

                // Through MCP: the official SDK's click on the button is an error result, and no click arrives.
                let client = try await MCPTestClient.run(display: display.name, ["--policy", policy], timeout: .seconds(60))
                #expect(client.status == 0, "\(client.errors)")
                let mcp = client.output
                #expect(mcp.contains(#""step": "denied_click", "error": true"#) && mcp.contains("Denied by the safety policy"), "\(mcp)")
                #expect(!(try String(contentsOfFile: events, encoding: .utf8)).contains(#""event":"click""#))
            }
        }
    }

    @Test("test --policy: a run: step is ruled as a run action on its command line; safe denies it, a confirm rule needs --yes")
    func runSteps() async throws {
        try await withTemporaryFolder("deskpilot-policy-run") { folder in
            let marker = folder.appendingPathComponent("ran").path
            let scenario = folder.appendingPathComponent("runs.yaml").path
            try """
                name: runs-a-command
                display: { width: 320, height: 240 }
                steps:
                  - run: [touch, "\(marker)"]
                """.write(toFile: scenario, atomically: true, encoding: .utf8)
            let confirming = folder.appendingPathComponent("confirm.yaml").path
            try "rules:\n  - confirm: { kind: run, text: \"^touch \" }\n".write(toFile: confirming, atomically: true, encoding: .utf8)
            for (policy, yes, runs, says) in [("safe", false, false, "denied by the safety policy: deny kind run (<built-in policy 'safe'>:5:5)"),
                                              (confirming, false, false, "nobody to ask: it was not run"),
                                              (confirming, true, true, "1 passed")] {
                try? FileManager.default.removeItem(atPath: marker)
                let (status, text) = try await SuiteTests.run([scenario, "--output", folder.appendingPathComponent("out").path, "--policy", policy]
                                                              + (yes ? ["--yes"] : []))
                #expect(status == (runs ? 0 : 1) && text.contains(says), "\(policy) \(yes): \(text)")
                #expect(FileManager.default.fileExists(atPath: marker) == runs, "\(policy) \(yes)")
            }
        }
    }

    @Test("test --policy: an agent: step's action a confirm rule covers is denied in CI (nobody to ask), and passes with --yes")
    func confirmInTests() async throws {
        try await withTemporaryFolder("deskpilot-policy-test") { folder in
            let policy = folder.appendingPathComponent("policy.yaml").path
            try "rules:\n  - confirm: { near_text: \"Submit\" }\n".write(toFile: policy, atomically: true, encoding: .utf8)
            let plan = folder.appendingPathComponent("task.plan").path
            try "click \"Submit\"\nterminate success\n".write(toFile: plan, atomically: true, encoding: .utf8)
            let scenario = folder.appendingPathComponent("guarded.yaml").path
            try """
                name: guarded
                display: { width: 1024, height: 768 }
                launch:
                  - run: [deskpilot-fixture, --scene, form]
                    wait_for: { window: "Deskpilot Fixture" }
                steps:
                  - agent: "Submit the form"
                expect:
                  - text: { text: "Submitted:", exact: false }
                """.write(toFile: scenario, atomically: true, encoding: .utf8)
            for yes in [false, true] {
                let (mock, baseURL) = try await StandInModel.start(planFile: plan)
                defer { mock.stop() }
                let (status, text) = try await SuiteTests.run([scenario, "--output", folder.appendingPathComponent("out").path, "--base-url", baseURL,
                                                               "--policy", policy] + (yes ? ["--yes"] : []))
                if yes {
                    #expect(status == 0, "\(text)")
                } else {
                    #expect(status == 1 && text.contains("declined"), "\(text)")
                }
            }
        }
    }
}
