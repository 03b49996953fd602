import Deskpilot
import DeskpilotTesting
import Foundation
import Imaging

/// Template matching on the busy screen: a 64×64 needle cut around the form's Submit button, looked for on
/// the whole 1080p screen and near the place it was last seen; the peer, OpenCV's `matchTemplate`, on the same
/// screen and needle in the same run.
enum MatchBench {
    static func measure(_ desktop: X11Desktop, form: FixtureApp, samples: Int, withPeers: Bool) async throws -> [Measurement] {
        let screen = try await desktop.screenshot()
        let button = try form.rect(of: "Submit")
        // Around the button's top-left corner: border, background and the label's start, unique on screen.
        let place = Point(x: button.x - 8, y: button.y - 8)
        let needle = try screen.cropped(x: place.x, y: place.y, width: 64, height: 64)
        let matcher = TemplateMatcher()
        let expected = Rect(x: place.x, y: place.y, width: 64, height: 64)

        let anywhere = try await sample(samples, warmup: 2) {
            try require(try matcher.matches(of: needle, in: screen), at: expected)
        }
        // Last seen a little elsewhere (the window moved by a few pixels).
        let near = try await sample(samples, warmup: 2) {
            try require(try matcher.matches(of: needle, in: screen, expected: Point(x: place.x + 6, y: place.y - 4)), at: expected)
        }
        var results = [
            Measurement(group: "match", name: "find a 64x64 needle anywhere on \(screen.width)x\(screen.height)", samples_ms: anywhere),
            Measurement(group: "match", name: "find a 64x64 needle near its last place", samples_ms: near),
        ]
        if withPeers { results += try openCV(screen: screen, needle: needle, at: place, samples: samples) }
        return results
    }

    private static func require(_ matches: [TemplateMatch], at expected: Rect) throws {
        guard matches.first?.rect == expected else {
            throw FixtureError("match bench: expected the needle at \(expected), found \(matches)")
        }
    }

    /// Runs `peers/match_peer.py` on the same screen and needle saved as PNG.
    private static func openCV(screen: Image, needle: Image, at place: Point, samples: Int) throws -> [Measurement] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("peers/match_peer.py").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-match-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let screenPath = directory.appendingPathComponent("screen.png").path, needlePath = directory.appendingPathComponent("needle.png").path
        try screen.writePNG(to: screenPath, .fast)
        try needle.writePNG(to: needlePath, .fast)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, screenPath, needlePath, "\(place.x)", "\(place.y)", "--samples", "\(samples)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Measurement.self, from: Data($0)) }
    }
}
