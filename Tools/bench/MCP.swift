import Deskpilot
import DeskpilotTesting
import Foundation
import ScenarioKit

/// `deskpilot mcp` as another agent sees it, and the safety policy's cost per decision.
///
/// - MCP round trips for `click` and `screenshot` (default size), timed in the official Python SDK
///   (`peers/mcp_roundtrip.py`, run with `.mcp-venv/bin/python`) over stdio and over HTTP, against a
///   `deskpilot click` process per click, the way a script without MCP would drive the desktop.
/// - The policy: deciding a click and a typing action through 50 rules (one a window rule, which asks the X
///   server), without and with an OCR rule (`near_text`) that must read the text around the point.
enum MCPBench {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func measure(_ desktop: X11Desktop, form: FixtureApp, samples: Int, log: (String) -> Void) async throws -> [Measurement] {
        var results: [Measurement] = []
        let target = try form.center(of: "Status")
        let deskpilot = try BuildProducts.path(of: "deskpilot")
        let python = root.appendingPathComponent(".mcp-venv/bin/python").path
        if FileManager.default.isExecutableFile(atPath: python) {
            for transport in [[], ["--http"]] {
                log("MCP round trips \(transport.isEmpty ? "over stdio" : "over HTTP")…")
                results += try run([python, root.appendingPathComponent("Tools/bench/peers/mcp_roundtrip.py").path, deskpilot, desktop.displayName,
                                    "--click", "\(target.x),\(target.y)", "--samples", "\(samples)"] + transport)
            }
        } else {
            log("no MCP client in .mcp-venv (Tools/bootstrap --mcp installs it): skipping the MCP round trips")
        }
        // The same click as a process of its own: what a shell script or an agent without MCP pays per action.
        let processes = try await sample(max(10, samples / 2), warmup: 1) {
            let status = try ChildProcess([deskpilot, "click", "\(target.x)", "\(target.y)", "--display", desktop.displayName],
                                          standardOutput: "/dev/null", standardError: "/dev/null")
            guard await status.waitForExit(timeout: .seconds(30)) == 0 else { throw FixtureError("deskpilot click failed") }
        }
        results.append(Measurement(group: "mcp", name: "peer: deskpilot click process (CLI)", samples_ms: processes))
        // The policy decides about a click on a labelled button: an OCR rule has words to read there.
        return results + (try await policy(desktop, at: try form.center(of: "Submit"), samples: samples))
    }

    /// Decisions through 50 rules: 49 that the actions pass (texts, keys, regions elsewhere, tools, one window
    /// rule) and, last, an OCR rule; the clicks reach it only in the second policy.
    static func policy(_ desktop: X11Desktop, at point: Point, samples: Int) async throws -> [Measurement] {
        var rules: [String] = []
        for index in 0..<12 {
            rules.append(#"  - deny: { text: "secret-\#(index)|DROP TABLE t\#(index)" }"#)
            rules.append("  - confirm: { key: [ctrl+alt+F\(index + 1)] }")
            rules.append("  - deny: { kind: click, region: [\(index * 10), 0, 5, 5] }")
            rules.append(#"  - deny: { tool: "^forbidden_\#(index)$" }"#)
        }
        rules.append(#"  - confirm: { kind: [click, type], window: "xterm-that-is-not-open" }"#)
        let withoutOCR = "default: allow\nrules:\n" + rules.joined(separator: "\n") + "\n"
        let withOCR = withoutOCR + #"  - deny: { kind: click, near_text: "Delete|Format|Pay now" }"# + "\n"
        let recognizer = try TextRecognizer()
        let inspector = SafetyPolicy.Inspector.screen(desktop, recognizer: recognizer)
        var results: [Measurement] = []
        for (name, text) in [("49 rules, no OCR rule", withoutOCR), ("50 rules, the last an OCR rule", withOCR)] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-policy-\(UUID().uuidString).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let policy = try SafetyPolicyParser.load(file.path)
            precondition(policy.rules.count == (text == withOCR ? 50 : 49))
            let click = SafetyPolicy.Proposal(kind: "click", point: point, inspect: inspector)
            let typing = SafetyPolicy.Proposal(kind: "type", typed: "Ada Lovelace, 10 Downing Street", inspect: inspector)
            for (action, proposal) in [("a click", click), ("typing", typing)] {
                var verdict = ""
                let times = await sample(samples) {
                    let ruling = await policy.decide(proposal)
                    verdict = ruling.verdict.rawValue
                }
                results.append(Measurement(group: "policy", name: "decide \(action) through \(name) (\(verdict))", samples_ms: times))
            }
        }
        // What an OCR rule costs at most: one capture and one read of the text around the point (which must
        // find the button's label, or the figure would be that of an empty read).
        let read = await inspector.textNear(point, 60) ?? ""
        guard read.contains("Submit") else { throw FixtureError("the text near the Submit button reads \(read.debugDescription)") }
        let radius = 60
        let box = Rect(x: max(0, point.x - radius), y: max(0, point.y - radius), width: 2 * radius, height: 2 * radius)
        let reads = try await sample(samples) {
            _ = try await recognizer.recognize(try await desktop.screenshot(region: box))
        }
        results.append(Measurement(group: "policy", name: "capture + read the 120x120 px around the point (what an OCR rule adds)", samples_ms: reads))
        return results
    }

    /// Runs a measuring script and reads its JSON lines.
    private static func run(_ command: [String]) throws -> [Measurement] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("\(command[1]) failed with status \(process.terminationStatus)") }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(Measurement.self, from: Data($0)) }
    }
}
