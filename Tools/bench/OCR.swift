import Deskpilot
import DeskpilotTesting
import Foundation
import Imaging

/// Text recognition on the busy screen: reading all of it, and finding the form's "Submit" button.
///
/// The recognizer caches what it read per line (keyed by the line's pixels), so each figure comes in the
/// cases an agent meets: the first look at a screen (cache emptied before each sample), the same screen
/// again, and the screen after typing one character (only the changed line is read again).
enum OCRBench {
    /// The phrase looked for: the label of the form's button.
    static let phrase = "Submit"

    static func measure(_ desktop: X11Desktop, samples: Int, withPeers: Bool) async throws -> [Measurement] {
        let ocr = try TextRecognizer()
        let screen = try await desktop.screenshot()
        let size = "\(screen.width)x\(screen.height)"
        // First looks take seconds on a busy screen: a few samples say enough.
        let firstLooks = max(3, min(samples, 5))
        var results: [Measurement] = []

        var words = 0
        let cold = try await sample(firstLooks, warmup: 1) {
            ocr.clearCache()
            words = try readAll(ocr, screen).reduce(0) { $0 + $1.words.count }
        }
        results.append(Measurement(group: "ocr", name: "recognize \(size), first look (\(words) words)", samples_ms: cold))
        let warm = try await sample(samples) { _ = try readAll(ocr, screen) }
        results.append(Measurement(group: "ocr", name: "recognize \(size), same screen again", samples_ms: warm))

        let locateCold = try await sample(firstLooks, warmup: 1) {
            ocr.clearCache()
            try requireSubmit(in: try find(ocr, phrase, in: screen))
        }
        results.append(Measurement(group: "ocr", name: "locate \"\(phrase)\", first look", samples_ms: locateCold))
        let locateWarm = try await sample(samples) { try requireSubmit(in: try find(ocr, phrase, in: screen)) }
        results.append(Measurement(group: "ocr", name: "locate \"\(phrase)\", same screen again", samples_ms: locateWarm))

        // A lighter screen: four of the six terminals painted over (about the text of a usual desktop).
        var light = screen
        for window in try await desktop.windows() where ["busy-0", "busy-1", "busy-2", "busy-3"].contains(window.title) {
            let frame = window.frame
            light.fill(x: frame.x, y: frame.y, width: frame.width, height: frame.height, with: RGBA(r: 90, g: 120, b: 160))
        }
        let locateLight = try await sample(firstLooks, warmup: 1) {
            ocr.clearCache()
            try requireSubmit(in: try find(ocr, phrase, in: light))
        }
        results.append(Measurement(group: "ocr", name: "locate \"\(phrase)\", first look, lighter screen (2 terminals)", samples_ms: locateLight))

        results.append(try await locateAfterTyping(desktop, ocr: ocr, screen: screen, samples: samples))
        if withPeers {
            results += try tesseractCommand(on: screen, name: "busy screen", samples: min(firstLooks, 3))
            results += try tesseractCommand(on: light, name: "lighter screen", samples: min(firstLooks, 3))
        }
        return results
    }

    /// The peer: Debian's `tesseract` command on the same screen saved as PNG, with `OMP_THREAD_LIMIT=1`
    /// (its fastest setting here) and sparse-text segmentation (automatic segmentation misses the form's
    /// button). Fails the benchmark when it does not find the phrase.
    private static func tesseractCommand(on screen: Image, name: String, samples: Int) throws -> [Measurement] {
        guard let tesseract = ["/usr/bin/tesseract", "/usr/local/bin/tesseract"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            FileHandle.standardError.write(Data("deskpilot-bench: no tesseract command (apt-get install tesseract-ocr); skipping that peer\n".utf8))
            return []
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-ocr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("screen.png").path
        try screen.writePNG(to: png, .fast)
        var times: [Double] = []
        for _ in 0..<samples {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tesseract)
            process.arguments = [png, directory.appendingPathComponent("out").path, "--psm", "11"]
            process.environment = ["OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"]
            process.standardError = FileHandle.nullDevice
            let start = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            times.append(milliseconds(ContinuousClock.now - start))
            let text = (try? String(contentsOfFile: directory.appendingPathComponent("out.txt").path, encoding: .utf8)) ?? ""
            guard process.terminationStatus == 0, text.contains(phrase) else {
                throw FixtureError("OCR bench: the tesseract command did not find \"\(phrase)\" on the \(name)")
            }
        }
        return [Measurement(group: "ocr", name: "peer: tesseract command, \(name) (PSM 11, OMP_THREAD_LIMIT=1)", samples_ms: times)]
    }

    /// Types one character into the form's Email field (found by OCR: the field is right of its caption),
    /// or deletes it again, then times `locate` on the changed screen.
    private static func locateAfterTyping(_ desktop: X11Desktop, ocr: TextRecognizer, screen: Image, samples: Int) async throws -> Measurement {
        guard let caption = try find(ocr, "Email", in: screen).first else {
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
            try requireSubmit(in: try find(ocr, phrase, in: changed))
            times.append(milliseconds(ContinuousClock.now - start))
        }
        return Measurement(group: "ocr", name: "locate \"\(phrase)\" after typing a character", samples_ms: times)
    }

    /// The synchronous reading, timed as it is (the async overloads add a hop to the reading queue).
    private static func readAll(_ ocr: TextRecognizer, _ screen: Image) throws -> [RecognizedLine] {
        try ocr.recognize(screen)
    }

    /// The synchronous `locate`, timed as it is.
    private static func find(_ ocr: TextRecognizer, _ phrase: String, in screen: Image) throws -> [TextMatch] {
        try ocr.locate(phrase, in: screen)
    }

    /// Fails the benchmark unless exactly one exact match was found.
    private static func requireSubmit(in matches: [TextMatch]) throws {
        guard matches.count == 1, matches[0].score == 1 else {
            throw FixtureError("OCR bench: expected one exact \"\(phrase)\" on the busy screen, found \(matches.map { "\($0.text) at \($0.box)" })")
        }
    }
}
