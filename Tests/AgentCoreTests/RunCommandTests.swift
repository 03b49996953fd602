import Deskpilot
import DeskpilotTesting
import Foundation
import Glibc
import Testing

@Suite("deskpilot run")
struct RunCommandTests {
    @Test("Ctrl-C during a run leaves a valid record ending in 'interrupted', and exit status 130")
    func interrupt() async throws {
        let server = try await ScriptedHTTPServer(replies: [], fallback: .hang)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.path + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess(
            [try BuildProducts.path(of: "deskpilot"), "run", "Wait for nothing", "--base-url", server.baseURL,
             "--virtual", "640x480", "--out", directory.path],
            standardOutput: log, standardError: log)
        // Wait until the first request is in flight, then interrupt.
        let deadline = ContinuousClock.now + .seconds(30)
        while server.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!server.requests.isEmpty)
        kill(run.pid, SIGINT)
        let status = await run.waitForExit(timeout: .seconds(20))
        await server.shutdown()
        #expect(status == 130, "output: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let events = try AgentLoopTests.events(in: directory)
        guard case .start? = events.first, case .end(let end)? = events.last else {
            Issue.record("the record does not start and end: \(events)")
            return
        }
        #expect(end.outcome == "interrupted")
        // The report is written by the command, from the record, even for an interrupted run.
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.html").path))
    }

    @Test("without a model server the command says how to name one and exits 64")
    func noServer() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Do something"],
                                   environment: ["DESKPILOT_BASE_URL": ""], standardOutput: log, standardError: log)
        #expect(await run.waitForExit(timeout: .seconds(20)) == 64)
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("pass --base-url URL or set DESKPILOT_BASE_URL"))
    }
}

@Suite("deskpilot run checks its options first")
struct RunOptionTests {
    @Test("an empty task, a URL that cannot work, an unknown profile: exit 64 before a display starts or a folder is made",
          arguments: [
              (["", "--base-url", "http://127.0.0.1:9/v1"], "The task is empty"),
              (["Click OK", "--base-url", "notaurl"], "is not an http(s) URL"),
              (["Click OK", "--base-url", "http://127.0.0.1:9/v1", "--profile", "bogus"], "Unknown profile 'bogus'"),
          ])
    func refusedEarly(arguments: [String], message: String) async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-opts-\(UUID().uuidString)")
        let log = out.path + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run"] + arguments + ["--virtual", "320x200", "--out", out.path],
                                   standardOutput: log, standardError: log)
        #expect(await run.waitForExit(timeout: .seconds(20)) == 64)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        #expect(text.contains(message), "\(text)")
        #expect(!text.contains("Running on"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}

