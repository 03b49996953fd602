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
        version: deskpilotVersion,
        subcommands: [
            ScreenshotCommand.self, ClickCommand.self, MoveCommand.self, DragCommand.self, ScrollCommand.self,
            KeyCommand.self, TypeCommand.self, CursorCommand.self, WindowsCommand.self, FocusCommand.self, LocateCommand.self, OCRCommand.self, GroundCommand.self,
            RunCommand.self, ReportCommand.self, TestCommand.self, RecordCommand.self, MCPCommand.self, PolicyCommand.self, ModelsCommand.self, DoctorCommand.self,
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
            var command = try parseAsRoot(try CommandLineRepair.repaired(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as UsageFailure {
            // A mistake found while running (a missing file, a folder without a record): the message says
            // what to do; the usage text would only bury it.
            FileHandle.standardError.write(Data("Error: \(failure.description)\n".utf8))
            Foundation.exit(64)
        } catch {
            exit(withError: error)
        }
    }
}

/// Fixes what people type that the argument parser would misread, before it reads it:
/// - `deskpilot --display :1 windows`: the display option given before the subcommand moves after it;
/// - `--dy -3`, `--retries -1`: a negative number after an option is that option's value (the parser would
///   take `-3` for an option); the command's own checks then judge the value;
/// - `click -5 10`: a negative coordinate is refused with a sentence, not "missing argument".
enum CommandLineRepair {
    /// Subcommands whose positional arguments are screen coordinates.
    static let coordinateCommands: Set<String> = ["click", "move", "drag"]

    static func repaired(_ arguments: [String]) throws(UsageFailure) -> [String] {
        var arguments = arguments
        // A global --display before the subcommand.
        if let first = arguments.first, first == "--display" || first.hasPrefix("--display=") {
            let taken = first == "--display" ? Array(arguments.prefix(2)) : [first]
            arguments.removeFirst(taken.count)
            if !arguments.isEmpty { arguments.insert(contentsOf: taken, at: 1) } else { arguments = taken }
        }
        let command = arguments.first ?? ""
        var result: [String] = []
        for argument in arguments {
            guard Self.isNegativeNumber(argument) else {
                result.append(argument)
                continue
            }
            if let option = result.last, option.hasPrefix("--"), !option.contains("="), option != "--" {
                result[result.count - 1] = option + "=" + argument
            } else if Self.coordinateCommands.contains(command), !result.contains("--") {
                throw UsageFailure("\(argument) is off the screen: coordinates are pixels from the screen's top-left corner, 0 or more "
                                   + "(see 'deskpilot \(command) --help').")
            } else {
                result.append(argument)
            }
        }
        return result
    }

    static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text) != nil
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
    /// `default: left` in `--help`, not the Swift value.
    var defaultValueDescription: String { button.rawValue }
}

/// Writes `text` to standard output as one line.
func printLine(_ text: String) {
    print(text)
}
