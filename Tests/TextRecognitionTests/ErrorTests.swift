import Deskpilot
import Foundation
import Testing

@Suite("TextRecognition errors and environment")
struct ErrorTests {
    @Test("a missing language names the data folder and the package to install")
    func missingLanguage() throws {
        let error = try #require(throws: TextRecognitionError.self) { try TextRecognizer(language: "xx") }
        guard case .languageDataMissing(let language, let path, let available) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(language == "xx")
        #expect(available.contains("eng"))
        #expect(FileManager.default.fileExists(atPath: path + "/eng.traineddata"))
        #expect(error.description.hasPrefix("Tesseract has no 'xx' language data in \(path)"))
        #expect(error.description.contains("apt-get install tesseract-ocr-xx"))
    }

    @Test("regions outside the image and bad scales are clear errors")
    func badArguments() throws {
        let image = Image(width: 100, height: 50, filledWith: RGBA(r: 255, g: 255, b: 255))
        let outside = Rect(x: 90, y: 0, width: 20, height: 10)
        #expect(throws: TextRecognitionError.regionOutOfBounds(region: outside, imageWidth: 100, imageHeight: 50)) {
            try sharedRecognizer.recognize(image, region: outside)
        }
        #expect(throws: TextRecognitionError.invalidScale(0)) { try sharedRecognizer.recognize(image, scale: 0) }
        #expect(TextRecognitionError.invalidScale(9).description.contains("1 to 8"))
    }

    @Test("blank and empty images have no text")
    func blank() throws {
        let white = Image(width: 200, height: 100, format: .bgra, filledWith: RGBA(r: 255, g: 255, b: 255))
        #expect(try sharedRecognizer.recognize(white).isEmpty)
        #expect(try sharedRecognizer.recognize(white, region: Rect(x: 10, y: 10, width: 0, height: 0)).isEmpty)
        #expect(try sharedRecognizer.recognize(Image(width: 0, height: 0, pixels: [])).isEmpty)
    }

    @Test("isThreadLimitSet reflects OMP_THREAD_LIMIT")
    func threadLimit() {
        let value = ProcessInfo.processInfo.environment["OMP_THREAD_LIMIT"]
        #expect(OCREnvironment.isThreadLimitSet == (value.map { !$0.isEmpty } ?? false))
    }
}
