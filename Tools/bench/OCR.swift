import Deskpilot
import DeskpilotTesting
import Foundation

/// Text recognition on the busy screen: reading all of it, and finding the form's "Submit" button.
///
/// The recognizer caches what it read per line (keyed by the line's pixels), so each figure comes in the
/// cases an agent meets: the first look at a screen (cache emptied before each sample), the same screen
/// again, and the screen after typing one character (only the changed line is read again).
enum OCRBench {
    /// The phrase looked for: the label of the form's button.
    static let phrase = "Submit"

    static func measure(_ desktop: X11Desktop, samples: Int) async throws -> [Measurement] {
        let ocr = try TextRecognizer()
        let screen = try await desktop.screenshot()
        let size = "\(screen.width)x\(screen.height)"
        // First looks take seconds on a busy screen: a few samples say enough.
        let firstLooks = max(3, min(samples, 5))
        var results: [Measurement] = []

        var words = 0
        let cold = try await sample(firstLooks, warmup: 1) {
            ocr.clearCache()
            words = try ocr.recognize(screen).reduce(0) { $0 + $1.words.count }
        }
        results.append(Measurement(group: "ocr", name: "recognize \(size), first look (\(words) words)", samples_ms: cold))
        let warm = try await sample(samples) { _ = try ocr.recognize(screen) }
        results.append(Measurement(group: "ocr", name: "recognize \(size), same screen again", samples_ms: warm))

        let locateCold = try await sample(firstLooks, warmup: 1) {
            ocr.clearCache()
            try requireSubmit(in: try ocr.locate(phrase, in: screen))
        }
        results.append(Measurement(group: "ocr", name: "locate \"\(phrase)\", first look", samples_ms: locateCold))
        let locateWarm = try await sample(samples) { try requireSubmit(in: try ocr.locate(phrase, in: screen)) }
        results.append(Measurement(group: "ocr", name: "locate \"\(phrase)\", same screen again", samples_ms: locateWarm))

        results.append(try await locateAfterTyping(desktop, ocr: ocr, screen: screen, samples: samples))
        return results
    }

    /// Types one character into the form's Email field (found by OCR: the field is right of its caption),
    /// or deletes it again, then times `locate` on the changed screen.
    private static func locateAfterTyping(_ desktop: X11Desktop, ocr: TextRecognizer, screen: Image, samples: Int) async throws -> Measurement {
        guard let caption = try ocr.locate("Email", in: screen).first else {
            throw FixtureError("OCR bench: the form's Email caption was not found on the busy screen — is the form on top?")
        }
        try await desktop.click(at: Point(x: caption.box.maxX + 300, y: caption.box.center.y))
        let backspace = try KeyCombo(parsing: "BackSpace")
        var previous = try await desktop.screenshot()
        var times: [Double] = []
        for index in 0..<samples {
            if index % 2 == 0 { try await desktop.type("x") } else { try await desktop.key(backspace) }
            // Untimed: wait until the field has redrawn.
            var changed = try await desktop.screenshot()
            let deadline = ContinuousClock.now + .seconds(2)
            while changed == previous, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
                changed = try await desktop.screenshot()
            }
            guard changed != previous else { throw FixtureError("OCR bench: typing into the Email field did not change the screen") }
            previous = changed
            let start = ContinuousClock.now
            try requireSubmit(in: try ocr.locate(phrase, in: changed))
            times.append(milliseconds(ContinuousClock.now - start))
        }
        return Measurement(group: "ocr", name: "locate \"\(phrase)\" after typing a character", samples_ms: times)
    }

    /// Fails the benchmark unless exactly one exact match was found.
    private static func requireSubmit(in matches: [TextMatch]) throws {
        guard matches.count == 1, matches[0].score == 1 else {
            throw FixtureError("OCR bench: expected one exact \"\(phrase)\" on the busy screen, found \(matches.map { "\($0.text) at \($0.box)" })")
        }
    }
}
