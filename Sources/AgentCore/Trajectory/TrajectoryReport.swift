public import Foundation

/// A run's `report.html`: one self-contained page (images inlined) with the totals at the top and, per step,
/// the screenshot the model saw with the action's point marked, the model's words, the action, the result,
/// tokens and timings.
public enum TrajectoryReport {
    /// Reads `directory/trajectory.jsonl` (skipping a last line cut short by a crash) and writes
    /// `directory/report.html`; returns its URL.
    @discardableResult
    public static func write(for directory: URL) throws -> URL {
        let data = try Data(contentsOf: directory.appendingPathComponent("trajectory.jsonl"))
        let events = data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(StepRecord.self, from: Data($0)) }
        let html = render(events, directory: directory)
        let url = directory.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: url, options: .atomic)
        return url
    }

    static func render(_ events: [StepRecord], directory: URL) -> String {
        let start = events.first { $0.event == "start" }
        let end = events.last { $0.event == "end" }
        let steps = events.filter { $0.event == "step" }
        let screen = start?.screen ?? [1, 1]
        let prompt = steps.compactMap(\.promptTokens).reduce(0, +)
        let completion = steps.compactMap(\.completionTokens).reduce(0, +)
        let estimated = steps.contains { $0.tokensEstimated == true } ? " (some estimated: the server sent no usage)" : ""
        let costs = steps.compactMap(\.cost)
        let cost = costs.isEmpty ? "" : "<tr><td>Cost</td><td>\(String(format: "%.4f", end?.totalCost ?? costs.reduce(0, +)))</td></tr>"
        var html = """
            <!doctype html><html><head><meta charset="utf-8"><title>Deskpilot run: \(escape(start?.task ?? ""))</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
            h1{font-size:20px} .totals td{padding:2px 12px 2px 0} .step{border-top:1px solid #ddd;padding:16px 0;display:flex;gap:20px}
            .shot{position:relative;flex:0 0 640px} .shot img{width:640px;border:1px solid #ccc}
            .mark{position:absolute;width:22px;height:22px;margin:-13px 0 0 -13px;border:3px solid #e3162b;border-radius:50%;box-shadow:0 0 0 2px #fff}
            pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;border-radius:4px;font-size:12px}
            .error{color:#b00020} .outcome{font-weight:bold}
            </style></head><body>
            <h1>\(escape(start?.task ?? "Deskpilot run"))</h1>
            <table class="totals">
            <tr><td>Outcome</td><td class="outcome">\(escape(end?.outcome ?? "unfinished (the record ends early)"))</td></tr>
            <tr><td>Model</td><td>\(escape(start?.model ?? "?"))</td></tr>
            <tr><td>Steps</td><td>\(steps.count)</td></tr>
            <tr><td>Tokens</td><td>\(prompt) prompt + \(completion) completion\(estimated)</td></tr>
            \(cost)
            <tr><td>Time</td><td>\(end?.durationMilliseconds.map { String(format: "%.1f s", $0 / 1000) } ?? "?")</td></tr>
            </table>
            """
        if let error = end?.error { html += "<p class=\"error\">\(escape(error))</p>" }
        for step in steps {
            html += "<div class=\"step\"><div class=\"shot\">"
            if let name = step.image, let png = try? Data(contentsOf: directory.appendingPathComponent(name)) {
                html += "<img alt=\"step \(step.step ?? 0)\" src=\"data:image/png;base64,\(png.base64EncodedString())\">"
                if let point = step.point, screen.count == 2, screen[0] > 0, screen[1] > 0 {
                    let left = Double(point[0]) / Double(screen[0]) * 100, top = Double(point[1]) / Double(screen[1]) * 100
                    html += String(format: "<div class=\"mark\" style=\"left:%.2f%%;top:%.2f%%\"></div>", left, top)
                }
            }
            html += "</div><div><h3>Step \(step.step ?? 0)</h3>"
            if let action = step.action { html += "<p><b>Action</b> \(escape(action))</p>" }
            if let tool = step.tool, tool != "computer_use" { html += "<p><b>Tool</b> \(escape(tool)) \(escape(step.arguments ?? ""))</p>" }
            if let result = step.result { html += "<p><b>Result</b> \(escape(result))</p>" }
            if let error = step.error { html += "<p class=\"error\"><b>Correction sent</b> \(escape(error))</p>" }
            html += "<pre>\(escape(step.reply ?? ""))</pre>"
            let timings = (step.timings ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.0f", $0.value)) ms" }
            var figures = ["\(step.promptTokens ?? 0) + \(step.completionTokens ?? 0) tokens" + (step.tokensEstimated == true ? " (estimated)" : "")]
            if let visual = step.visualTokens { figures.append("\(visual) visual") }
            if let cost = step.cost { figures.append(String(format: "cost %.4f", cost)) }
            if let speed = step.decodeTokensPerSecond { figures.append(String(format: "%.1f tokens/s", speed)) }
            html += "<p>\(escape((figures + timings).joined(separator: " · ")))</p>"
            html += "</div></div>"
        }
        return html + "</body></html>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
