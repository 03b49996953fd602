import AgentCore
public import Foundation
import DesktopKit
import Imaging

/// A report people debug from after a run: `index.html` in a folder, with the totals, then per scenario
/// its verdict, a timeline of its steps, and for every step the step as written (`file:line`), what decided
/// it, the screen before it (click to enlarge) with the point marked, a crop around the point at full
/// resolution, and the screen after it. A locator that matched several places has them drawn and numbered
/// as in its message; one that found nothing shows the text OCR read where it looked. Then the final
/// screen, the launched programs' output and exit, a failure's pictures, and every earlier attempt.
public enum HTMLReport {
    /// Writes the report for `results` into `folder` (created; the pictures are copied beside the page).
    @discardableResult
    public static func write(_ results: [ScenarioResult], seconds: Double, interrupted: Bool = false, to folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var html = """
            <!doctype html><html><head><meta charset="utf-8"><title>Deskpilot scenarios</title><style>\(style)</style></head>
            <body><h1>Deskpilot scenarios</h1>
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
            html += try ScenarioSection(result: result, folder: folder).html()
        }
        let page = folder.appendingPathComponent("index.html")
        try Data((html + "</body></html>\n").utf8).write(to: page, options: .atomic)
        return page
    }

    static let style = """
        body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
        .passed{color:#0a7d2c}.failed{color:#b00020}.flaky{color:#b36b00}.skipped{color:#666}
        table{border-collapse:collapse}td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
        section{border-top:1px solid #ddd;padding:12px 0}
        .timeline{display:flex;height:18px;margin:8px 0 14px;border:1px solid #ccc;max-width:1100px}
        .timeline div{min-width:3px;border-right:1px solid #fff}.timeline .passed{background:#7cc68d}
        .timeline .failed{background:#e57373}.timeline .skipped{background:#bbb}
        .step{border:1px solid #e3e3e3;border-radius:6px;padding:8px 10px;margin:8px 0}
        .step.failed{border-color:#e57373;background:#fff7f7}.caption{font-weight:600}.where{color:#666;font-weight:normal;margin-left:8px}
        .evidence{margin:4px 0 6px;color:#333}.shots{display:flex;gap:10px;align-items:flex-start;flex-wrap:wrap}
        figure{margin:0}figcaption{font-size:12px;color:#666}.shot{position:relative;display:inline-block;line-height:0}
        .shot img{width:360px;border:1px solid #ccc}.crop img{width:240px;image-rendering:pixelated;border:1px solid #ccc}
        .mark{position:absolute;width:16px;height:16px;margin:-11px 0 0 -11px;border:3px solid #e3162b;border-radius:50%;box-shadow:0 0 0 2px #fff}
        .place{position:absolute;border:2px solid #1565c0;background:rgba(21,101,192,.12)}
        .place span{position:absolute;top:-16px;left:-2px;background:#1565c0;color:#fff;font:bold 11px/14px system-ui;padding:0 3px;line-height:14px}
        pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;font-size:12px;max-height:320px;overflow:auto}
        .attempt{border-left:3px solid #e57373;padding-left:10px;margin:10px 0}
        """

    /// Text escaped for markup; control and bidirectional characters shown as `U+XXXX` (XML allows no
    /// control characters, and a page must not be reordered by what an application or a model wrote).
    static func escape(_ text: String) -> String { SafeText.html(text) }
}
