import ArgumentParser
import Deskpilot
import Foundation
import Imaging

struct ScreenshotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenshot",
        abstract: "Save a screenshot of the screen, or of a region, as PNG.",
        discussion: "Example: deskpilot screenshot shot.png --region 0,0,640,480"
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: ArgumentHelp("The PNG file to write.", valueName: "file.png")) var file: String
    @Option(help: ArgumentHelp("Only this region: left, top, width, height in pixels.", valueName: "x,y,w,h"))
    var region: RectArgument?
    @Flag(help: "Write a larger file faster (the setting used for model requests) instead of the compact default.")
    var fast = false
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        let suffix = (file as NSString).pathExtension.lowercased()
        guard suffix == "png" else {
            throw ValidationError("screenshot writes PNG only: name the file *.png (got '\(file)'); convert it afterwards if you need \(suffix.isEmpty ? "another format" : suffix.uppercased()).")
        }
    }

    func run() async throws {
        let desktop = try options.desktop()
        let image = try await desktop.screenshot(region: region?.rect)
        try image.writePNG(to: file, fast ? .fast : .compact)
        if json {
            printLine(#"{"file":\#(jsonString(file)),"width":\#(image.width),"height":\#(image.height)}"#)
        } else {
            printLine("Saved \(image.width)x\(image.height) screenshot to \(file)")
        }
    }
}

struct ClickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "click",
        abstract: "Click a mouse button at a screen position.",
        discussion: "Examples: deskpilot click 400 300    deskpilot click 400 300 --button right    deskpilot click 10 10 --count 2"
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: "Pixels from the left edge.") var x: Int
    @Argument(help: "Pixels from the top edge.") var y: Int
    @Option(help: "left, middle or right.") var button = ButtonArgument(argument: "left")!
    @Option(help: "1 (single), 2 (double) or 3 (triple click).") var count = 1

    func validate() throws {
        guard (1...3).contains(count) else { throw ValidationError("--count must be 1, 2 or 3 (got \(count)).") }
    }

    func run() async throws {
        try await options.perform(.click(Point(x: x, y: y), button: button.button, count: count))
    }
}

struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move the pointer to a screen position.", discussion: "Example: deskpilot move 640 400")
    @OptionGroup var options: DisplayOptions
    @Argument(help: "Pixels from the left edge.") var x: Int
    @Argument(help: "Pixels from the top edge.") var y: Int

    func run() async throws {
        try await options.perform(.move(to: Point(x: x, y: y)))
    }
}

struct DragCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drag",
        abstract: "Drag with a button held from one position to another, through intermediate motion.",
        discussion: "Example: deskpilot drag 100 100 500 300"
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: "Start, pixels from the left edge.") var x1: Int
    @Argument(help: "Start, pixels from the top edge.") var y1: Int
    @Argument(help: "End, pixels from the left edge.") var x2: Int
    @Argument(help: "End, pixels from the top edge.") var y2: Int
    @Option(help: "left, middle or right.") var button = ButtonArgument(argument: "left")!
    @Option(help: "Motion steps between start and end (at most 63).") var steps = 16

    func run() async throws {
        let (start, end) = (Point(x: x1, y: y1), Point(x: x2, y: y2))
        let count = max(1, steps)
        let path = (0...count).map { i in Point(x: start.x + (end.x - start.x) * i / count, y: start.y + (end.y - start.y) * i / count) }
        try await options.perform(.drag(along: path, button: button.button))
    }
}

struct ScrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scroll",
        abstract: "Turn the mouse wheel by notches, vertically and/or horizontally.",
        discussion: "Negative --dy scrolls up, positive down; negative --dx left, positive right.\nExample: deskpilot scroll --dy 3 --at 400,300"
    )
    @OptionGroup var options: DisplayOptions
    @Option(help: "Horizontal notches.") var dx = 0
    @Option(help: "Vertical notches.") var dy = 0
    @Option(help: ArgumentHelp("Move the pointer here first.", valueName: "x,y")) var at: PointArgument?

    func validate() throws {
        guard dx != 0 || dy != 0 else { throw ValidationError("Give --dy and/or --dx, e.g. --dy 3 to scroll down three notches.") }
    }

    func run() async throws {
        try await options.perform(.scroll(dx: dx, dy: dy, at: at?.point))
    }
}

struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Tap key combos, one after another.",
        discussion: """
            Names are case-insensitive: letters, digits, punctuation, F1–F24, enter, esc, tab, space, backspace, \
            delete, home, end, pageup, pagedown, arrow keys, any X keysym name, and the modifiers ctrl, alt, \
            shift, super (cmd, win, meta).
            Example: deskpilot key ctrl+shift+t Return alt+F4
            """
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: ArgumentHelp("Combos such as ctrl+s, Return, alt+F4.", valueName: "combo")) var combos: [String]

    func validate() throws {
        guard !combos.isEmpty else { throw ValidationError("Give at least one key combo, e.g. 'deskpilot key ctrl+s'.") }
        for combo in combos { _ = try KeyCombo(parsing: combo) }
    }

    func run() async throws {
        let parsed = try combos.map { text throws(KeyComboError) in try KeyCombo(parsing: text) }
        try await options.perform(parsed.map { .key($0) })
    }
}

