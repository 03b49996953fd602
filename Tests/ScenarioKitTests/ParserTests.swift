import Foundation
import Deskpilot
import ScenarioKit
import Testing

/// Scenario files: every step kind, locator and expectation read into the model; every kind of mistake
/// reported at its line and column with what was expected.
@Suite("Scenario files")
struct ParserTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func parse(_ yaml: String) throws(ScenarioError) -> Scenario {
        try ScenarioParser().parse(yaml, file: folder.appendingPathComponent("inline.yaml").path)
    }

    static func error(_ yaml: String) -> ScenarioError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test("every step kind, locator and expectation is read")
    func everything() throws {
        let scenario = try Self.parse("""
            name: all-kinds
            description: Everything at once.
            tags: [a, b]
            display: { width: 1024, height: 768 }
            timeout: 30
            launch:
              - run: [deskpilot-fixture, --scene, form]
                wait_for: { window: "Deskpilot Fixture", timeout: 5 }
            steps:
              - click: { text: "Name", nth: 2, within: [0, 0, 500, 400] }
              - double_click: { x: 10, y: 20 }
              - triple_click: { text: "Sumbit", exact: false }
              - right_click: { image: needle.png, threshold: 0.8 }
              - middle_click: { target: "the blue button" }
              - move: { x: 1, y: 2 }
              - drag: { from: { x: 1, y: 2 }, to: { text: "Bin" } }
              - scroll: { dy: -3, at: { x: 5, y: 5 } }
              - type: "Ada Lovelace"
              - key: ctrl+s
              - wait_for: { text: "Saved", timeout: 3 }
              - wait_for: { gone: "Saving…" }
              - wait_for: { image: needle.png }
              - wait_for: { window: "Dialog" }
              - wait_for: { screen_stable: 0.5 }
              - wait: 0.25
              - run: [sh, -c, "echo hi"]
              - agent: { task: "Open the File menu", max_steps: 8 }
              - agent: "Choose Save"
            expect:
              - text: "Submitted"
              - not_text: { text: "Error", exact: false }
              - window: { title: "Deskpilot Fixture" }
              - file: { path: /tmp/x, contains: "hi" }
              - command: { run: [test, -f, /tmp/x], exit: 1 }
              - screen_matches: { reference: needle.png, region: [0, 0, 40, 30], tolerance: 0.02 }
            """)
        #expect(scenario.name == "all-kinds")
        #expect(scenario.description == "Everything at once.")
        #expect(scenario.tags == ["a", "b"])
        #expect(scenario.timeout == 30)
        #expect(scenario.display == Size(width: 1024, height: 768))
        let file = Self.folder.appendingPathComponent("inline.yaml").path
        #expect(scenario.launch == [Scenario.Launch(command: ["deskpilot-fixture", "--scene", "form"], waitForWindow: ("Deskpilot Fixture", 5),
                                                    location: SourceLocation(file: file, line: 7, column: 5))])
        let point = { (x: Int, y: Int) in PlaceQuery(.point(Point(x: x, y: y))) }
        #expect(scenario.steps.map(\.action) == [
            .desktop(.click(PlaceQuery(.text("Name", exact: true), nth: 2, within: Rect(x: 0, y: 0, width: 500, height: 400)), button: .left, count: 1)),
            .desktop(.click(point(10, 20), button: .left, count: 2)),
            .desktop(.click(PlaceQuery(.text("Sumbit", exact: false)), button: .left, count: 3)),
            .desktop(.click(PlaceQuery(.image(path: "needle.png", threshold: 0.8)), button: .right, count: 1)),
            .desktop(.click(PlaceQuery(.target("the blue button")), button: .middle, count: 1)),
            .desktop(.move(to: point(1, 2))),
            .desktop(.drag(along: [point(1, 2), PlaceQuery(.text("Bin", exact: true))], button: .left)),
            .desktop(.scroll(dx: 0, dy: -3, at: point(5, 5))),
            .desktop(.type("Ada Lovelace")),
            .desktop(.key(try KeyCombo(parsing: "ctrl+s"))),
            .waitFor(.text("Saved", exact: true, within: nil), timeout: 3),
            .waitFor(.gone("Saving…", exact: true, within: nil), timeout: 10),
            .waitFor(.image(path: "needle.png", threshold: 0.9, within: nil), timeout: 10),
            .waitFor(.window("Dialog"), timeout: 10),
            .waitFor(.screenStable(quiet: 0.5), timeout: 10),
            .desktop(.wait(seconds: 0.25)),
            .run(["sh", "-c", "echo hi"]),
            .agent(task: "Open the File menu", maxSteps: 8),
            .agent(task: "Choose Save", maxSteps: 15),
        ])
        #expect(scenario.steps.map(\.location.line) == Array(10...28))
        #expect(scenario.steps.allSatisfy { $0.location.column == 5 && $0.location.file == file })
        #expect(scenario.expectations.map(\.check) == [
            .text("Submitted", present: true, exact: true, within: nil),
            .text("Error", present: false, exact: false, within: nil),
            .window("Deskpilot Fixture"),
            .file(path: "/tmp/x", contains: "hi"),
            .command(["test", "-f", "/tmp/x"], exit: 1),
            .screenMatches(reference: "needle.png", region: Rect(x: 0, y: 0, width: 40, height: 30), tolerance: 0.02),
        ])
        #expect(ScenarioRunner.needsModel(scenario))
    }

    @Test("mistakes are reported at file:line:column with what was expected", arguments: [
        ("name: x\nsteps:\n  - clik: { x: 1, y: 2 }\n", 3, 5, "unknown key 'clik' in a step — did you mean 'click'?"),
        ("name: x\nsteps:\n  - click: { x: 1 }\n", 3, 12, "a locator needs 'y'"),
        ("name: x\nsteps:\n  - type: [a]\n", 3, 11, "'type' (the text to type) must be text, found a list"),
        ("name: x\nsteps:\n  - key: ctrl+nosuchkey\n", 3, 10, "nosuchkey"),
        ("name: x\nsteps:\n  - click: { image: missing.png }\n", 3, 21, "the needle image 'missing.png' does not exist"),
        ("name: x\nsteps:\n  - wait: soon\n", 3, 11, "'wait' (seconds) must be a number"),
        ("name: x\nsteps:\n  - click: { text: OK, nth: 0 }\n", 3, 12, "'nth' counts from 1"),
        ("name: x\nsteps:\n  - click: { text: OK, within: [1, 2, 3] }\n", 3, 32, "a region is [x, y, width, height]"),
        ("name: x\nsteps:\n  - { type: a, key: Tab }\n", 3, 5, "exactly one key"),
        ("name: x\ndisplay: { width: 10, height: 800 }\nsteps: []\n", 2, 10, "64 to 8192 pixels"),
        ("name: x\nsteps:\n  - click: { x: 1, y: 2 }\nexpect:\n  - screen_matches: { reference: nope.png }\n", 5, 34, "--update-snapshots"),
        ("name: x\nsteps: [\n", 3, 1, "not valid YAML"),
        // libyaml's own problem is kept; a tab used for indentation is named as the cause.
        ("name: x\nsteps:\n  - click: {text: \"OK\"\n  - key: Return\n", 4, 3, "did not find expected ',' or '}'"),
        ("name: x\nsteps:\n\t- key: Return\n", 3, 1, "YAML does not allow tabs for indentation"),
        ("steps: []\n", 1, 1, "a scenario needs 'name'"),
        // Relative locators, offsets, step names and timeouts, variables.
        ("name: x\nsteps:\n  - click: { x: 1, y: 2, right_of: { text: A } }\n", 3, 12, "right_of narrows the matches of a text or image locator"),
        ("name: x\nsteps:\n  - click: { text: B, max_distance: 9 }\n", 3, 37, "'max_distance' limits right_of"),
        ("name: x\nsteps:\n  - click: { text: B, above: { text: A }, below: { text: C } }\n", 3, 12, "takes one of right_of"),
        ("name: x\nsteps:\n  - click: { text: B, near: { target: the logo } }\n", 3, 29, "found by text:, image: or {x, y}"),
        ("name: x\nsteps:\n  - click: { text: B, offset: [1] }\n", 3, 31, "'offset' is [dx, dy]"),
        ("name: x\nsteps:\n  - click: { x: 1300, y: 2 }\n", 3, 12, "(1300, 2) is off the scenario's 1280x800 display"),
        ("name: x\nsteps:\n  - name: nameless\n", 3, 5, "exactly one key naming its kind"),
        ("name: x\nsteps:\n  - key: Tab\n    timeout: 0\n", 4, 14, "a step's 'timeout' must be more than 0"),
        ("name: x\nsteps:\n  - type: \"${DESKPILOT_SURELY_UNSET}\"\n", 3, 11, "${DESKPILOT_SURELY_UNSET} is not set"),
        ("name: x\nsteps:\n  - type: \"{{secret:PIN}}\"\n", 3, 11, "{{secret:PIN}} is not declared"),
        ("name: x\nsteps:\n  - include: no-such-file.yaml\n", 3, 14, "cannot read the included file 'no-such-file.yaml'"),
        ("name: x\nsteps:\n  - include: inline.yaml\n", 3, 14, "includes itself"),
        ("name: has space\nsteps: []\n", 1, 7, "letters, digits"),
    ])
    func mistakes(yaml: String, line: Int, column: Int, message: String) throws {
        let error = try #require(Self.error(yaml), "accepted: \(yaml)")
        #expect(error.location.line == line && error.location.column == column, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("\(Self.folder.path)/inline.yaml:\(line):\(column): error: "))
    }

    @Test("relations, offsets, names, timeouts, env and ${VAR}, setup and teardown are read")
    func layoutAndPhases() throws {
        let scenario = try Self.parse("""
            name: relations
            env:
              WHO: Ada
              GREETING: "Hello ${WHO}"
            setup:
              - wait_for: { window: Fixture }
            steps:
              - click: { text: Edit, right_of: { text: "Row 3" }, max_distance: 300, nth: 1 }
                name: edit row 3
                timeout: 12
              - click: { image: needle.png, below: { x: 10, y: 20 } }
              - click: { text: Customer, offset: [150, -2] }
              - type: "${GREETING}, $${NOT_A_VARIABLE} ${DISPLAY#:}"
            teardown:
              - key: Escape
            """)
        #expect(scenario.environment == ["WHO": "Ada", "GREETING": "Hello Ada"])
        #expect(scenario.setup.count == 1 && scenario.teardown.count == 1 && scenario.steps.count == 4)
        let first = scenario.steps[0]
        #expect(first.name == "edit row 3" && first.timeout == 12 && first.caption.hasPrefix("edit row 3: left_click"))
        guard case .desktop(.click(let edit?, _, _)) = first.action, case .desktop(.click(let below?, _, _)) = scenario.steps[1].action,
              case .desktop(.click(let customer?, _, _)) = scenario.steps[2].action, case .desktop(.type(let typed)) = scenario.steps[3].action else {
            Issue.record("steps read as \(scenario.steps)")
            return
        }
        #expect(edit.relation == PlaceRelation(.rightOf, of: PlaceQuery(.text("Row 3", exact: true)), maxDistance: 300) && edit.nth == 1)
        #expect(below.relation?.side == .below && below.relation?.anchor.locator == .point(Point(x: 10, y: 20)))
        #expect(customer.offset == Point(x: 150, y: -2))
        // `$${` writes `${`; a shell's `${DISPLAY#:}` is left alone.
        #expect(typed == "Hello Ada, ${NOT_A_VARIABLE} ${DISPLAY#:}")
    }

    @Test("an included file's steps take its place, located in that file; its needles are relative to it")
    func include() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-include-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("shared"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Self.folder.appendingPathComponent("needle.png"), to: folder.appendingPathComponent("shared/needle.png"))
        try "- key: ctrl+l\n- click: { image: needle.png }\n".write(to: folder.appendingPathComponent("shared/login.yaml"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent("main.yaml").path
        try "name: inc\nsteps:\n  - key: Tab\n  - include: shared/login.yaml\n  - key: Return\n".write(toFile: file, atomically: true, encoding: .utf8)
        let scenario = try ScenarioParser().parse(contentsOf: file)
        #expect(scenario.steps.map(\.action.description) == ["key Tab", "key ctrl+l", "left_click image \(folder.path)/shared/needle.png", "key Return"])
        #expect(scenario.steps[1].location == SourceLocation(file: folder.appendingPathComponent("shared/login.yaml").path, line: 1, column: 3))
    }

    @Test("paths are relative to the scenario's folder; selection by grep, shard and name is deterministic")
    func selection() throws {
        let names = (1...10).map { "scenario-\($0)" }
        let scenarios = try names.map { name in try Self.parse("name: \(name)\ntags: [\(name.hasSuffix("3") ? "slow" : "fast")]\nsteps: []\n") }
        #expect(scenarios[0].resolve("needle.png") == Self.folder.appendingPathComponent("needle.png").path)
        #expect(try SuiteRunner.select(scenarios, grep: "SLOW").map(\.name) == ["scenario-3"])
        #expect(try SuiteRunner.select(scenarios, grep: "-1[0]?$").map(\.name) == ["scenario-1", "scenario-10"])
        let shards = try (1...3).map { try SuiteRunner.select(scenarios, shard: ($0, 3)).map(\.name) }
        #expect(shards.flatMap { $0 }.sorted() == names.sorted())  // every scenario in exactly one shard
        #expect(Set(shards[0]).isDisjoint(with: shards[1]) && shards.allSatisfy { (3...4).contains($0.count) })
        #expect(try SuiteRunner.select(scenarios, shard: (2, 3)).map(\.name) == shards[1])  // the same slice every time
        #expect(try SuiteRunner.select(scenarios, only: ["scenario-7", "nope"]).map(\.name) == ["scenario-7"])
    }
}
