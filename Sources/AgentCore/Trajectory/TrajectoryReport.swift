public import Foundation

/// A run's `report.html`: one self-contained page (images inlined). At the top, the totals and each model's
/// figures (a planner and its grounder apart); per step, the screenshot the model saw with the action's point
/// marked (the screen, for a planner that sees none), the model's words and reasoning, the decision, the gate,
/// the result, and each model request's tokens, cost and times. Built from the trajectory by whoever ran the
/// agent (the command line), not by the loop, so a crashed run's record can be turned into a report later
/// (`deskpilot report`).
public enum TrajectoryReport {
    /// Reads `directory/trajectory.jsonl` (skipping a last line cut short by a crash) and writes
    /// `directory/report.html`; returns its URL.
    ///
    /// - Throws: ``TrajectoryError/cannotRead(path:reason:)`` when there is no readable record,
    ///   ``TrajectoryError/cannotWrite(path:reason:)`` when the page cannot be written.
    @discardableResult
    public static func write(for directory: URL) throws(TrajectoryError) -> URL {
        let file = directory.appendingPathComponent("trajectory.jsonl")
        let events: [TrajectoryEvent]
        do {
            events = try TrajectoryEvent.read(from: file)
        } catch {
            throw .cannotRead(path: file.path, reason: FileManager.default.fileExists(atPath: file.path)
                ? "\(error.localizedDescription)" : "there is no such file — is \(directory.path) a run directory (deskpilot run --out)?")
        }
        let html = render(events, directory: directory)
        let url = directory.appendingPathComponent("report.html")
        do {
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
        return url
    }

    static func render(_ events: [TrajectoryEvent], directory: URL) -> String {
        var start: RunStart?
        var end: RunEnd?
        var steps: [StepEvent] = []
        for event in events {
            switch event {
            case .start(let event): start = event
            case .step(let event): steps.append(event)
            case .end(let event): end = event
            }
        }
        let screen = start?.screen ?? [1, 1]
        let requests = steps.flatMap { $0.requests ?? [] }
        let prompt = requests.reduce(0) { $0 + $1.promptTokens }
        let completion = requests.reduce(0) { $0 + $1.completionTokens }
        let estimated = requests.contains { $0.tokensEstimated == true } ? " (some estimated: the server sent no usage)" : ""
        let costs = requests.compactMap(\.cost)
        let cost = costs.isEmpty ? "" : "<tr><td>Cost</td><td>\(String(format: "%.4f", end?.totalCost ?? costs.reduce(0, +)))</td></tr>"
        let e = SafeText.html
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Deskpilot run: \(e(start?.task ?? ""))</title>
            <style>
            body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
            h1{font-size:20px} .totals td,.models td,.models th{padding:2px 12px 2px 0;text-align:left} .models{margin-top:8px;font-size:13px} .step{border-top:1px solid #ddd;padding:16px 0;display:flex;gap:20px}
            .shot{position:relative;flex:0 0 640px} .shot img{width:640px;border:1px solid #ccc}
            .mark{position:absolute;width:22px;height:22px;margin:-13px 0 0 -13px;border:3px solid #e3162b;border-radius:50%;box-shadow:0 0 0 2px #fff}
            .crop{position:relative;width:\(Self.crop.width)px;height:\(Self.crop.height)px;border:1px solid #999;background-repeat:no-repeat;image-rendering:pixelated}
            pre{white-space:pre-wrap;background:#f6f6f6;padding:8px;border-radius:4px;font-size:12px;max-height:320px;overflow:auto}
            details pre{background:#f3f0fa} .error{color:#b00020} .outcome{font-weight:bold} .figures{color:#555;font-size:12px}
            </style></head><body>
            <h1>\(e(start?.task ?? "Deskpilot run"))</h1>
            <table class="totals">
            <tr><td>Outcome</td><td class="outcome">\(e(end?.outcome ?? "unfinished (the record ends early)"))</td></tr>
            <tr><td>Model</td><td>\(e(start?.model ?? "?"))</td></tr>
            <tr><td>Steps</td><td>\(steps.count)</td></tr>
            <tr><td>Tokens</td><td>\(prompt) prompt + \(completion) completion\(estimated)</td></tr>
            \(cost)
            <tr><td>Time</td><td>\(end.map { String(format: "%.1f s", $0.durationMilliseconds / 1000) } ?? "?")</td></tr>
            </table>
            \(modelTable(requests))
            """
        if let error = end?.error { html += "<p class=\"error\">\(e(error))</p>" }
        for step in steps {
            html += "<div class=\"step\"><div class=\"shot\">"
            if let name = step.image, let png = try? Data(contentsOf: directory.appendingPathComponent(name)) {
                html += "<img alt=\"step \(step.step)\" src=\"data:image/png;base64,\(png.base64EncodedString())\">"
                if let point = step.point, point.count == 2, screen.count == 2, screen[0] > 0, screen[1] > 0 {
                    let left = Double(point[0]) / Double(screen[0]) * 100, top = Double(point[1]) / Double(screen[1]) * 100
                    html += String(format: "<div class=\"mark\" style=\"left:%.2f%%;top:%.2f%%\"></div>", left, top)
                }
            }
            html += "</div><div><h3>Step \(step.step)</h3>"
            if let decision = step.decision { html += "<p><b>Decision</b> \(e(decision))</p>" }
            if let tool = step.tool, tool != "computer_use" { html += "<p><b>Tool</b> \(e(tool)) \(e(step.arguments ?? ""))</p>" }
            if let gate = step.gate, gate != "allowed" { html += "<p><b>Gate</b> \(e(gate))</p>" }
            if let safety = step.safety {
                html += "<p><b>Safety policy</b> \(e(safety))</p>"
                // What a confirm or deny rule ruled on, enlarged: the person asked saw only words.
                if !safety.hasPrefix("allow"), let crop = targetCrop(step, screen: screen, directory: directory) { html += crop }
            }
            if let result = step.result { html += "<p><b>Result</b> \(e(result))</p>" }
            if let error = step.error { html += "<p class=\"error\"><b>Correction sent</b> \(e(error))</p>" }
            if let reasoning = step.reasoning { html += "<details><summary>Reasoning</summary><pre>\(e(reasoning))</pre></details>" }
            html += "<pre>\(e(step.reply ?? ""))</pre>"
            for request in step.requests ?? [] { html += "<p class=\"figures\">\(e(figures(request)))</p>" }
            let timings = Self.timings(step.timings)
            if !timings.isEmpty { html += "<p class=\"figures\">\(e(timings))</p>" }
            html += "</div></div>"
        }
        return html + "</body></html>\n"
    }

    /// `model: 1802 + 31 tokens · 1066 visual · cost 0.0010 · first token 175 ms · 46.8 tokens/s`.
    /// The size of a target's crop on the page, in CSS pixels; it shows the screen around the point at 2×.
    static let crop = (width: 240, height: 150, zoom: 2)

    /// The screen around a step's point, enlarged, with the point marked: the step's own screenshot as a
    /// background, scaled to 2× the screen and shifted so the point is in the middle.
    static func targetCrop(_ step: StepEvent, screen: [Int], directory: URL) -> String? {
        guard let point = step.point, point.count == 2, screen.count == 2, let name = step.image,
              let png = try? Data(contentsOf: directory.appendingPathComponent(name)) else { return nil }
        let zoom = crop.zoom
        let left = point[0] * zoom - crop.width / 2, top = point[1] * zoom - crop.height / 2
        return "<div class=\"crop\" title=\"the target, enlarged\" style=\"background-image:url(data:image/png;base64,\(png.base64EncodedString()));"
            + "background-size:\(screen[0] * zoom)px \(screen[1] * zoom)px;background-position:\(-left)px \(-top)px\">"
            + "<div class=\"mark\" style=\"left:50%;top:50%\"></div></div>"
    }

    static func figures(_ request: ModelCallRecord) -> String {
        var parts = ["\(request.role): \(request.promptTokens) + \(request.completionTokens) tokens" + (request.tokensEstimated == true ? " (estimated)" : "")]
        if let visual = request.visualTokens { parts.append("\(visual) visual") }
        if let cost = request.cost { parts.append(String(format: "cost %.4f", cost)) }
        parts.append(String(format: "request %.0f ms", request.requestMilliseconds))
        if let first = request.firstTokenMilliseconds { parts.append(String(format: "first token %.0f ms", first)) }
        if let speed = request.decodeTokensPerSecond { parts.append(String(format: "%.1f tokens/s", speed)) }
        if request.attempts > 1 { parts.append("\(request.attempts) attempts") }
        if request.replayed == true { parts.append("replayed") }
        return parts.joined(separator: " · ")
    }

    /// Per model of the run (by role: `model`, or `planner` and `grounder`): requests, tokens, tokens per
    /// answer, median time to first token and decoding speed, and cost. Empty when no model was asked.
    static func modelTable(_ requests: [ModelCallRecord]) -> String {
        let roles = requests.reduce(into: [String]()) { roles, request in if !roles.contains(request.role) { roles.append(request.role) } }
        guard !roles.isEmpty else { return "" }
        func median(_ values: [Double]) -> Double? {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return nil }
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        var rows = "<table class=\"models\"><tr><th>Model</th><th>Requests</th><th>Prompt tokens</th><th>Completion tokens</th>"
            + "<th>Tokens per answer</th><th>First token (median)</th><th>Decoding (median)</th><th>Cost</th></tr>"
        for role in roles {
            let mine = requests.filter { $0.role == role }
            let completion = mine.reduce(0) { $0 + $1.completionTokens }
            let costs = mine.compactMap(\.cost)
            rows += "<tr><td>\(SafeText.html(role))</td><td>\(mine.count)</td><td>\(mine.reduce(0) { $0 + $1.promptTokens })</td><td>\(completion)</td>"
                + "<td>\(completion / max(1, mine.count))</td>"
                + "<td>\(median(mine.compactMap(\.firstTokenMilliseconds)).map { String(format: "%.0f ms", $0) } ?? "–")</td>"
                + "<td>\(median(mine.compactMap(\.decodeTokensPerSecond)).map { String(format: "%.1f tokens/s", $0) } ?? "–")</td>"
                + "<td>\(costs.isEmpty ? "–" : String(format: "%.4f", costs.reduce(0, +)))</td></tr>"
        }
        return rows + "</table>"
    }

    /// `capture 2 ms · observe 21 ms · …`, the phases that happened.
    static func timings(_ timings: StepTimings?) -> String {
        guard let timings else { return "" }
        let phases: [(String, Double?)] = [("capture", timings.capture), ("observe", timings.observe), ("save", timings.save),
                                           ("decide", timings.decide), ("gate", timings.gate), ("execute", timings.execute),
                                           ("settle", timings.settle)]
        return phases.compactMap { name, value in value.map { String(format: "%@ %.0f ms", name, $0) } }.joined(separator: " · ")
    }
}
