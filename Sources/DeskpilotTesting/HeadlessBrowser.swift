import ChildProcesses
public import Foundation
public import Imaging

/// Renders a page in Debian's headless Chromium, as the person opening it would see it: a screenshot of the
/// first `height` pixels and every message the page wrote to its console (script errors among them).
public enum HeadlessBrowser {
    /// What the browser showed.
    public struct Rendering: Sendable {
        /// The page as rendered, `width` × `height`.
        public var screenshot: Image
        /// The console's messages (`"Uncaught ReferenceError: …", source: file:///… (12)`); empty for a page
        /// that raised nothing.
        public var console: [String]

        /// How many pixels of the screenshot have the colour most frequent in `picture` (white and near-white
        /// left out, as the page's own background): many thousands when the page shows the picture, none
        /// when its image is broken or missing.
        public func pixels(showing picture: Image) -> Int {
            var counts: [RGBA: Int] = [:]
            for y in stride(from: 0, to: picture.height, by: 2) {
                for x in stride(from: 0, to: picture.width, by: 2) {
                    let color = picture[x, y]
                    if min(color.r, color.g, color.b) < 240 { counts[color, default: 0] += 1 }
                }
            }
            guard let dominant = counts.max(by: { $0.value < $1.value })?.key else { return 0 }
            var found = 0
            for y in 0..<screenshot.height {
                for x in 0..<screenshot.width where screenshot[x, y] == dominant { found += 1 }
            }
            return found
        }
    }

    /// Renders `page` (a file URL) in a `width`-wide window, screenshot `height` high.
    ///
    /// - Throws: ``FixtureError`` when Chromium is not installed (Tools/bootstrap installs it), does not
    ///   finish within 60 s, or writes no screenshot.
    public static func render(_ page: URL, width: Int = 1280, height: Int = 1600) async throws -> Rendering {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw FixtureError("Chromium is not installed — run Tools/bootstrap (apt-get install chromium).")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let screenshot = work.appendingPathComponent("page.png").path
        let log = work.appendingPathComponent("chromium.log").path
        // Its own profile folder: tests render in parallel, and Chromium locks a profile.
        let browser = try ChildProcess(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--window-size=\(width),\(height)",
             "--screenshot=\(screenshot)", "--enable-logging=stderr", "--v=0", page.absoluteString],
            standardOutput: log, standardError: log)
        guard await browser.waitForExit(timeout: .seconds(60)) != nil else {
            browser.stop()
            throw FixtureError("Chromium did not render \(page.path) within 60 s: \(tail(of: log))")
        }
        guard FileManager.default.fileExists(atPath: screenshot) else {
            throw FixtureError("Chromium wrote no screenshot of \(page.path): \(tail(of: log))")
        }
        let console = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { line -> String? in
            guard let marker = line.range(of: ":CONSOLE") else { return nil }
            return line[marker.upperBound...].drop { $0 != "]" }.dropFirst().trimmingCharacters(in: .whitespaces)
        }
        return Rendering(screenshot: try Image(contentsOfPNGFile: screenshot), console: console)
    }

    private static func tail(of log: String) -> String {
        String(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(600))
    }
}
