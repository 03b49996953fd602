import ArgumentParser
import Deskpilot
import Foundation
import Imaging

/// `deskpilot locate --text "Save"` or `--image needle.png`: where a phrase (by OCR) or a picture (by
/// template matching) is on the screen.
struct LocateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Find a phrase (by OCR) or a needle image (by template matching) on the screen and print where it is.",
        discussion: """
            --text: matching ignores case and the punctuation around words; --fuzzy also accepts near misses.
            --image: a PNG cut from an earlier screenshot, found by normalized cross-correlation on grey \
            (--threshold, default 0.9; --near X,Y looks around the needle's last top-left corner first).
            Prints one match per line, best first: centre x, y, the box, what was read and why it ranks where it does \
            (the whole label, part of a longer one, a near miss). Exit status 1 when nothing is found.
            Examples:
              deskpilot locate --text "Submit" --json
              deskpilot locate --image needles/submit.png --near 600,420
            """
    )
    @OptionGroup var options: DisplayOptions
    @OptionGroup var source: ScreenshotOptions
    @Option(help: "The phrase to find.") var text: String?
    @Option(help: ArgumentHelp("A PNG to find on the screen.", valueName: "needle.png")) var image: String?
    @Flag(help: "With --text: accept near misses (OCR errors, typos).") var fuzzy = false
    @Option(help: "With --image: the lowest similarity that counts (0…1, default 0.9).") var threshold: Double?
    @Option(help: ArgumentHelp("With --image: where the needle's top-left corner was last seen.", valueName: "x,y")) var near: String?
    @Option(help: ArgumentHelp("Only look in this region.", valueName: "x,y,w,h")) var region: RectArgument?
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard (text == nil) != (image == nil) else { throw ValidationError("Give exactly one of --text PHRASE or --image NEEDLE.png.") }
        if let text, text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--text needs a phrase to find, e.g. --text Submit (got an empty one).")
        }
        if text != nil, threshold != nil || near != nil {
            throw ValidationError("--\(threshold != nil ? "threshold" : "near") applies to --image only (text is matched by --fuzzy or exactly).")
        }
        if image != nil, fuzzy { throw ValidationError("--fuzzy applies to --text only (an image is matched by --threshold).") }
        if near != nil, nearPoint == nil { throw ValidationError("--near takes X,Y (e.g. 600,420).") }
        guard (0...1).contains(threshold ?? 0.9) else { throw ValidationError("--threshold must be within 0…1 (0.9 is the default).") }
    }

    private var nearPoint: Point? {
        guard let parts = near?.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), parts.count == 2 else { return nil }
        return Point(x: parts[0], y: parts[1])
    }

    func run() async throws {
        // Tesseract starts in the background (~75 ms) while the screenshot is taken.
        let recognizer = text == nil ? nil : try TextRecognizer()
        let screen = try await source.image(options)
        if let image {
            let needle: Image
            do {
                needle = try Image(contentsOfPNGFile: image)
            } catch {
                throw CommandFailure("Cannot read the needle \(image): \(error)")
            }
            let matches = try TemplateMatcher(threshold: threshold ?? 0.9).matches(of: needle, in: screen, region: region?.rect, expected: nearPoint)
            if json {
                let items = matches.map { match in
                    #"{"x":\#(match.center.x),"y":\#(match.center.y),"box":[\#(match.rect.x),\#(match.rect.y),\#(match.rect.width),\#(match.rect.height)],"score":\#(String(format: "%.3f", match.score))}"#
                }
                printLine("[" + items.joined(separator: ",") + "]")
            } else {
                for match in matches { printLine("\(match.center.x) \(match.center.y)  \(match.rect)  score \(String(format: "%.3f", match.score))") }
            }
            guard !matches.isEmpty else {
                throw CommandFailure("\(image) is not on the screen at similarity ≥ \(threshold ?? 0.9) — try a lower --threshold, or cut a new needle.")
            }
            return
        }
        guard let text, let recognizer else { return }
        let matches = try await recognizer.locate(text, in: screen, region: region?.rect, exact: !fuzzy)
        if json {
            let items = matches.map { match in
                #"{"text":\#(jsonString(match.text)),"x":\#(match.box.center.x),"y":\#(match.box.center.y),"box":[\#(match.box.x),\#(match.box.y),\#(match.box.width),\#(match.box.height)],"confidence":\#(Int(match.confidence)),"score":\#(String(format: "%.3f", match.score)),"reason":\#(jsonString(match.reason))}"#
            }
            printLine("[" + items.joined(separator: ",") + "]")
        } else {
            for match in matches {
                printLine("\(match.box.center.x) \(match.box.center.y)  \(match.box)  \(match.text.debugDescription)  (\(match.reason))")
            }
        }
        guard !matches.isEmpty else {
            throw CommandFailure("'\(text)' is not on the screen" + (fuzzy ? "." : " — try --fuzzy for near misses."))
        }
    }
}

/// `deskpilot ground "the blue Submit button"`: where the model says something is.
struct GroundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ground",
        abstract: "Ask the vision model where something is on the screen; print its screen coordinates.",
        discussion: """
            Sends one screenshot and the description to the model (--base-url or $DESKPILOT_BASE_URL); no input is sent.
            Example: deskpilot ground "the blue Submit button" --annotate found.png
            """
    )
    @Argument(help: "What to find, in words.") var description: String
    @OptionGroup var options: DisplayOptions
    @OptionGroup(title: "The model") var models: ModelOptions
    @Option(help: ArgumentHelp("Also save the screenshot with the point marked.", valueName: "file.png")) var annotate: String?
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard models.endpoint != nil else {
            throw ValidationError("No model server: pass --base-url URL or set DESKPILOT_BASE_URL (e.g. http://127.0.0.1:8000/v1).")
        }
        if let family = models.family, case .profile = family.kind {} else if models.family != nil {
            throw ValidationError("ground asks a vision model for a point: choose a vision profile (\(ModelProfiles.names.joined(separator: ", "))).")
        }
    }

    func run() async throws {
        let endpoint = models.endpoint!
        let chosen: ModelProfile
        if case .profile(let profile)? = models.family?.kind { chosen = profile } else { chosen = ModelProfiles.forModel(endpoint.model) }
        let grounder = Grounder(desktop: try options.desktop(), model: models.chatModel(endpoint), profile: chosen)
        let location = try await grounder.locate(description)
        if let annotate { try location.screenshot.marked(at: location.point).writePNG(to: annotate, .fast) }
        if json {
            printLine(#"{"x":\#(location.point.x),"y":\#(location.point.y),"reply":\#(SafeText.jsonString(location.reply))}"#)
        } else {
            printLine("\(location.point.x) \(location.point.y)")
        }
    }
}