struct TypeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "type",
        abstract: "Type text exactly, including characters the keyboard layout lacks.",
        discussion: "\\n in the text types Return and \\t Tab only with --escapes.\nExample: deskpilot type \"Hello, wörld — €\""
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: "The text to type.") var text: String
    @Flag(help: "Interpret \\n, \\t and \\\\ in the text.") var escapes = false

    func run() async throws {
        var text = self.text
        if escapes {
            text = text.replacingOccurrences(of: "\\\\", with: "\u{0}")
                .replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
                .replacingOccurrences(of: "\u{0}", with: "\\")
        }
        let desktop = try options.desktop()
        try await options.perform(.type(text), on: desktop)
        await desktop.restoreKeymap()
    }
}

struct CursorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cursor", abstract: "Print where the pointer is.", discussion: "Example: deskpilot cursor --json")
    @OptionGroup var options: DisplayOptions
    @Flag(help: "Print the result as JSON.") var json = false

    func run() async throws {
        let point = try await options.desktop().cursorPosition()
        printLine(json ? #"{"x":\#(point.x),"y":\#(point.y)}"# : "\(point.x) \(point.y)")
    }
}

struct WindowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows",
        abstract: "List the visible top-level windows, topmost first.",
        discussion: "Example: deskpilot windows --json"
    )
    @OptionGroup var options: DisplayOptions
    @Flag(help: "Print one JSON object per window, one per line.") var json = false

    func run() async throws {
        let desktop = try options.desktop()
        let windows = try await desktop.windows().reversed()
        let active = try await desktop.activeWindow()?.id
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for window in windows {
                printLine(String(decoding: try encoder.encode(WindowRecord(window, active: window.id == active)), as: UTF8.self))
            }
            return
        }
        if windows.isEmpty { printLine("No visible top-level windows.") }
        for window in windows {
            let marker = window.id == active ? "*" : " "
            let pid = window.pid.map { "pid \($0)" } ?? "pid ?"
            printLine("\(marker) 0x\(String(window.id, radix: 16))  \(window.frame)  \(pid)  \(window.instanceName)/\(window.className)  \(window.title.debugDescription)")
        }
    }

    /// A window as `--json` prints it.
    struct WindowRecord: Encodable {
        var id: UInt, title: String, instance: String, className: String, pid: Int?
        var x: Int, y: Int, width: Int, height: Int, active: Bool
        init(_ window: WindowInfo, active: Bool) {
            id = window.id
            title = window.title
            instance = window.instanceName
            className = window.className
            pid = window.pid
            (x, y, width, height) = (window.frame.x, window.frame.y, window.frame.width, window.frame.height)
            self.active = active
        }
        enum CodingKeys: String, CodingKey {
            case id, title, instance, className = "class", pid, x, y, width, height, active
        }
    }
}

struct FocusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "focus",
        abstract: "Raise a window and give it the keyboard focus, by title or class (substring, any case).",
        discussion: """
            When several windows match, nothing is focused and they are listed: give more of the title, or \
            --first to take the topmost.
            Example: deskpilot focus "Deskpilot Fixture"
            """
    )
    @OptionGroup var options: DisplayOptions
    @Argument(help: "Part of the window's title or WM_CLASS.") var title: String
    @Flag(help: "When several windows match, focus the topmost instead of failing.") var first = false

    func run() async throws {
        let desktop = try options.desktop()
        let matching = try await desktop.windows().reversed().filter { $0.matches(title) }
        guard let window = matching.first else {
            throw CommandFailure("No visible window's title or class contains '\(title)' — 'deskpilot windows' lists them.")
        }
        guard matching.count == 1 || first else {
            let list = matching.map { "  0x\(String($0.id, radix: 16))  \($0.instanceName)/\($0.className)  \($0.title.debugDescription)" }
            throw CommandFailure("\(matching.count) windows match '\(title)' (topmost first):\n\(list.joined(separator: "\n"))\n"
                                 + "Give more of the title, or pass --first to focus the topmost.")
        }
        try await desktop.focus(window)
        printLine("Focused 0x\(String(window.id, radix: 16)) \(window.title.debugDescription)")
    }
}

/// `text` as a JSON string literal, with nothing in it that a terminal would act on.
func jsonString(_ text: String) -> String { SafeText.jsonString(text) }

/// A mistake in what was asked, found while running (a path that does not exist, a record that is not
/// there): printed as `Error: …`, exit status 64, no usage text.
struct UsageFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A command that ran but could not do what was asked: printed as `Error: …`, exit status 1, no usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `1 step`, `2 steps`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
