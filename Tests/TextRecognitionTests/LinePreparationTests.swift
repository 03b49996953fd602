import Foundation
import Imaging
import Testing
@testable import TextRecognition

/// What Tesseract is given for a line: dark text on white, frames gone. The crops are lines cut from the
/// OCR corpus's screens (Tools/ocr-corpus), where Tesseract alone reads nothing or reads the frame as text.
@Suite("Line preparation: polarity and frames")
struct LinePreparationTests {
    struct Crop: Sendable, CustomStringConvertible {
        let file: String
        let text: String
        var description: String { file }
    }

    static let crops = [
        // A Tk button with a 3 px solid frame around its text: Tesseract reads nothing.
        Crop(file: "tk-solid-frame-undo.png", text: "Undo"),
        // White text on a red button (a filled box darker than the window around it): nothing either.
        Crop(file: "tk-red-button-find.png", text: "Find"),
        // Two xmessage buttons whose rounded frames touch the glyphs: the frames read as "||".
        Crop(file: "xaw-rounded-zoom-report.png", text: "Zoom Report"),
        // Light text on a dark theme's raised button with a light bevel.
        Crop(file: "tk-dark-raised-move-track.png", text: "Move Track"),
    ]

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Crops")

    static func load(_ crop: Crop) throws -> GreyImage {
        let image = try Image(contentsOfPNGFile: directory.appendingPathComponent(crop.file).path)
        return GreyImage(image, region: Rect(x: 0, y: 0, width: image.width, height: image.height))
    }

    @Test("the cleaned line is dark ink on white, with nothing left along its edges", arguments: crops)
    func darkOnWhiteWithoutFrames(_ crop: Crop) throws {
        let cleaned = LinePreparation.clean(try Self.load(crop))
        let width = cleaned.width, height = cleaned.height
        let pixels = cleaned.pixels
        // Polarity: the background became white, whatever the screen's colours were.
        #expect(pixels.filter { $0 >= 200 }.count * 10 >= pixels.count * 8, "most of the line should be light background")
        // Frames: no row is half ink (a frame's top or bottom) and no column is inked through most of the
        // line's height (a frame's side); nothing is left along the crop's edges.
        for y in 0..<height {
            #expect((0..<width).filter { pixels[y * width + $0] < 128 }.count * 2 < width, "row \(y) is a frame's edge")
        }
        for x in 0..<width {
            #expect((0..<height).filter { pixels[$0 * width + x] < 128 }.count * 10 < height * 8, "column \(x) is a frame's side")
        }
        var edges: [UInt8] = []
        for x in 0..<width { edges += [pixels[x], pixels[(height - 1) * width + x]] }
        for y in 0..<height { edges += [pixels[y * width], pixels[y * width + width - 1]] }
        #expect(edges.allSatisfy { $0 >= 128 }, "ink is left on the crop's edges")
        // The text is still there, as dark ink in the middle rows.
        let middle = pixels[(height / 4 * width)..<(height * 3 / 4 * width)]
        #expect(middle.filter { $0 < 128 }.count >= 40, "the letters were removed too")
    }

    @Test("Tesseract reads the label from the cleaned line", arguments: crops)
    func readsTheLabel(_ crop: Crop) throws {
        let engine = try TesseractEngine(language: "eng", pageSegmentation: .singleLine)
        let cleaned = LinePreparation.clean(try Self.load(crop))
        let lines = try engine.recognize(grey: cleaned.pixels, width: cleaned.width, height: cleaned.height)
        let matcher = try #require(PhraseMatcher(crop.text, exact: true))
        #expect(lines.contains { matcher.closeness(in: $0) == 1 }, "read \(lines.map(\.text)) instead of \(crop.text.debugDescription)")
    }

    @Test("without cleaning, Tesseract misses the framed and the filled button (the crops test something)")
    func rawCropsFail() throws {
        let engine = try TesseractEngine(language: "eng", pageSegmentation: .singleLine)
        for crop in Self.crops.prefix(2) {
            let raw = try Self.load(crop)
            let lines = try engine.recognize(grey: raw.pixels, width: raw.width, height: raw.height)
            let matcher = try #require(PhraseMatcher(crop.text, exact: true))
            #expect(!lines.contains { matcher.closeness(in: $0) == 1 }, "\(crop.file) reads without cleaning: \(lines.map(\.text))")
        }
    }

    @Test("a flat line is left as it is")
    func flatLine() {
        let flat = GreyImage(width: 20, height: 10, pixels: [UInt8](repeating: 180, count: 200))
        #expect(LinePreparation.clean(flat).pixels == flat.pixels)
    }
}
