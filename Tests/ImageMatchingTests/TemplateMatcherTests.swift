import Deskpilot
import DeskpilotTesting
import Foundation
import Testing
@testable import ImageMatching

/// Template matching against a straightforward reference, and on real screens of the fixture under Xvfb.
@Suite("Template matching (normalized cross-correlation on OpenBLAS)")
struct TemplateMatcherTests {
    /// A noisy, deterministic test picture.
    static func noise(width: Int, height: Int, seed: UInt64) -> Image {
        var state = seed
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for index in 0..<(width * height) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let value = UInt8(truncatingIfNeeded: state >> 56)
            pixels[index * 4] = value
            pixels[index * 4 + 1] = value &+ 40
            pixels[index * 4 + 2] = value / 2
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    /// TM_CCOEFF_NORMED at one position, in doubles, the textbook way.
    static func referenceScore(_ needle: GreyPlane, _ haystack: GreyPlane, x: Int, y: Int) -> Double {
        let n = Double(needle.width * needle.height)
        var window: [Double] = []
        for j in 0..<needle.height { for i in 0..<needle.width { window.append(Double(haystack.values[(y + j) * haystack.width + x + i])) } }
        let values = needle.values.map(Double.init)
        let meanN = values.reduce(0, +) / n, meanW = window.reduce(0, +) / n
        var dot = 0.0, normN = 0.0, normW = 0.0
        for k in 0..<values.count {
            dot += (values[k] - meanN) * (window[k] - meanW)
            normN += (values[k] - meanN) * (values[k] - meanN)
            normW += (window[k] - meanW) * (window[k] - meanW)
        }
        return dot / (normN * normW).squareRoot()
    }

    @Test("scores equal the textbook formula at every position", arguments: [(7, 5), (16, 16), (33, 20)])
    func scoresMatchReference(size: (Int, Int)) throws {
        let haystackImage = Self.noise(width: 90, height: 60, seed: 1)
        let haystack = GreyPlane(haystackImage, x: 0, y: 0, width: 90, height: 60)
        let needle = GreyPlane(Self.noise(width: size.0, height: size.1, seed: 2), x: 0, y: 0, width: size.0, height: size.1)
        let scores = Correlation.scores(of: needle, in: haystack)
        let columns = 90 - size.0 + 1, rows = 60 - size.1 + 1
        #expect(scores.count == columns * rows)
        var worst = 0.0
        for y in stride(from: 0, to: rows, by: 3) {
            for x in stride(from: 0, to: columns, by: 3) {
                worst = max(worst, abs(Double(scores[y * columns + x]) - Self.referenceScore(needle, haystack, x: x, y: y)))
            }
        }
        #expect(worst < 1e-3, "largest difference from the reference: \(worst)")
    }

    /// Noise blurred over 6×6 pixels: structure larger than a pixel, as screens have (the coarse search
    /// compares copies reduced 2–4 times, which pure pixel noise does not survive).
    static func blurredNoise(width: Int, height: Int, seed: UInt64) -> Image {
        let noise = Self.noise(width: width, height: height, seed: seed)
        var pixels = noise.pixels
        for y in 0..<height {
            for x in 0..<width {
                for channel in 0..<3 {
                    var sum = 0, count = 0
                    for dy in -3..<3 where (0..<height).contains(y + dy) {
                        for dx in -3..<3 where (0..<width).contains(x + dx) {
                            sum += Int(noise.pixels[((y + dy) * width + x + dx) * 4 + channel])
                            count += 1
                        }
                    }
                    pixels[(y * width + x) * 4 + channel] = UInt8(sum / count)
                }
            }
        }
        return Image(width: width, height: height, pixels: pixels)
    }

    @Test("a needle cut from a picture is found exactly there, coarse-to-fine and near-first alike")
    func findsCutNeedle() throws {
        let screen = Self.blurredNoise(width: 640, height: 400, seed: 7)
        for (x, y, side) in [(301, 177, 64), (5, 9, 20), (600, 350, 40), (123, 45, 12)] {
            let needle = try screen.cropped(x: x, y: y, width: side, height: side)
            let matches = try TemplateMatcher().matches(of: needle, in: screen)
            #expect(matches.first?.rect == Rect(x: x, y: y, width: side, height: side), "\(side)px at \(x),\(y): \(matches)")
            #expect((matches.first?.score ?? 0) > 0.999)
            let near = try TemplateMatcher().matches(of: needle, in: screen, expected: Point(x: x + 20, y: y - 15))
            #expect(near.first?.rect.x == x && near.first?.rect.y == y)
        }
    }

    @Test("hairline needles (an '=' key among '-' keys, at odd places) are found: the coarse search tries every phase")
    func hairlines() throws {
        var screen = Image(width: 400, height: 300, filledWith: RGBA(r: 255, g: 255, b: 255))
        let black = RGBA(r: 0, g: 0, b: 0)
        // Keys: a 1-pixel border and one or two 1-pixel strokes.
        func key(x: Int, y: Int, equals: Bool) {
            screen.fill(x: x, y: y, width: 36, height: 1, with: black)
            screen.fill(x: x, y: y + 18, width: 36, height: 1, with: black)
            screen.fill(x: x, y: y, width: 1, height: 19, with: black)
            screen.fill(x: x + 35, y: y, width: 1, height: 19, with: black)
            screen.fill(x: x + 12, y: y + 7, width: 12, height: 1, with: black)
            if equals { screen.fill(x: x + 12, y: y + 11, width: 12, height: 1, with: black) }
        }
        for (index, origin) in [(17, 21), (95, 133), (231, 57), (301, 251)].enumerated() { key(x: origin.0, y: origin.1, equals: index == 2) }
        let needle = try screen.cropped(x: 231, y: 57, width: 36, height: 19)
        let found = try TemplateMatcher().matches(of: needle, in: screen)
        // The '-' keys look much alike (one stroke less): they may pass the threshold, but score below the '='.
        #expect(found.first?.rect == Rect(x: 231, y: 57, width: 36, height: 19), "\(found)")
        #expect(found.first?.score ?? 0 > 0.999 && found.dropFirst().allSatisfy { $0.score < 0.99 }, "\(found)")
        // A 50x50 needle (reduced 4 times) around it, still found exactly.
        let wide = try screen.cropped(x: 223, y: 41, width: 50, height: 50)
        #expect(try TemplateMatcher().matches(of: wide, in: screen).first?.rect == Rect(x: 223, y: 41, width: 50, height: 50))
    }

    @Test("bad needles and regions are clear errors")
    func errors() throws {
        let screen = Self.noise(width: 100, height: 80, seed: 3)
        let flat = Image(width: 20, height: 20, filledWith: RGBA(r: 200, g: 200, b: 200))
        #expect(throws: TemplateMatchingError.flatNeedle(width: 20, height: 20)) { try TemplateMatcher().matches(of: flat, in: screen) }
        let big = Self.noise(width: 120, height: 10, seed: 4)
        #expect(throws: TemplateMatchingError.self) { try TemplateMatcher().matches(of: big, in: screen) }
        #expect(throws: TemplateMatchingError.areaOutOfBounds(area: Rect(x: 90, y: 0, width: 20, height: 20), imageWidth: 100, imageHeight: 80)) {
            try TemplateMatcher().matches(of: try screen.cropped(x: 0, y: 0, width: 10, height: 10), in: screen, region: Rect(x: 90, y: 0, width: 20, height: 20))
        }
        #expect(TemplateMatchingError.flatNeedle(width: 20, height: 20).description.contains("crop it around something with detail"))
    }

