import AgentCore
public import Foundation
import DesktopKit
import Imaging

/// A report people read after a run: `index.html` in a folder, with the totals, then per scenario its
/// verdict and every step and expectation (what decided it, how long it took), the screenshot before
/// each step with the point acted on marked, and for a failure the screen at that moment, the
/// expected/actual/difference pictures of a snapshot, the application's output and the text OCR saw.
public enum HTMLReport {
    /// Writes the report for `results` into `folder` (created; the pictures are copied beside the page).
    @discardableResult
    public static func write(_ results: [ScenarioResult], seconds: Double, interrupted: Bool = false, to folder: URL) throws -> URL {
        let files = FileManager.default
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        var html = """
            <!doctype html><html><head><meta charset="utf-8"><title>Deskpilot scenarios</title><style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1300px}
            .passed{color:#0a7d2c}.failed{color:#b00020}.flaky{color:#b36b00}.skipped{color:#666}
            table{border-collapse:collapse}td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
            section{border-top:1px solid #ddd;padding:12px 0}.shot{position:relative;display:inline-block;margin:4px 8px 4px 0}
            .shot img{max-width:560px;border:1px solid #ccc}.mark{position:absolute;width:20px;height:20px;margin:-12px 0 0 -12px;
            border:3px solid #e3162b;border-radius:50%;box-shadow:0 0 0 2px #fff}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;font-size:12px}
            </style></head><body><h1>Deskpilot scenarios</h1>
            """
        func count(_ verdict: Verdict) -> Int { results.filter { $0.verdict == verdict }.count }
        html += "<p><b>\(count(.passed)) passed, \(count(.failed)) failed, \(count(.flaky)) flaky, \(count(.skipped)) skipped</b>"
            + String(format: " in %.1f s", seconds) + (interrupted ? " — <span class=\"failed\">interrupted</span>" : "") + "</p><table>"
        for result in results {
            html += "<tr><td><a href=\"#\(escape(result.name))\">\(escape(result.name))</a></td><td class=\"\(result.verdict.rawValue)\">\(result.verdict.rawValue)</td>"
                + String(format: "<td>%.1f s</td>", result.seconds) + "<td>\(escape(result.reason ?? ""))</td></tr>"
        }
        html += "</table>"
        for result in results {
            let source = URL(fileURLWithPath: result.artifacts)
            let target = folder.appendingPathComponent(result.name)
            try? files.removeItem(at: target)
            try files.createDirectory(at: target, withIntermediateDirectories: true)
            func copy(_ name: String) -> String? {
                let from = source.appendingPathComponent(name)
                guard files.fileExists(atPath: from.path) else { return nil }
                try? files.copyItem(at: from, to: target.appendingPathComponent(name))
                return "\(result.name)/\(name)"
            }
            html += "<section id=\"\(escape(result.name))\"><h2>\(escape(result.name)) <span class=\"\(result.verdict.rawValue)\">\(result.verdict.rawValue)</span></h2>"
            html += "<p>\(escape(result.file))" + (result.attempts > 1 ? " — \(result.attempts) attempts" : "") + "</p>"
            if let reason = result.reason { html += "<p class=\"\(result.verdict.rawValue)\">\(escape(reason))</p>" }
            html += "<table><tr><th></th><th>step</th><th>where</th><th>ms</th><th>what decided it</th></tr>"
            for outcome in result.steps + result.expectations {
                html += "<tr><td class=\"\(outcome.verdict.rawValue)\">\(outcome.verdict == .passed ? "✓" : "✗")</td><td>\(escape(outcome.description))</td>"
                    + "<td>\(escape(outcome.location.split(separator: "/").last.map(String.init) ?? outcome.location))</td>"
                    + String(format: "<td>%.0f</td>", outcome.milliseconds) + "<td>\(escape(outcome.detail))</td></tr>"
            }
            html += "</table>"
            for (index, outcome) in result.steps.enumerated() {
                guard let name = outcome.screenshot, let path = copy(name) else { continue }
                html += "<div class=\"shot\"><img alt=\"before step \(index + 1)\" title=\"\(escape(outcome.description))\" src=\"\(escape(path))\">"
                if let point = outcome.point, result.screen.count == 2, result.screen[0] > 0, result.screen[1] > 0 {
                    html += String(format: "<div class=\"mark\" style=\"left:%.2f%%;top:%.2f%%\"></div>",
                                   Double(point.x) / Double(result.screen[0]) * 100, Double(point.y) / Double(result.screen[1]) * 100)
                }
                html += "</div>"
            }
            if result.verdict == .failed {
                for name in ["failure.png", "expected.png", "actual.png", "diff.png"] {
                    if let path = copy(name) { html += "<div class=\"shot\"><p>\(name)</p><img alt=\"\(name)\" src=\"\(escape(path))\"></div>" }
                }
                let logs = ((try? files.contentsOfDirectory(atPath: source.path)) ?? []).filter { $0.hasSuffix(".log") || $0 == "ocr.txt" }.sorted()
                for log in logs {
                    let text = (try? String(contentsOf: source.appendingPathComponent(log), encoding: .utf8)) ?? ""
                    html += "<h3>\(escape(log == "ocr.txt" ? "Text OCR saw on the screen" : log))</h3><pre>\(escape(String(text.suffix(8000))))</pre>"
                }
            }
            html += "</section>"
        }
        let page = folder.appendingPathComponent("index.html")
        try Data((html + "</body></html>\n").utf8).write(to: page, options: .atomic)
        return page
    }

    /// Text escaped for markup; control and bidirectional characters shown as `U+XXXX` (XML allows no
    /// control characters, and a page must not be reordered by what an application or a model wrote).
    static func escape(_ text: String) -> String { SafeText.html(text) }
}
