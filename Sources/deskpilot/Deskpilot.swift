import ArgumentParser
import Deskpilot
import Foundation
import Imaging

/// The `deskpilot` command.
@main
struct DeskpilotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskpilot",
        abstract: "See and drive a Linux (X11) desktop: screenshots, clicks, keys, typing, windows.",
        discussion: """
            Every command works on the X display given by --display, or $DISPLAY. Coordinates are screen \
            pixels from the top-left corner. Errors go to stderr with a non-zero exit status.

            Examples:
              deskpilot screenshot shot.png
              deskpilot click 400 300 --count 2
              deskpilot type "Hello, wörld"
              deskpilot key ctrl+s
              deskpilot windows --json
            """,
        version: "0.1.0",
        subcommands: [
            ScreenshotCommand.self, ClickCommand.self, MoveCommand.self, DragCommand.self, ScrollCommand.self,
            KeyCommand.self, TypeCommand.self, CursorCommand.self, WindowsCommand.self, FocusCommand.self, LocateCommand.self, OCRCommand.self, GroundCommand.self,
            RunCommand.self, ReportCommand.self, TestCommand.self, ModelsCommand.self, DoctorCommand.self,
        ]
    )
}

extension DeskpilotCommand {
    /// OCR runs far faster with OpenMP limited to one thread. The recognizer sees to that on its own
    /// threads; `test`, which may run other OpenMP code for minutes, also re-executes itself once with
    /// `OMP_THREAD_LIMIT=1` when it is unset. `locate` and `ocr` do not: the second start cost ~30 ms of a
    /// command people script with.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "test" { OCREnvironment.reexecWithThreadLimitIfNeeded() }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every desktop command takes.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The X display to use, e.g. :1 (default: $DISPLAY).", valueName: "name"))
    var display: String?

    /// Connects to the chosen display.
    func desktop() throws -> X11Desktop {
        try X11Desktop(display: display)
    }

    /// Performs `actions` in order on the chosen display (or `desktop`), each first checked against the
    /// limits every path of Deskpilot uses and against the screen.
    func perform(_ actions: DesktopAction<Point>..., on desktop: X11Desktop? = nil) async throws {
        try await perform(actions, on: desktop)
    }

    /// Performs `actions` in order, each checked first.
    func perform(_ actions: [DesktopAction<Point>], on desktop: X11Desktop? = nil) async throws {
        let desktop = try desktop ?? self.desktop()
        let screen = try await desktop.screenSize()
        for action in actions {
            do {
                try await desktop.perform(action.checked(against: ActionLimits(maxTextLength: 1_000_000), screen: screen))
            } catch let error as ActionLimitError {
                throw CommandFailure(error.description)
            }
        }
    }
}

/// `--screenshot file.png`: look at a saved screenshot (from a run's trajectory, say) instead of the screen.
struct ScreenshotOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Look at this saved PNG instead of the screen (a run's step screenshot, say).", valueName: "file.png"))
    var screenshot: String?

    /// The saved screenshot when one was given, else the chosen display's screen.
    func image(_ display: DisplayOptions) async throws -> Image {
        guard let screenshot else { return try await display.desktop().screenshot() }
        do {
            return try Image(contentsOfPNGFile: screenshot)
        } catch {
            throw CommandFailure("Cannot read the screenshot \(screenshot): \(error)")
        }
    }
}

/// Parses `X,Y` into a point.
struct PointArgument: ExpressibleByArgument {
    let point: Point
    init?(argument: String) {
        let parts = argument.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 else { return nil }
        point = Point(x: parts[0], y: parts[1])
    }
}

/// Parses `X,Y,W,H` into a rectangle.
struct RectArgument: ExpressibleByArgument {
    let rect: Rect
    init?(argument: String) {
        guard let rect = Rect(commaSeparated: argument) else { return nil }
        self.rect = rect
    }
}

/// Parses `left`, `middle` or `right`.
struct ButtonArgument: ExpressibleByArgument {
    let button: MouseButton
    init?(argument: String) {
        guard let button = MouseButton(rawValue: argument.lowercased()) else { return nil }
        self.button = button
    }
    static var allValueStrings: [String] { MouseButton.allCases.map(\.rawValue) }
}

/// Writes `text` to standard output as one line.
func printLine(_ text: String) {
    print(text)
}