@Suite("deskpilot locate and ground")
struct LocateAndGroundCommandTests {
    static func output(_ arguments: [String], display: String) async throws -> (status: Int32?, text: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-cli-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try ChildProcess([try BuildProducts.path(of: "deskpilot")] + arguments, display: display,
                                       standardOutput: log, standardError: log)
        let status = await process.waitForExit(timeout: .seconds(60))
        return (status, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test("locate finds a label by OCR; ground asks the model and marks the point")
    func locateAndGround() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, _ in
            let app = try await FixtureApp.launch(scene: "form", display: display.name, arguments: ["--x", "100", "--y", "50"])
            let submit = try app.rect(of: "Submit")
            let located = try await Self.output(["locate", "--text", "Submit", "--json"], display: display.name)
            #expect(located.status == 0)
            let matches = try #require(try JSONSerialization.jsonObject(with: Data(located.text.utf8)) as? [[String: Any]])
            let x = try #require(matches.first?["x"] as? Int), y = try #require(matches.first?["y"] as? Int)
            #expect(submit.contains(Point(x: x, y: y)))

            let missing = try await Self.output(["locate", "--text", "Nowhere To Be Seen"], display: display.name)
            #expect(missing.status == 1 && missing.text.contains("is not on the screen"))

            // By image: a needle cut from a screenshot of the button is found at the button.
            let needlePath = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-needle-\(UUID().uuidString).png").path
            defer { try? FileManager.default.removeItem(atPath: needlePath) }
            let shot = try await X11Desktop(display: display.name).screenshot()
            try shot.cropped(x: submit.x, y: submit.y, width: submit.width, height: submit.height).writePNG(to: needlePath)
            let byImage = try await Self.output(["locate", "--image", needlePath, "--json"], display: display.name)
            #expect(byImage.status == 0, "\(byImage.text)")
            let imageMatches = try #require(try JSONSerialization.jsonObject(with: Data(byImage.text.utf8)) as? [[String: Any]])
            #expect((imageMatches.first?["box"] as? [Int]) == [submit.x, submit.y, submit.width, submit.height])
            let both = try await Self.output(["locate", "--image", needlePath, "--text", "Submit"], display: display.name)
            #expect(both.status == 64 && both.text.contains("exactly one of --text"))

            let (mock, baseURL) = try await MockModelTests.startMock(plan: #"click "Submit""#)
            defer { mock.stop() }
            let annotated = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-ground-\(UUID().uuidString).png").path
            defer { try? FileManager.default.removeItem(atPath: annotated) }
            let grounded = try await Self.output(["ground", "the Submit button", "--base-url", baseURL, "--annotate", annotated],
                                                 display: display.name)
            #expect(grounded.status == 0)
            let numbers = grounded.text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
            #expect(numbers.count == 2)
            #expect(submit.contains(Point(x: numbers[0], y: numbers[1])))
            let image = try Image(contentsOfPNGFile: annotated)
            #expect(image[numbers[0], numbers[1]] == RGBA(r: 230, g: 20, b: 40))
        }
    }
}

@Suite("deskpilot run --confirm and --dry-run")
struct ConfirmTests {
    /// What `deskpilot run "Click OK" FLAG` did against a stand-in that clicks OK, then says it succeeded,
    /// on the fixture's buttons: its exit status and output, what the app received, and the record.
    struct ClickOK {
        var status: Int32?
        var output: String
        var received: String
        var trajectory: String
        var end: RunEnd?
    }

    static func clickOK(_ flag: String) async throws -> ClickOK {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let events = directory.appendingPathComponent("events.jsonl").path
        let (mock, baseURL) = try await MockModelTests.startMock(plan: "click \"OK\"\nterminate success")
        defer { mock.stop() }
        let log = directory.appendingPathComponent("run.log").path
        // Standard input is /dev/null: every question is answered with end-of-file, which declines.
        let run = try ChildProcess(
            [try BuildProducts.path(of: "deskpilot"), "run", "Click OK", "--base-url", baseURL, flag,
             "--virtual", "800x600", "--launch", "\(try FixtureApp.executablePath()) --scene buttons --events \(events)",
             "--out", directory.appendingPathComponent("run").path],
            standardOutput: log, standardError: log)
        let status = await run.waitForExit(timeout: .seconds(60))
        var end: RunEnd?
        if case .end(let record)? = try AgentLoopTests.events(in: directory.appendingPathComponent("run")).last { end = record }
        return ClickOK(status: status, output: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "",
                       received: (try? String(contentsOfFile: events, encoding: .utf8)) ?? "",
                       trajectory: (try? String(contentsOf: directory.appendingPathComponent("run/trajectory.jsonl"), encoding: .utf8)) ?? "", end: end)
    }

    @Test("an action the user does not confirm is not sent, and the model is told; the run ends 'declined' (exit 5)")
    func declined() async throws {
        let run = try await Self.clickOK("--confirm")
        // The model then says it succeeded, but nothing was sent: the run's outcome is "declined", exit 5.
        #expect(run.status == 5, "\(run.output)")
        #expect(run.output.contains("Do left_click"))
        #expect(run.output.contains("Declined: the model finished, but its only input action was declined"))
        #expect(!run.output.contains("Task succeeded"))
        #expect(run.received.contains(#""event":"ready""#) && !run.received.contains(#""event":"click""#))
        #expect(run.trajectory.contains("declined by the user"))
        #expect(run.end?.outcome.hasPrefix("declined") == true)
    }

    @Test("a dry run that the model ends with success is a dry run (exit 4), not a success")
    func dryRun() async throws {
        let run = try await Self.clickOK("--dry-run")
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains("Dry run: the model finished; 1 input action recorded, none sent"), "\(run.output)")
        #expect(run.output.contains("(private Xvfb)"))
        #expect(run.received.contains(#""event":"ready""#) && !run.received.contains(#""event":"click""#))
        #expect(run.end?.outcome.hasPrefix("dry run") == true)
    }
}

