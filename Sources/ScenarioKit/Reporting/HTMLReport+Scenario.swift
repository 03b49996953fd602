import Foundation
import Imaging

extension HTMLReport {
    /// One scenario's part of the report; its pictures are copied (and cropped) into a folder named after
    /// it beside the page (`name/attempt-1/` for an earlier attempt's).
    struct ScenarioSection {
        let result: ScenarioResult
        let folder: URL
        /// Where the pictures go, relative to the page.
        var subfolder: String { result.name }

        /// The side of the crop cut around each step's point, in screen pixels.
        static let crop = Size(width: 160, height: 100)

        func html() throws -> String {
            var html = "<section id=\"\(escape(result.name))\"><h2>\(escape(result.name)) <span class=\"\(result.verdict.rawValue)\">\(result.verdict.rawValue)</span></h2>"
            html += "<p>\(escape(result.file))" + (result.attempts > 1 ? " — \(result.attempts) attempts" : "")
                + String(format: " — %.1f s", result.seconds) + "</p>"
            if let reason = result.reason { html += "<p class=\"\(result.verdict.rawValue)\">\(escape(reason))</p>" }
            html += try body(of: result, into: subfolder)
            for earlier in result.earlierAttempts ?? [] {
                html += "<div class=\"attempt\"><h3>Attempt \(earlier.attempts) <span class=\"failed\">failed</span></h3>"
                if let reason = earlier.reason { html += "<p class=\"failed\">\(escape(reason))</p>" }
                html += try body(of: earlier, into: "\(subfolder)/attempt-\(earlier.attempts)") + "</div>"
            }
            return html + "</section>"
        }

        /// The timeline, the steps and expectations, the final screen, the programs' output and a failure's
        /// pictures of one attempt.
        private func body(of attempt: ScenarioResult, into relative: String) throws -> String {
            let pictures = Pictures(source: URL(fileURLWithPath: attempt.artifacts), target: folder.appendingPathComponent(relative), relative: relative)
            try pictures.prepare()
            let outcomes = attempt.steps + attempt.expectations
            var html = ""
            let total = outcomes.reduce(0) { $0 + max(1, $1.milliseconds) }
            if !outcomes.isEmpty {
                html += "<div class=\"timeline\" title=\"steps and expectations by duration\">"
                for outcome in outcomes {
                    html += String(format: "<div class=\"\(outcome.verdict.rawValue)\" style=\"flex-grow:%.1f\" title=\"%@ — %.0f ms\"></div>",
                                   max(1, outcome.milliseconds) / total * 1000, escape(outcome.description), outcome.milliseconds)
                }
                html += "</div>"
            }
            for (index, outcome) in attempt.steps.enumerated() {
                let after = index + 1 < attempt.steps.count ? attempt.steps[index + 1].screenshot
                    : (outcome.verdict == .failed && pictures.exists("failure.png") ? "failure.png" : attempt.finalScreenshot)
                html += try step(outcome, number: index + 1, after: after, screen: attempt.screen, pictures: pictures)
            }
            for outcome in attempt.expectations { html += try step(outcome, number: nil, after: nil, screen: attempt.screen, pictures: pictures) }
            // A failure has its own picture of the end (failure.png, below).
            if attempt.verdict != .failed, let final = attempt.finalScreenshot, let path = pictures.copy(final) {
                html += "<h3>The screen at the end</h3><a href=\"\(escape(path))\"><img class=\"final\" style=\"width:560px;border:1px solid #ccc\" alt=\"the screen at the end\" src=\"\(escape(path))\"></a>"
            }
            for app in attempt.launched ?? [] {
                let text = pictures.text(app.log) ?? ""
                html += "<h3>\(escape(app.command.joined(separator: " "))) — \(escape(app.exit))</h3>"
                    + (text.isEmpty ? "<p>It wrote nothing.</p>" : "<pre>\(escape(String(text.suffix(8000))))</pre>")
            }
            if let video = attempt.video, let path = pictures.copy(video) {
                html += "<h3>Video</h3><video controls preload=\"metadata\" width=\"560\" src=\"\(escape(path))\"></video>"
            }
            if attempt.verdict == .failed {
                for name in ["failure.png", "expected.png", "actual.png", "diff.png"] {
                    if let path = pictures.copy(name) {
                        html += "<figure style=\"display:inline-block;margin:4px 8px 4px 0\"><figcaption>\(name)</figcaption><a class=\"shot\" href=\"\(escape(path))\"><img alt=\"\(name)\" src=\"\(escape(path))\"></a></figure>"
                    }
                }
                if let text = pictures.text("ocr.txt") {
                    html += "<h3>Text OCR saw on the screen</h3><pre>\(escape(String(text.suffix(8000))))</pre>"
                }
            }
            return html
        }

