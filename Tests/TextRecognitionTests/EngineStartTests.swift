import Foundation
import Imaging
import Testing
@testable import TextRecognition

/// A Tesseract engine starts without the legacy engine's universal ambiguity table (three quarters of a
/// start), and reads exactly what an engine started the usual way reads.
@Suite("Tesseract's start without the legacy tables")
struct EngineStartTests {
    @Test("the test binary's start skips the table (the executable's loader pre-empts the library's)")
    func skipsInThisProcess() {
        #expect(TesseractEngine.startSkipsLegacyTables)
    }

    @Test("lines read by a lean engine and a usual one are identical, text, boxes and confidence")
    func sameReading() throws {
        let lean = try TesseractEngine(language: "eng", pageSegmentation: .singleLine)
        let usual = try TesseractEngine(language: "eng", pageSegmentation: .singleLine, skippingLegacyTables: false)
        for crop in LinePreparationTests.crops {
            let cleaned = LinePreparation.clean(try LinePreparationTests.load(crop))
            let leanLines = try lean.recognize(grey: cleaned.pixels, width: cleaned.width, height: cleaned.height)
            let usualLines = try usual.recognize(grey: cleaned.pixels, width: cleaned.width, height: cleaned.height)
            #expect(!leanLines.isEmpty, "\(crop.file): nothing read")
            #expect(leanLines == usualLines, "\(crop.file)")
        }
    }

    @Test("the lean start is the faster one (a usual start parses the table: several times the CPU)")
    func leanStartIsCheaper() throws {
        func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
            var before = timespec(), after = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &before)
            try body()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &after)
            return Double(after.tv_sec - before.tv_sec) + Double(after.tv_nsec - before.tv_nsec) / 1e9
        }
        // CPU time of this thread, not wall time: other tests running at once do not move it much.
        var lean: [Double] = [], usual: [Double] = []
        for _ in 0..<3 {
            lean.append(try cpuSeconds { _ = try TesseractEngine(language: "eng", pageSegmentation: .singleLine) })
            usual.append(try cpuSeconds {
                _ = try TesseractEngine(language: "eng", pageSegmentation: .singleLine, skippingLegacyTables: false)
            })
        }
        #expect(lean.min()! * 2 < usual.min()!, "lean \(lean), usual \(usual)")
    }
}
