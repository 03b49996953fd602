import Deskpilot
import DeskpilotTesting
import Testing
@testable import TextRecognition

/// `locate` reads only the parts of lines whose glyph count fits the phrase; this checks that it finds what
/// reading every line finds, on a screen of mixed text: the fixture's form (proportional fonts) and an
/// xterm listing a directory (a bitmap font, dense text).
@Suite("Locating reads less, and finds the same")
struct LocateReadsLessTests {
    @Test("every confidently read word and word pair of a busy screen is located at the same place")
    func sameMatchesAsFullReading() async throws {
        try await withVirtualDesktop(width: 1280, height: 800) { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name, arguments: ["--x", "640", "--y", "80"])
            let xterm = try ChildProcess(["xterm", "-geometry", "80x30+10+10", "-e", "sh", "-c", "ls -la /usr/bin | head -40; sleep 60"],
                                         display: display.name)
            defer { xterm.stop() }
            _ = try await desktop.waitForWindow(matching: "xterm")
            let full = try TextRecognizer()
            // Wait until the listing is drawn: several lines of it read.
            var lines: [RecognizedLine] = []
            let deadline = ContinuousClock.now + .seconds(20)
            repeat {
                try await Task.sleep(for: .milliseconds(200))
                lines = try await full.recognize(try await desktop.screenshot())
            } while lines.filter({ $0.text.contains("root") }).count < 10 && ContinuousClock.now < deadline
            let screen = try await desktop.screenshot()
            lines = try await full.recognize(screen)
            #expect(lines.filter { $0.text.contains("root") }.count >= 10, "the listing was not drawn")
            // The permissions column touches the xterm's edge, next to the black root window: its middle row
            // (strokes and hyphens) once joined that edge into a "rule" and the column was never read.
            // (6×13's "w" often reads as "u": "-ruxr-xr-x".)
            #expect(lines.filter { $0.words.first?.text.hasSuffix("xr-xr-x") == true }.count >= 10,
                    "the permissions column was not read: \(lines.prefix(12).map(\.text))")
            #expect(app.events().contains { $0.event == "ready" })

            // Phrases: one or two confidently read words, letters and digits only (at least 3), one per line.
            var phrases: [(text: String, box: Rect)] = []
            for line in lines {
                let words = line.words.filter { $0.confidence >= 90 && $0.text.count >= 3 && $0.text.allSatisfy { $0.isLetter || $0.isNumber } }
                guard let word = words.first else { continue }
                phrases.append((word.text, word.box))
                if let index = line.words.firstIndex(where: { $0.box == word.box }), index + 1 < line.words.count {
                    let next = line.words[index + 1]
                    if next.confidence >= 90, next.text.allSatisfy({ $0.isLetter || $0.isNumber }), next.text.count >= 2 {
                        phrases.append((word.text + " " + next.text, word.box.union(next.box)))
                    }
                }
            }
            #expect(phrases.count >= 20, "\(phrases.map(\.text))")

            // Every phrase's place is among the parts of its line that locating reads.
            let grey = GreyImage(screen, region: Rect(x: 0, y: 0, width: screen.width, height: screen.height))
            let lineBoxes = TextLineFinder().lines(in: grey)
            var skipped: [String] = []
            for phrase in phrases {
                let matcher = PhraseMatcher(phrase.text, exact: true)!
                guard let line = lineBoxes.first(where: { $0.contains(phrase.box) }) else { continue }
                let spans = PhraseSpans(letters: matcher.letterCount, words: matcher.words, exact: true).candidates(in: grey.cropped(line))
                let start = phrase.box.x - line.x, end = phrase.box.maxX - line.x
                if !spans.contains(where: { $0.columns.lowerBound <= start && end <= $0.columns.upperBound }) {
                    skipped.append("\(phrase.text) at \(phrase.box) (spans \(spans))")
                }
            }
            #expect(skipped.isEmpty, "not read when locating: \(skipped)")

            // And locating finds them there. Tesseract reads a part of a line alone a little differently
            // from the whole line now and then (a word in context, "Hay" alone "May"), hence 90%.
            let locating = try TextRecognizer()
            var missed: [String] = []
            for phrase in phrases {
                let matches = try await locating.locate(phrase.text, in: screen)
                if !matches.contains(where: { $0.box.intersects(phrase.box) }) { missed.append("\(phrase.text) at \(phrase.box)") }
            }
            #expect(missed.count * 10 <= phrases.count, "located differently from the full reading: \(missed) of \(phrases.count)")
        }
    }
}
