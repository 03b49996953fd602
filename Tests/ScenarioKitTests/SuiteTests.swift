import Deskpilot
import DeskpilotTesting
import Foundation
import FoundationXML
import Testing
import X11Desktop

/// `deskpilot test` end to end: the project's own scenarios, a broken suite, a timeout, Ctrl-C, retries.
/// One at a time: each runs scenarios on its own displays and keeps both cores busy.
@Suite("deskpilot test", .serialized)
struct SuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fresh folder for a run's output.
    static func outputFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-test-\(UUID().uuidString)")
    }

    /// Runs `deskpilot test ARGUMENTS` (from the repository's root) and waits for it without holding a thread.
    static func run(_ arguments: [String], environment: [String: String] = [:], limit: Duration = .seconds(300),
                    whileRunning: ((ChildProcess) async throws -> Void)? = nil) async throws -> (status: Int32?, text: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-test-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "test"] + arguments,
                                       environment: environment.merging(["PWD": root.path]) { $1 }, standardOutput: log, standardError: log)
        if let whileRunning { try await whileRunning(process) }
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
        let status = process.isRunning ? nil : await process.waitForExit(timeout: .seconds(1))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// The display a `deskpilot record --virtual` process announces in `log` ("Recording on DISPLAY=:N").
    static func recordingDisplay(_ record: ChildProcess, log: String) async throws -> String {
        var text = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while !text.contains("Recording on DISPLAY="), ContinuousClock.now < deadline, record.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        }
        return try #require(text.range(of: #"DISPLAY=:[0-9]+"#, options: .regularExpression).map { String(text[$0].dropFirst(8)) }, "\(text)")
    }

    /// Whether a process whose command line contains `marker` is running.
    static func running(_ marker: String) -> Bool {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return folders.contains { pid in
            guard Int(pid) != nil, let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains(marker)
        }
    }

    @Test("the project's scenarios pass on two displays at once, the model's steps replayed from each scenario's cassette; the JUnit report lists each")
    func projectSuite() async throws {
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let junit = output.appendingPathComponent("junit.xml")
        let (status, text) = try await Self.run([Self.root.appendingPathComponent("Scenarios").path, "--jobs", "2", "--junit", junit.path,
                                                 "--output", output.path, "--replay"], environment: ["DESKPILOT_BASE_URL": ""])
        #expect(status == 0, "\(text)")
        let count = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Scenarios").path).filter { $0.hasSuffix(".yaml") }.count
        #expect(count >= 12)
        #expect(text.contains("\(count) passed, 0 failed, 0 flaky, 0 skipped"), "\(text)")
        #expect(text.contains("form-model ✓") && text.contains("[\(count)/\(count)]"))
        // Each family's wire format, replayed from its own cassette: a conformance test of what it sends.
        for family in ["qwen35", "openai-som", "openai-tools", "planner"] { #expect(text.contains("agent-\(family) ✓"), "\(family)") }
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == count)
        #expect(xml.contains(#"tests="\#(count)" failures="0" skipped="0""#))
        #expect(XMLParser(data: Data(xml.utf8)).parse(), "the JUnit report is not well-formed XML")

        // Without a model or a cassette, a model's scenario is skipped, with the reason, and fails nothing.
        let bare = output.appendingPathComponent("bare.yaml")
        try String(contentsOf: Self.root.appendingPathComponent("Scenarios/form-model.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "cassette: cassettes/form-model.jsonl\n", with: "").write(to: bare, atomically: true, encoding: .utf8)
        let (skipped, reason) = try await Self.run([bare.path, "--output", output.path], environment: ["DESKPILOT_BASE_URL": ""])
        #expect(skipped == 0 && reason.contains("form-model - skipped") && reason.contains("needs a model"), "\(reason)")
    }

    @Test("a cassette recorded with the stand-in model replays without it, and fails clearly when the screen changed")
    func cassette() async throws {
        let plan = Self.fixtures.appendingPathComponent("form-model.plan").path
        let (mock, baseURL) = try await StandInModel.start(planFile: plan)
        defer { mock.stop() }
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let tape = output.appendingPathComponent("form-model.jsonl").path
        let scenario = Self.root.appendingPathComponent("Scenarios/form-model.yaml").path
        let (recorded, recordText) = try await Self.run([scenario, "--base-url", baseURL, "--output", output.path, "--cassette", tape, "--record"])
        #expect(recorded == 0, "\(recordText)")
        let entries = try String(contentsOfFile: tape, encoding: .utf8).split(separator: "\n")
        #expect(entries.count == 3)  // the target's grounding, then the agent's two steps
        mock.stop()

        let (replayed, replayText) = try await Self.run([scenario, "--output", output.path, "--cassette", tape, "--replay", "--html", output.appendingPathComponent("report").path])
        #expect(replayed == 0 && replayText.contains("form-model ✓"), "\(replayText)")
        let page = try String(contentsOfFile: output.appendingPathComponent("report/index.html").path, encoding: .utf8)
        #expect(page.contains("recorded model answer grounded"))
        // A real browser renders the report: nothing on the console, and the steps' screens shown (the
        // fixture's form background is on the page).
        let rendering = try await HeadlessBrowser.render(output.appendingPathComponent("report/index.html"))
        #expect(rendering.console.isEmpty, "\(rendering.console)")
        #expect(rendering.pixels(showing: Image(width: 8, height: 8, filledWith: RGBA(r: 0xd8, g: 0xd8, b: 0xd8))) > 5_000)

        // The same scenario with the window elsewhere: the screen no longer looks as recorded.
        let moved = output.appendingPathComponent("form-model-moved.yaml")
        try String(contentsOfFile: scenario, encoding: .utf8).replacingOccurrences(of: #"--x, "0", --y, "0""#, with: #"--x, "300", --y, "200""#)
            .write(to: moved, atomically: true, encoding: .utf8)
        let (failed, failText) = try await Self.run([moved.path, "--output", output.path, "--cassette", tape, "--replay"])
        #expect(failed == 1)
        #expect(failText.contains("form-model-moved.yaml:10:5: left_click target") && failText.contains("the screen no longer looks as recorded"), "\(failText)")
    }

    @Test("an agent run recorded as a scenario replays from its needles: at the recorded place, and after the window moved")
    func recordedScenario() async throws {
        let plan = Self.fixtures.appendingPathComponent("record-form.plan").path
        let (mock, baseURL) = try await StandInModel.start(planFile: plan)
        defer { mock.stop() }
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let file = output.appendingPathComponent("recorded.yaml")
        let runLog = output.appendingPathComponent("run.log").path
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Fill in the form with the name Ada Lovelace and submit it",
                                    "--virtual", "1280x800", "--launch", "deskpilot-fixture --scene form", "--base-url", baseURL,
                                    "--out", output.appendingPathComponent("run").path, "--record-scenario", file.path],
                                   standardOutput: runLog, standardError: runLog)
        while run.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let runText = (try? String(contentsOfFile: runLog, encoding: .utf8)) ?? ""
        #expect(await run.waitForExit(timeout: .seconds(1)) == 0, "\(runText)")
        #expect(runText.contains("(4 actions, 2 needles)"), "\(runText)")
        var yaml = try String(contentsOf: file, encoding: .utf8)
        #expect(yaml.contains(#"needle: needles/recorded-step-1.png, text: "Name""#) && yaml.contains(#"type: "Ada Lovelace""#), "\(yaml)")
        yaml += "expect:\n  - text: \"Submitted: Ada Lovelace\"\n"
        try yaml.write(to: file, atomically: true, encoding: .utf8)

        let report = output.appendingPathComponent("report")
        let (status, text) = try await Self.run([file.path, "--output", output.path, "--html", report.path], environment: ["DESKPILOT_BASE_URL": ""])
        #expect(status == 0, "\(text)")
        let page = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.components(separatedBy: "needle at the recorded place").count - 1 == 2, "the report says which evidence decided each click")

        // The window moved: the needles are found elsewhere, and the clicks follow them.
        let moved = output.appendingPathComponent("moved.yaml")
        try yaml.replacingOccurrences(of: #""--scene", "form"]"#, with: #""--scene", "form", "--x", "300", "--y", "150"]"#)
            .write(to: moved, atomically: true, encoding: .utf8)
        let (movedStatus, movedText) = try await Self.run([moved.path, "--output", output.path, "--html", report.path], environment: ["DESKPILOT_BASE_URL": ""])
        #expect(movedStatus == 0, "\(movedText)")
        let movedPage = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(movedPage.contains("needle found elsewhere: the UI moved by (300, 150)"), "\(movedPage.prefix(3000))")

        // The button's picture changed beyond recognition (here: its needle replaced by noise): the recorded
        // text decides, and --update-snapshots cuts the needle again, so the next run finds it at its place.
        let needle = output.appendingPathComponent("needles/recorded-step-4.png")
        var noise = [UInt8](repeating: 255, count: 64 * 64 * 4)
        for index in 0..<(64 * 64) { noise[index * 4] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 7) }
        try Image(width: 64, height: 64, pixels: noise).writePNG(to: needle.path)
        let (updated, updateText) = try await Self.run([file.path, "--output", output.path, "--update-snapshots", "--html", report.path],
                                                       environment: ["DESKPILOT_BASE_URL": ""])
        #expect(updated == 0, "\(updateText)")
        #expect(updateText.contains("Updated \(needle.standardizedFileURL.path)"), "\(updateText)")
        let updatePage = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(updatePage.contains("recorded text: OCR read &quot;Submit&quot;") && updatePage.contains("needle needles/recorded-step-4.png refreshed"))
        let (again, _) = try await Self.run([file.path, "--output", output.path, "--html", report.path], environment: ["DESKPILOT_BASE_URL": ""])
        #expect(again == 0)
        let againPage = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(againPage.components(separatedBy: "needle at the recorded place").count - 1 == 2)
    }

    @Test("a broken scenario and a crashing app fail with artifacts, the suite goes on, and --last-failed reruns only them")
    func brokenSuite() async throws {
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let junit = output.appendingPathComponent("junit.xml")
        let broken = Self.fixtures.appendingPathComponent("broken").path
        let report = output.appendingPathComponent("report")
        let (status, text) = try await Self.run([broken, "--junit", junit.path, "--output", output.path, "--html", report.path])
        #expect(status == 1, "\(text)")
        #expect(text.contains("1 passed, 2 failed"), "\(text)")
        #expect(text.contains("form-submit-broken.yaml:13:5: expect text \"Submitted: Charles Babbage\""), "\(text)")
        #expect(text.contains("app-crash.yaml:10:5: left_click text \"Cancel\""), "\(text)")
        // The step that failed because the app is gone says so (the fixture exits 0 on the SIGTERM of pkill).
        #expect(text.contains("Note: deskpilot-fixture (launched at") && text.contains("exited with status 0"), "\(text)")
        // Artifacts: the screen at the failure, the text OCR saw there, and the application's output.
        let artifacts = output.appendingPathComponent("form-submit-broken")
        let files = try FileManager.default.contentsOfDirectory(atPath: artifacts.path)
        #expect(files.contains("failure.png") && files.contains("ocr.txt") && files.contains { $0.hasPrefix("launch-1-") }, "\(files)")
        let ocr = try String(contentsOf: artifacts.appendingPathComponent("ocr.txt"), encoding: .utf8)
        #expect(ocr.contains("Submitted: Ada Lovelace"), "\(ocr)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"failures="2""#) && xml.contains("<failure message="))
        // The HTML report: each step's screenshot with its point marked; for a failure the screen, the OCR
        // text and the app's output.
        let page = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("1 passed, 2 failed, 0 flaky, 0 skipped"))
        #expect(page.contains(#"src="form-submit-broken/failure.png""#) && page.contains("Text OCR saw on the screen"))
        #expect(page.contains(#"src="form-submit-broken/step-001.png""#) && page.contains(#"class="mark""#))
        #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("form-submit-broken/failure.png").path))

        let (again, rerun) = try await Self.run([broken, "--last-failed", "--output", output.path])
        #expect(again == 1)
        #expect(rerun.contains("Running 2 scenarios") && !rerun.contains("still-passes"), "\(rerun)")
    }

    @Test("a scenario past its timeout is stopped, with everything it launched")
    func timeout() async throws {
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let start = ContinuousClock.now
        let (status, text) = try await Self.run([Self.fixtures.appendingPathComponent("slow").path, "--output", output.path])
        #expect(status == 1)
        #expect(text.contains("timed out after 3 s at"), "\(text)")
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(!Self.running("sleep 4242.5"))
    }

    @Test("Ctrl-C stops the run: no app or Xvfb is left, and a partial JUnit report is written")
    func interrupt() async throws {
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let junit = output.appendingPathComponent("junit.xml")
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-display-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let (status, text) = try await Self.run([Self.fixtures.appendingPathComponent("interrupt").path, "--junit", junit.path, "--output", output.path,
                                                 "--html", output.appendingPathComponent("report").path],
                                                environment: ["DESKPILOT_DISPLAY_MARKER": marker]) { process in
            // The scenario's shell writes the marker, then becomes `sleep`: wait for both (the shell's own command
            // line names the sleep too, so seeing it alone does not mean the marker is written).
            let deadline = ContinuousClock.now + .seconds(20)
            func markerWritten() -> Bool { ((try? String(contentsOfFile: marker, encoding: .utf8)) ?? "").contains(where: \.isNumber) }
            while !(markerWritten() && Self.running("sleep 4343.5")), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            kill(process.pid, SIGINT)
        }
        #expect(status == 130, "\(text)")
        #expect(text.contains("interrupted"), "\(text)")
        #expect(!Self.running("sleep 4343.5"))
        // The scenario's Xvfb is gone too (its process id, read from the display's socket, names no process).
        let xvfb = try #require(Int32(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(xvfb > 0 && kill(xvfb, 0) != 0, "Xvfb \(xvfb) is still running")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"name="interrupted" value="true""#))
        // The stopped scenario is skipped with the reason, not failed: the app did nothing wrong.
        #expect(xml.contains(#"<skipped message="interrupted (Ctrl-C) before it finished"/>"#), "\(xml)")
        #expect(!xml.contains("<failure"), "\(xml)")
        let page = try String(contentsOf: output.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(page.contains("interrupted"))
    }

    @Test("a scenario that passes on a retry is reported flaky, and does not fail the run")
    func flaky() async throws {
        let output = Self.outputFolder()
        defer { try? FileManager.default.removeItem(at: output) }
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-flaky-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let folder = Self.fixtures.appendingPathComponent("flaky").path
        let (status, text) = try await Self.run([folder, "--retries", "1", "--output", output.path], environment: ["DESKPILOT_FLAKY_MARKER": marker])
        #expect(status == 0, "\(text)")
        #expect(text.contains("flaky (passed on attempt 2)") && text.contains("0 passed, 0 failed, 1 flaky"), "\(text)")
        try FileManager.default.removeItem(atPath: marker)
        let (failed, _) = try await Self.run([folder, "--output", output.path], environment: ["DESKPILOT_FLAKY_MARKER": marker])
        #expect(failed == 1)
    }

    @Test("a broken file stops the run before anything starts: exit 64 and file:line:column")
    func brokenFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bad-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "name: bad\nsteps:\n  - clik: { x: 1, y: 2 }\n".write(to: file, atomically: true, encoding: .utf8)
        let (status, text) = try await Self.run([file.path])
        #expect(status == 64)
        #expect(text.contains("\(file.path):3:5: error: unknown key 'clik'"), "\(text)")
    }

    @Test("an app that exits at once is reported as exited, with its status and its last output, not as a window timeout")
    func appExitsAtOnce() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("exits.yaml")
        try """
            name: exits
            launch:
              - run: [deskpilot-fixture, --scene, no-such-scene]
                wait_for: { window: "Deskpilot Fixture", timeout: 20 }
            steps:
              - key: Return
            """.write(to: file, atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        let (status, text) = try await Self.run([file.path, "--output", folder.appendingPathComponent("out").path])
        #expect(status == 1)
        #expect(text.contains("exits.yaml:3:5: the app exited before showing a window 'Deskpilot Fixture'"), "\(text)")
        #expect(text.contains("exited with status 2") && text.contains("invalid --scene 'no-such-scene'"), "\(text)")
        #expect(ContinuousClock.now - start < .seconds(15), "it waited for the window's timeout")
    }

    @Test("relative locators, offset, env and ${VAR}, include, named steps with their own timeout, setup and teardown — on the fixture")
    func relativeLocatorsAndPhases() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = folder.appendingPathComponent("events.jsonl").path
        let torn = folder.appendingPathComponent("torn").path
        try """
            description: Types the city into its field, found by an offset from its label.
            steps:
              - click: { text: "City", offset: [300, 0] }
                name: focus the City field
              - type: "${CITY}"
              - wait_for: { text: "City", within: [210, 230, 560, 80] }
            """.write(to: folder.appendingPathComponent("shared.yaml"), atomically: true, encoding: .utf8)
        let header = """
            display: { width: 1024, height: 768 }
            env:
              CITY: City
              MARK: \(torn)
            launch:
              - run: [deskpilot-fixture, --scene, form, --events, "${EVENTS}"]
                wait_for: { window: "Deskpilot Fixture" }
            setup:
              - wait_for: { text: "Submit" }
            teardown:
              - run: [sh, -c, "echo $NAME >> $MARK"]

            """
        // The typed "City" and the label "City" read the same: only the one right of the label is the field.
        try (header.replacingOccurrences(of: "$NAME", with: "passing") + """
            name: relative
            steps:
              - include: shared.yaml
              - click: { text: "City", right_of: { text: "City" } }
                name: the typed city
                timeout: 3
              - click: { text: "Submit", below: { text: "City", nth: 1 }, max_distance: 300 }
              - wait_for: { text: "Submitted:" }
            """).write(to: folder.appendingPathComponent("relative.yaml"), atomically: true, encoding: .utf8)
        try (header.replacingOccurrences(of: "$NAME", with: "failing") + """
            name: ambiguous
            steps:
              - include: shared.yaml
              - click: { text: "City", nth: 3 }
                name: which city?
                timeout: 1
            """).write(to: folder.appendingPathComponent("ambiguous.yaml"), atomically: true, encoding: .utf8)
        let (status, text) = try await Self.run([folder.appendingPathComponent("relative.yaml").path, folder.appendingPathComponent("ambiguous.yaml").path,
                                                 "--output", folder.appendingPathComponent("out").path],
                                                environment: ["EVENTS": events])
        #expect(status == 1, "\(text)")
        #expect(text.contains("ambiguous ✗") && text.contains("relative ✓"), "\(text)")
        // The failing step: named, looking for its own 1 s; the label and the typed text are both "City".
        #expect(text.contains("ambiguous.yaml:15:5: which city?: left_click text \"City\" #3: text \"City\" #3: only 2 match(es), 'nth: 3' asked for within 1 s"),
                "\(text)")
        // Teardown ran for both, the failing one included.
        let marks = try String(contentsOfFile: torn, encoding: .utf8)
        #expect(marks.contains("passing") && marks.contains("failing"), "\(marks)")
        // The clicks landed: the City field (offset from its label), the typed text in it, and Submit.
        let log = try String(contentsOfFile: events, encoding: .utf8)
        #expect(log.contains(#""event":"focus","field":"City""#), "\(log)")
        #expect(log.contains(#""event":"submit""#) && log.contains(#""City":"City""#), "\(log)")
        // The clicks on the City field (the offset from its label in both scenarios, the typed text right of
        // the label) are all inside it (x ≥ 220), none on the label (x < 200).
        let clicks = log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }.filter { $0["event"] as? String == "click" && $0["target"] as? String == "City" }
        #expect(clicks.count == 3 && clicks.allSatisfy { ($0["x"] as? Int ?? 0) >= 220 }, "\(clicks)")
    }

    @Test("the report a tester debugs from: crops at the point, before and after, every match numbered, the text OCR read, every attempt, the apps' output; rendered in Chromium")
    func debuggableReport() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = """
            display: { width: 1024, height: 768 }
            launch:
              - run: [deskpilot-fixture, --scene, form]
                wait_for: { window: "Deskpilot Fixture" }
            steps:
              - click: { text: "City", offset: [300, 0] }
                name: the City field
              - type: "City"
              - wait_for: { text: "City", within: [210, 230, 560, 80] }

            """
        try (header + "  - click: { text: \"Submit\" }\nname: report-pass\n").write(to: folder.appendingPathComponent("pass.yaml"), atomically: true, encoding: .utf8)
        try (header + "  - click: { text: \"City\" }\nname: report-ambiguous\n").write(to: folder.appendingPathComponent("ambiguous.yaml"), atomically: true, encoding: .utf8)
        try (header + "  - click: { text: \"Nowhere\" }\n    timeout: 1\nname: report-missing\n")
            .write(to: folder.appendingPathComponent("missing.yaml"), atomically: true, encoding: .utf8)
        let report = folder.appendingPathComponent("report")
        let (status, text) = try await Self.run([folder.path, "--output", folder.appendingPathComponent("out").path, "--html", report.path, "--retries", "1"])
        #expect(status == 1, "\(text)")
        let page = try String(contentsOf: report.appendingPathComponent("index.html"), encoding: .utf8)
        // Each step: its caption as written (name, action, file:line), the crop at its point, before and after.
        #expect(page.contains("1. the City field: left_click text &quot;City&quot; offset (300, 0)") && page.contains("pass.yaml:6:5"), "\(page.prefix(4000))")
        #expect(page.contains(#"src="report-pass/step-001-crop.png""#) && page.contains(">after<") && page.contains(">before<"))
        #expect(FileManager.default.fileExists(atPath: report.appendingPathComponent("report-pass/step-001-crop.png").path))
        let crop = try Image(contentsOfPNGFile: report.appendingPathComponent("report-pass/step-001-crop.png").path)
        #expect(crop.width == 160 && crop.height == 100)
        // A passing scenario's final screen, and the app's output and how it ended.
        #expect(page.contains(#"src="report-pass/final.png""#) && page.contains("deskpilot-fixture --scene form") && page.contains("still running; stopped at the end"))
        // Several matches: all drawn and numbered as in the message; both attempts kept, each with its reason.
        #expect(page.contains("matches 2 places (#1 ") && page.contains(#"class="place""#) && page.contains("<span>#2</span>"))
        #expect(page.contains("Attempt 1 <span class=\"failed\">failed</span>") && page.contains(#"src="report-ambiguous/attempt-1/step-001.png""#))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/report-ambiguous-attempt-1/failure.png").path))
        // Nothing found: the text OCR read where it looked (the form's labels among it).
        #expect(page.contains("Text OCR read where it looked") && page.contains("Submit"))
        #expect(page.contains(#"class="timeline""#))
        // A real browser renders it without a console error, showing the crops and screens.
        let rendering = try await HeadlessBrowser.render(report.appendingPathComponent("index.html"), width: 1400, height: 3000)
        #expect(rendering.console.isEmpty, "\(rendering.console)")
        #expect(rendering.pixels(showing: Image(width: 8, height: 8, filledWith: RGBA(r: 0xd8, g: 0xd8, b: 0xd8))) > 5_000)
        try? rendering.screenshot.writePNG(to: FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-report-rendering.png").path)
    }

    @Test("--video films each scenario's display: a WebM whose frames decode and whose length is the scenario's, linked from the report and JUnit; retain-on-failure drops a pass's film; ffmpeg never outlives its scenario")
    func video() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("filmed.yaml")
        try """
            name: filmed
            display: { width: 640, height: 480 }
            launch:
              - run: [deskpilot-fixture, --scene, buttons]
                wait_for: { window: "Deskpilot Fixture" }
            steps:
              - click: { text: "OK" }
              - wait: 2
            """.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out"), junit = folder.appendingPathComponent("junit.xml")
        let (status, text) = try await Self.run([file.path, "--output", out.path, "--video", "on", "--junit", junit.path,
                                                 "--html", folder.appendingPathComponent("report").path])
        #expect(status == 0, "\(text)")
        let film = out.appendingPathComponent("filmed/video.webm")
        #expect(FileManager.default.fileExists(atPath: film.path))
        #expect(!Self.running(film.path), "ffmpeg still runs after its scenario")
        // Every frame decodes, and the film lasts as long as the scenario ran (it starts and stops with it).
        func tool(_ arguments: [String]) throws -> (status: Int32, output: String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: arguments[0])
            process.arguments = Array(arguments.dropFirst())
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let decoded = try tool(["/usr/bin/ffmpeg", "-v", "error", "-i", film.path, "-f", "null", "-"])
        #expect(decoded.status == 0 && decoded.output.isEmpty, "\(decoded.output)")
        let frames = Int(try tool(["/usr/bin/ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                   "stream=nb_read_frames", "-of", "csv=p=0", film.path]).output) ?? 0
        let xml = try String(contentsOf: junit, encoding: .utf8)
        let time = xml.range(of: #"testcase name="filmed" classname="[^"]*" time="([0-9.]+)""#, options: .regularExpression)
            .flatMap { Double(xml[$0].split(separator: "\"").last ?? "") } ?? 0
        // 10 frames a second over the scenario (the film starts after the display, so a little shorter).
        #expect(Double(frames) >= (time - 1.5) * 10 && Double(frames) <= (time + 0.5) * 10, "\(frames) frames for a \(time) s scenario")
        #expect(xml.contains("[[ATTACHMENT|\(out.path)/filmed/video.webm]]"))
        let page = try String(contentsOf: folder.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(page.contains(#"<video controls preload="metadata" width="560" src="filmed/video.webm">"#))

        // retain-on-failure: a passing scenario's film is not kept.
        let kept = folder.appendingPathComponent("kept")
        let (again, againText) = try await Self.run([file.path, "--output", kept.path, "--video", "retain-on-failure"])
        #expect(again == 0, "\(againText)")
        #expect(!FileManager.default.fileExists(atPath: kept.appendingPathComponent("filmed/video.webm").path))
    }

    @Test("--headed shows the scenario's display as a window on yours; --pause-on-failure keeps the app up until Enter, saying how to attach")
    func headedAndPaused() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { outer, desktop in
            let folder = Self.outputFolder()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("paused.yaml")
            try """
                name: paused
                display: { width: 640, height: 480 }
                launch:
                  - run: [deskpilot-fixture, --scene, buttons]
                    wait_for: { window: "Deskpilot Fixture" }
                steps:
                  - click: { text: "Nowhere" }
                    timeout: 1
                """.write(to: file, atomically: true, encoding: .utf8)
            let log = folder.appendingPathComponent("log").path
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: try BuildProducts.path(of: "deskpilot"))
            process.arguments = ["test", file.path, "--output", folder.appendingPathComponent("out").path, "--headed", "--pause-on-failure"]
            process.environment = ProcessInfo.processInfo.environment.merging(["DISPLAY": outer.name]) { $1 }
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle(forWritingAtPath: log)
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            defer { if process.isRunning { process.terminate() } }
            // Wait for the pause and the display it names.
            var text = ""
            let deadline = ContinuousClock.now + .seconds(60)
            while !text.contains("Press Enter"), ContinuousClock.now < deadline, process.isRunning {
                try await Task.sleep(for: .milliseconds(100))
                text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            }
            let display = try #require(text.range(of: #"DISPLAY=:[0-9]+"#, options: .regularExpression).map { String(text[$0].dropFirst("DISPLAY=".count)) },
                                       "\(text)")
            // The scenario's display is a window on the outer one, and the app is still up on it.
            let titles = try await desktop.windows().map(\.title)
            #expect(titles.contains("Deskpilot: paused"), "\(titles)")
            let inner = try X11Desktop(display: display)
            #expect(try await inner.windows().contains { $0.title == "Deskpilot Fixture" })
            // Enter: the scenario ends as failed, and everything it started is gone.
            input.fileHandleForWriting.write(Data("\n".utf8))
            let end = ContinuousClock.now + .seconds(30)
            while process.isRunning, ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!process.isRunning && process.terminationStatus == 1)
            #expect(try await !desktop.windows().contains { $0.title == "Deskpilot: paused" })
        }
    }

    @Test("deskpilot record writes what a person does as a scenario (text, points, typing, keys, scroll, a wait on what appeared), and it replays green")
    func recordByHand() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let events = folder.appendingPathComponent("events.jsonl").path
        let file = folder.appendingPathComponent("by-hand.yaml")
        let log = folder.appendingPathComponent("record.log").path
        let record = try ChildProcess(
            [try BuildProducts.path(of: "deskpilot"), "record", file.path, "--virtual", "1024x768", "--pause", "1",
             "--launch", "deskpilot-fixture --scene form --events \(events)", "--secret", "EMAIL=DESKPILOT_TEST_EMAIL"],
            environment: ["DISPLAY": "", "DESKPILOT_TEST_EMAIL": "ada@example.org"], standardOutput: log, standardError: log)
        defer { record.stop() }
        let display = try await Self.recordingDisplay(record, log: log)
        // A person's input, as XTest sends it: the Name field (blank: a point), typing with a correction,
        // Tab, the Submit button (text), then a pause while the result shows, a combination and the wheel.
        let desktop = try X11Desktop(display: display)
        try await desktop.perform(.click(Point(x: 490, y: 90)))
        try await desktop.perform(.type("Ada Lovelacx"))
        try await desktop.perform(.key(try KeyCombo(parsing: "BackSpace")))
        try await desktop.perform(.type("e"))
        try await desktop.perform(.key(try KeyCombo(parsing: "Tab")))
        try await desktop.perform(.type("ada@example.org"))
        // A person holds the button a moment (XTest's instant click is answered before anyone could look).
        try await desktop.perform(.move(to: Point(x: 330, y: 380)))
        try await desktop.perform(.press(.left))
        try await Task.sleep(for: .milliseconds(150))
        try await desktop.perform(.release(.left))
        // A pause after something that showed at once: no wait (locators wait on replay anyway).
        try await Task.sleep(for: .milliseconds(1600))
        try await desktop.perform(.key(try KeyCombo(parsing: "ctrl+s")))
        try await desktop.perform(.scroll(dx: 0, dy: 2, at: Point(x: 400, y: 500)))
        // Ctrl-C ends the recording and writes the file.
        kill(record.pid, SIGINT)
        #expect(await record.waitForExit(timeout: .seconds(30)) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        let steps = yaml.components(separatedBy: "steps:\n").last ?? ""
        #expect(steps == """
              - click: { x: 490, y: 90 }
              - type: "Ada Lovelace"
              - key: "Tab"
              - type: "{{secret:EMAIL}}"
              - click: { text: "Submit" }
              - key: "ctrl+s"
              - scroll: { dy: 2, at: { x: 400, y: 500 } }

            """, "\(yaml)")
        #expect(yaml.contains(#"wait_for: { window: "Deskpilot Fixture""#))
        #expect(yaml.contains("secrets:\n  EMAIL: \"DESKPILOT_TEST_EMAIL\"\n") && !yaml.contains("ada@example.org"), "\(yaml)")
        // Replayed at once: green, and the app got the same form (a second submit with the same values).
        let out = folder.appendingPathComponent("out"), report = folder.appendingPathComponent("report")
        let (status, replay) = try await Self.run([file.path, "--output", out.path, "--html", report.path, "--junit", folder.appendingPathComponent("junit.xml").path],
                                                  environment: ["DESKPILOT_TEST_EMAIL": "ada@example.org"])
        #expect(status == 0, "\(replay)")
        // The secret was typed, and is in no artifact of the run, nor in what the commands printed.
        var leaks: [String] = []
        for root in [out, report, folder.appendingPathComponent("junit.xml")] {
            let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])?.map { root.appendingPathComponent($0).path } ?? [root.path]
            for path in paths where (FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self).contains("ada@example.org") } ?? false) {
                leaks.append(path)
            }
        }
        #expect(leaks.isEmpty, "the secret is written in \(leaks)")
        #expect(!replay.contains("ada@example.org") && !((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ada@example.org"))
        let submits = try String(contentsOfFile: events, encoding: .utf8).split(separator: "\n").filter { $0.contains(#""event":"submit""#) }
        #expect(submits.count == 2 && submits.allSatisfy { $0.contains(#""Name":"Ada Lovelace","Email":"ada@example.org""#) }, "\(submits)")
    }

    @Test("deskpilot record: a pause while the app works becomes a wait_for on what appeared during it, and the replay waits too")
    func recordWaitsForWhatAppeared() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("slow.yaml")
        let log = folder.appendingPathComponent("record.log").path
        let record = try ChildProcess(
            [try BuildProducts.path(of: "deskpilot"), "record", file.path, "--virtual", "800x600", "--pause", "1.5",
             "--launch", "xterm -geometry 80x24+0+0"],
            environment: ["DISPLAY": ""], standardOutput: log, standardError: log)
        defer { record.stop() }
        let display = try await Self.recordingDisplay(record, log: log)
        let desktop = try X11Desktop(display: display)
        // Into the terminal (without a window manager the keyboard follows the pointer), then a slow command:
        // its answer shows a second later, while the person waits.
        try await desktop.perform(.click(Point(x: 400, y: 250)))
        try await desktop.perform(.type("sleep 1; echo Finished-OK"))
        try await desktop.perform(.key(try KeyCombo(parsing: "Return")))
        try await Task.sleep(for: .milliseconds(3000))  // the person's pause: the input being recorded
        try await desktop.perform(.type("clear"))
        kill(record.pid, SIGINT)
        #expect(await record.waitForExit(timeout: .seconds(30)) == 0, "\((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let yaml = try String(contentsOf: file, encoding: .utf8)
        // (The text is what OCR read: case may differ, "Finished-Ok"; matching ignores case.)
        #expect(yaml.lowercased().hasSuffix("""
              - click: { x: 400, y: 250 }
              - type: "sleep 1; echo finished-ok"
              - key: "return"
              - wait_for: { text: "finished-ok", timeout: 30 }
              - type: "clear"

            """), "\(yaml)")
        let (status, replay) = try await Self.run([file.path, "--output", folder.appendingPathComponent("out").path])
        #expect(status == 0, "\(replay)")
    }

    @Test("every broken file is reported, not only the first")
    func everyBrokenFile() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: a\nsteps:\n  - click: {text: \"OK\"\n  - key: Return\n".write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try "name: b\nsteps:\n\t- key: Return\n".write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        let (status, text) = try await Self.run([folder.path])
        #expect(status == 64)
        #expect(text.contains("a.yaml:4:3: error: not valid YAML: did not find expected ',' or '}'"), "\(text)")
        #expect(text.contains("b.yaml:3:1: error:") && text.contains("tabs"), "\(text)")
        #expect(!text.contains("Usage:"))
    }

    @Test("nothing to run is an error (exit 1) unless --pass-with-no-tests; a missing path is exit 64 without the usage text")
    func nothingToRun() async throws {
        let folder = Self.outputFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var (status, text) = try await Self.run([folder.path])
        #expect(status == 1 && text.contains("No scenario to run (no scenario file in") && text.contains("--pass-with-no-tests"), "\(text)")
        (status, text) = try await Self.run([folder.path, "--pass-with-no-tests"])
        #expect(status == 0, "\(text)")
        (status, text) = try await Self.run([Self.root.appendingPathComponent("Scenarios").path, "--grep", "zzz-no-such-scenario"])
        #expect(status == 1 && text.contains("none selected"), "\(text)")
        (status, text) = try await Self.run([folder.appendingPathComponent("missing").path])
        #expect(status == 64 && text.contains("no such file or folder") && !text.contains("Usage:"), "\(text)")
    }
}