        /// One step (or expectation, `number` nil): caption, evidence, and for a step its pictures.
        private func step(_ outcome: CheckOutcome, number: Int?, after: String?, screen: [Int], pictures: Pictures) throws -> String {
            let mark = outcome.verdict == .passed ? "✓" : (outcome.verdict == .failed ? "✗" : "–")
            var html = "<div class=\"step \(outcome.verdict.rawValue)\"><div class=\"caption\"><span class=\"\(outcome.verdict.rawValue)\">\(mark)</span> "
                + (number.map { "\($0). " } ?? "") + escape(outcome.description)
                + "<span class=\"where\">\(escape(outcome.location))" + String(format: " · %.0f ms", outcome.milliseconds) + "</span></div>"
            html += "<div class=\"evidence\">\(escape(outcome.detail))</div>"
            guard screen.count == 2, screen[0] > 0, screen[1] > 0 else { return html + "</div>" }
            let size = Size(width: screen[0], height: screen[1])
            var shots = ""
            if let before = outcome.screenshot, let path = pictures.copy(before) {
                shots += "<figure><figcaption>before</figcaption><a class=\"shot\" href=\"\(escape(path))\"><img alt=\"before\" src=\"\(escape(path))\">"
                if let point = outcome.point { shots += Self.markup(point: point, on: size) }
                for (index, place) in (outcome.places ?? []).enumerated() { shots += Self.markup(place: place, number: index + 1, on: size) }
                shots += "</a></figure>"
                if let point = outcome.point, let crop = try pictures.crop(before, around: point, size: Self.crop, screen: size) {
                    shots += "<figure><figcaption>at (\(point.x), \(point.y)), full size</figcaption><span class=\"shot crop\"><img alt=\"around the point\" src=\"\(escape(crop.path))\">"
                        + Self.markup(point: Point(x: point.x - crop.origin.x, y: point.y - crop.origin.y), on: Self.crop) + "</span></figure>"
                }
            }
            if let after, let path = pictures.copy(after) {
                shots += "<figure><figcaption>after</figcaption><a class=\"shot\" href=\"\(escape(path))\"><img alt=\"after\" src=\"\(escape(path))\"></a></figure>"
            }
            if !shots.isEmpty { html += "<div class=\"shots\">\(shots)</div>" }
            if let text = outcome.readText {
                html += "<details open><summary>Text OCR read where it looked</summary><pre>\(escape(text.isEmpty ? "(nothing)" : text))</pre></details>"
            }
            return html + "</div>"
        }

        /// A ring at `point`, placed in percent of `screen` so it stays on the point at any picture size.
        static func markup(point: Point, on screen: Size) -> String {
            String(format: "<span class=\"mark\" style=\"left:%.2f%%;top:%.2f%%\"></span>",
                   Double(point.x) / Double(screen.width) * 100, Double(point.y) / Double(screen.height) * 100)
        }

        /// A numbered box around one of several places a locator matched.
        static func markup(place: Rect, number: Int, on screen: Size) -> String {
            String(format: "<span class=\"place\" style=\"left:%.2f%%;top:%.2f%%;width:%.2f%%;height:%.2f%%\"><span>#%d</span></span>",
                   Double(place.x) / Double(screen.width) * 100, Double(place.y) / Double(screen.height) * 100,
                   Double(place.width) / Double(screen.width) * 100, Double(place.height) / Double(screen.height) * 100, number)
        }
    }

    /// An attempt's artifacts folder and the report's copy of it.
    struct Pictures {
        let source: URL
        let target: URL
        let relative: String

        func prepare() throws {
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        }

        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: source.appendingPathComponent(name).path) }

        /// Copies `name` beside the page; its path relative to the page, nil when the artifact is missing.
        func copy(_ name: String) -> String? {
            let from = source.appendingPathComponent(name), to = target.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: from.path) else { return nil }
            if !FileManager.default.fileExists(atPath: to.path) { try? FileManager.default.copyItem(at: from, to: to) }
            return "\(relative)/\(name)"
        }

        func text(_ name: String) -> String? {
            try? String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        }

        /// A `size` crop of the screenshot `name` around `point` (kept inside the screen), written beside
        /// the page; its path and where its corner is on the screen.
        func crop(_ name: String, around point: Point, size: Size, screen: Size) throws -> (path: String, origin: Point)? {
            guard let image = try? Image(contentsOfPNGFile: source.appendingPathComponent(name).path),
                  image.width >= size.width, image.height >= size.height else { return nil }
            let x = min(max(0, point.x - size.width / 2), image.width - size.width)
            let y = min(max(0, point.y - size.height / 2), image.height - size.height)
            let file = (name as NSString).deletingPathExtension + "-crop.png"
            try image.cropped(x: x, y: y, width: size.width, height: size.height).writePNG(to: target.appendingPathComponent(file).path, .fast)
            return ("\(relative)/\(file)", Point(x: x, y: y))
        }
    }
}
