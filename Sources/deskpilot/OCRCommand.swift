import ArgumentParser
import Deskpilot
import Foundation
import Imaging

/// `deskpilot ocr`: everything OCR reads on the screen, line by line and word by word, with boxes and
/// confidence — and a picture with the lines outlined and numbered, for whoever is debugging a text locator.
struct OCRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Print every line and word OCR reads on the screen, with boxes and confidence.",
        discussion: """
            Reads the whole screen (or --region) the way text locators do, and prints one line per text line: \
            its number, box (WxH+X+Y), confidence (0–100) and text, then its words indented. --overlay writes \
            the screenshot with each line outlined and numbered as in the listing.
            Examples:
              deskpilot ocr --overlay ocr.png
              deskpilot ocr --region 0,0,800,600 --json
              deskpilot ocr --screenshot run/step-003.png
            """
    )
    @OptionGroup var options: DisplayOptions
    @OptionGroup var source: ScreenshotOptions
    @Option(help: ArgumentHelp("Only read this region.", valueName: "x,y,w,h")) var region: RectArgument?
    @Option(help: ArgumentHelp("Also save the screenshot with the lines outlined and numbered.", valueName: "out.png")) var overlay: String?
    @Flag(help: "Print the result as JSON: lines with their words.") var json = false
    @Option(help: ArgumentHelp("Enlarge every line this many times before reading (1–8).", valueName: "n")) var scale = 1

    func run() async throws {
        let recognizer = try TextRecognizer()  // Tesseract starts in the background meanwhile
        let screen = try await source.image(options)
        let lines = try await recognizer.recognize(screen, region: region?.rect, scale: scale)
        if json {
            let items = lines.map { line in
                let words = line.words.map { word in
                    #"{"text":\#(jsonString(word.text)),"box":\#(Self.json(word.box)),"confidence":\#(Int(word.confidence.rounded()))}"#
                }
                return #"{"text":\#(jsonString(line.text)),"box":\#(Self.json(line.box)),"confidence":\#(Int(line.confidence.rounded())),"words":[\#(words.joined(separator: ","))]}"#
            }
            printLine("[" + items.joined(separator: ",") + "]")
        } else {
            for (index, line) in lines.enumerated() {
                printLine("[\(index + 1)] \(line.box)  \(Int(line.confidence.rounded()))  \(SafeText.line(line.text, limit: 300).debugDescription)")
                for word in line.words {
                    printLine("      \(word.box)  \(Int(word.confidence.rounded()))  \(SafeText.line(word.text, limit: 120).debugDescription)")
                }
            }
            if lines.isEmpty { printLine("(no text read)") }
        }
        if let overlay {
            do {
                try screen.marked(lines.enumerated().map { ($0.offset + 1, $0.element.box) }).writePNG(to: overlay, .fast)
            } catch {
                throw CommandFailure("Cannot write the overlay \(overlay): \(error)")
            }
        }
    }

    static func json(_ box: Rect) -> String { "[\(box.x),\(box.y),\(box.width),\(box.height)]" }
}