@Suite("What a model writes never reaches a terminal or a page raw")
struct HostileReplyTests {
    /// Escape sequences that would recolour a terminal (CSI), set its title (OSC), and reverse a line (bidi).
    static let hostile = "\u{1B}[31mRED\u{1B}[0m \u{1B}]0;pwned\u{07} \u{9B}2J \u{202E}txet desrever\u{202C} NUL\u{0}"

    @Test("250 KB replies full of escape sequences: the console gets a few hundred safe bytes a step, the record keeps every byte")
    func boundedAndClean() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let filler = String(repeating: "All work and no play. " + Self.hostile + " ", count: 250_000 / 60)
        let typed = String(repeating: "x", count: 3000) + Self.hostile
        let replies: [ScriptedHTTPServer.Reply] = [
            ReplyToleranceTests.content(filler + ReplyToleranceTests.call(#"{"action": "type", "text": \#(SafeText.jsonString(typed))}"#)),
            ReplyToleranceTests.content(filler),  // no call at all: a correction
            ReplyToleranceTests.content(filler + ReplyToleranceTests.call(#"{"action": "answer", "text": \#(SafeText.jsonString(Self.hostile))}"#)),
        ]
        #expect(replies.count == 3)
        let server = try await ScriptedHTTPServer(replies: replies)
        let log = directory.path + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Type something", "--base-url", server.baseURL,
                                    "--virtual", "640x480", "--out", directory.path], standardOutput: log, standardError: log)
        let status = await run.waitForExit(timeout: .seconds(60))
        await server.shutdown()
        let output = try Data(contentsOf: URL(fileURLWithPath: log))
        let text = String(decoding: output, as: UTF8.self)
        #expect(status == 0, "\(text)")
        // A few lines a step, whatever the replies' size.
        #expect(output.count < 3 * 1024, "\(output.count) bytes printed")
        #expect(text.contains("… ("))  // the typed text was cut, and says by how much
        for forbidden in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{202C}", "\u{0}", "\u{07}"] {
            #expect(!text.unicodeScalars.contains(forbidden.unicodeScalars.first!), "\(forbidden.debugDescription) reached the terminal")
        }
        // The record keeps the replies whole, raw.
        let steps = AgentLoopTests.steps(try AgentLoopTests.events(in: directory))
        #expect(steps.count == 3)
        #expect(steps[0].reply?.contains(Self.hostile) == true && (steps[0].reply?.utf8.count ?? 0) > 240_000)
        // The page shows them, every control character as a visible code, nothing reordered.
        let page = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(page.contains("U+202E") && page.contains("U+1B"))
        for forbidden in ["\u{1B}", "\u{9B}", "\u{202E}", "\u{0}"] {
            #expect(!page.unicodeScalars.contains(forbidden.unicodeScalars.first!), "\(forbidden.debugDescription) reached the report")
        }
    }
}

@Suite("SafeText")
struct SafeTextTests {
    @Test("a terminal line: sequences and controls gone, breaks as spaces, cut with a note")
    func line() {
        #expect(SafeText.line(HostileReplyTests.hostile) == "RED   txet desrever NUL")  // CSI 2J went with its parameters
        #expect(SafeText.line("a\nb\tc") == "a b c")
        #expect(SafeText.line(String(repeating: "é", count: 305), limit: 300) == String(repeating: "é", count: 300) + "… (5 more characters)")
        #expect(SafeText.line("ok \u{1B}[") == "ok ")  // a sequence cut short takes nothing after it
    }

    @Test("JSON: escaped so a reader gets the text back and a terminal shows nothing raw")
    func json() throws {
        let literal = SafeText.jsonString(HostileReplyTests.hostile + "\"\\")
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E || $0.value == 0x9B })
        #expect(try JSONDecoder().decode(String.self, from: Data(literal.utf8)) == HostileReplyTests.hostile + "\"\\")
    }

    @Test("HTML: markup escaped, controls and bidi shown as codes")
    func html() {
        #expect(SafeText.html("<b>\"x\" & 'y'</b>\u{202E}\u{1B}") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;U+202EU+1B")
    }
}