    @Test("on a real screen: the fixture's button is found, then found again after its window moved")
    func fixtureButtonMoves() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            var app = try await FixtureApp.launch(scene: "buttons", display: display.name, arguments: ["--x", "100", "--y", "100"])
            let button = try app.rect(of: "Save")
            let first = try await desktop.screenshot()
            let needle = try first.cropped(x: button.x, y: button.y, width: button.width, height: button.height)
            let found = try TemplateMatcher().matches(of: needle, in: first, expected: Point(x: button.x, y: button.y))
            #expect(found.first?.rect == button)
            // The other buttons look alike but say something else: a strict threshold tells them apart.
            #expect(found.count == 1, "\(found)")

            app.stop()
            app = try await FixtureApp.launch(scene: "buttons", display: display.name, arguments: ["--x", "420", "--y", "260"])
            let moved = try app.rect(of: "Save")
            let second = try await desktop.screenshot()
            let again = try TemplateMatcher().matches(of: needle, in: second, expected: Point(x: button.x, y: button.y))
            #expect(again.first?.rect == moved, "\(again)")
            app.stop()
            let gone = try TemplateMatcher().matches(of: needle, in: try await desktop.screenshot())
            #expect(gone.isEmpty)
        }
    }

    @Test("on a real screen: text needles (a label, a terminal's words) are found by the whole-screen search")
    func textNeedles() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name, arguments: ["--x", "400", "--y", "150"])
            let xterm = try ChildProcess(["xterm", "-geometry", "60x10+10+10", "-e", "sh", "-c", "echo NEEDLE-IN-A-TERMINAL; sleep 60"],
                                         display: display.name)
            defer { xterm.stop() }
            let terminal = try await desktop.waitForWindow(matching: "xterm").frame
            // Wait until the text is drawn: the terminal's first row has ink.
            var screen = try await desktop.screenshot()
            let deadline = ContinuousClock.now + .seconds(10)
            while try TemplateMatcher.isFlat(screen, Rect(x: terminal.x + 2, y: terminal.y + 2, width: 120, height: 12)), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                screen = try await desktop.screenshot()
            }
            let label = try app.rect(of: "Submit")
            let words = Rect(x: terminal.x + 2, y: terminal.y + 1, width: 120, height: 14)
            for target in [label, words] {
                let needle = try screen.cropped(x: target.x, y: target.y, width: target.width, height: target.height)
                let found = try TemplateMatcher().matches(of: needle, in: screen)
                #expect(found.first?.rect == target, "\(target): \(found)")
            }
        }
    }
}

extension TemplateMatcher {
    /// Whether `rect` of `image` is one colour (test helper: has a window drawn there yet?).
    static func isFlat(_ image: Image, _ rect: Rect) throws -> Bool {
        let crop = try image.cropped(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        return Set(stride(from: 0, to: crop.pixels.count, by: 4).map { crop.pixels[$0] }).count == 1
    }
}
