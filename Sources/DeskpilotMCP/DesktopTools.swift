import Deskpilot
import Foundation

/// The desktop's tools as MCP offers them: each an ``AgentTool`` (its JSON schema derived from its
/// arguments type, the same machinery as the agent's custom tools), with honest annotations. Every result
/// is a JSON object in text, which the server also sends as `structuredContent`.
///
/// The coordinate contract, stated in every description: coordinates are screen pixels from the top-left
/// corner; a screenshot sent smaller than the screen says its scale, and points read from it are divided by
/// that scale before they are given to another tool.
enum DesktopTools {
    /// The sentence every tool description ends with.
    static let contract = "Coordinates are screen pixels from the top-left corner of the whole screen; a screenshot "
        + "smaller than the screen states its scale: divide points measured on it by that scale."

    /// Annotations by tool name: observing tools are read-only; tools that send input may change things.
    static let readOnly: Set<String> = ["screenshot", "cursor", "windows", "locate_text", "locate_image", "read_text", "wait_for_text"]

    static func all(_ desktop: X11Desktop, recognizer: TextRecognizer, secrets: Secrets = Secrets()) -> [any AgentTool] {
        [
            ScreenshotTool(desktop: desktop), ClickTool(desktop: desktop), MoveTool(desktop: desktop), DragTool(desktop: desktop),
            ScrollTool(desktop: desktop), KeyTool(desktop: desktop), TypeTool(desktop: desktop, secrets: secrets), CursorTool(desktop: desktop),
            WindowsTool(desktop: desktop), FocusTool(desktop: desktop), LocateTextTool(desktop: desktop, recognizer: recognizer),
            LocateImageTool(desktop: desktop),
            ReadTextTool(desktop: desktop, recognizer: recognizer), WaitForTextTool(desktop: desktop, recognizer: recognizer),
        ]
    }

    /// `value` as the JSON text of a result.
    static func json(_ value: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Performs `action` after checking it against the limits every path of Deskpilot uses and the screen.
    static func perform(_ action: DesktopAction<Point>, on desktop: X11Desktop) async throws {
        let screen = try await desktop.screenSize()
        try await desktop.perform(try action.checked(against: ActionLimits(maxTextLength: 100_000), screen: screen))
    }

    static func box(_ rect: Rect) -> [Int] { [rect.x, rect.y, rect.width, rect.height] }
}

/// A point given as `x`, `y`.
struct PointArguments: ToolArguments {
    var x: Int
    var y: Int
    static let descriptions = ["x": "Screen pixels from the left edge.", "y": "Screen pixels from the top edge."]
}

struct ScreenshotTool: AgentTool {
    struct Arguments: ToolArguments {
        /// `[x, y, width, height]` of the screen, in screen pixels.
        var region: [Int]?
        var max_dimension: Int?
        static let descriptions = [
            "region": "Only this part of the screen: [x, y, width, height] in screen pixels.",
            "max_dimension": "The longest side of the image sent, in pixels (default 1280; the image is also kept under 1 MB).",
        ]
    }
    let desktop: X11Desktop
    let name = "screenshot"
    var description: String { "Take a screenshot (PNG): returns the image and, as JSON, its size, the screen's size and the scale between them. " + DesktopTools.contract }

    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let region = try ReadTextTool.rect(arguments.region)
        let limit = arguments.max_dimension ?? 1280
        guard (64...8192).contains(limit) else { throw DesktopToolError("max_dimension must be 64 to 8192 pixels (got \(limit))") }
        let screen = try await desktop.screenSize()
        var image = try await desktop.screenshot(region: region)
        let captured = Size(width: image.width, height: image.height)
        var scale = min(1, Double(limit) / Double(max(image.width, image.height)))
        // Clients refuse images over about 1 MB: the fast encoding first (a tenth of the time), the compact one
        // when that is too big, then smaller until the PNG fits.
        var png: [UInt8] = []
        while true {
            let sized = scale < 1 ? image.resized(width: max(1, Int(Double(captured.width) * scale)), height: max(1, Int(Double(captured.height) * scale))) : image
            png = try sized.pngData(.fast)
            if png.count >= Self.limit { png = try sized.pngData(.compact) }
            if png.count < Self.limit || scale < 0.1 {
                image = sized
                break
            }
            scale *= 0.8
        }
        let text = DesktopTools.json([
            "image": ["width": image.width, "height": image.height],
            "screen": ["width": screen.width, "height": screen.height],
            "region": region.map(DesktopTools.box) ?? [0, 0, screen.width, screen.height],
            "scale": Double(image.width) / Double(captured.width),
            "coordinates": "screen pixels: divide a point measured on this image by scale, then add the region's x and y",
        ])
        return ToolOutput(text: text, image: image, png: png)
    }

    /// The largest PNG sent, in bytes.
    static let limit = 1_000_000
}

struct ClickTool: AgentTool {
    enum Button: String, ToolArgumentChoice { case left, middle, right }
    struct Arguments: ToolArguments {
        var x: Int
        var y: Int
        var button: Button?
        var count: Int?
        var modifiers: [String]?
        static let descriptions = [
            "x": "Screen pixels from the left edge.", "y": "Screen pixels from the top edge.",
            "button": "left (default), middle or right.", "count": "1 (default), 2 (double) or 3 (triple click).",
            "modifiers": "Keys held while clicking: ctrl, shift, alt, super.",
        ]
    }
    let desktop: X11Desktop
    let name = "click"
    var description: String { "Click a mouse button at a screen point. " + DesktopTools.contract }

    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let point = Point(x: arguments.x, y: arguments.y)
        let count = arguments.count ?? 1
        guard (1...3).contains(count) else { throw DesktopToolError("count must be 1, 2 or 3 (got \(count))") }
        let button = MouseButton(rawValue: (arguments.button ?? .left).rawValue) ?? .left
        var modifiers: KeyModifiers = []
        for name in arguments.modifiers ?? [] {
            // "ctrl+a" parses its modifiers; a bare modifier name is parsed as a combo of it and a key.
            guard let modifier = KeyModifiers.canonicalOrder.first(where: { $0.1 == name.lowercased() || (name.lowercased() == "control" && $0.1 == "ctrl") }) else {
                throw DesktopToolError("unknown modifier '\(name)': use ctrl, shift, alt or super")
            }
            modifiers.insert(modifier.0)
        }
        // Checked against the screen like every other action, then clicked with the modifiers held.
        _ = try DesktopAction<Point>.click(point, button: button, count: count).checked(against: ActionLimits(), screen: try await desktop.screenSize())
        try await desktop.click(at: point, button: button, count: count, holding: modifiers)
        return ToolOutput(text: DesktopTools.json(["clicked": [point.x, point.y], "button": button.rawValue, "count": count, "modifiers": modifiers.names]))
    }
}

struct MoveTool: AgentTool {
    typealias Arguments = PointArguments
    let desktop: X11Desktop
    let name = "move"
    var description: String { "Move the pointer to a screen point (hover). " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        try await DesktopTools.perform(.move(to: Point(x: arguments.x, y: arguments.y)), on: desktop)
        return ToolOutput(text: DesktopTools.json(["moved": [arguments.x, arguments.y]]))
    }
}

struct DragTool: AgentTool {
    struct Arguments: ToolArguments {
        var path: [[Int]]
        static let descriptions = ["path": "Points [[x, y], ...] from the press to the release (at least two), in screen pixels."]
    }
    let desktop: X11Desktop
    let name = "drag"
    var description: String { "Press the left button at the first point, move through the others, release at the last. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        guard arguments.path.count >= 2, arguments.path.allSatisfy({ $0.count == 2 }) else {
            throw DesktopToolError("path needs at least two points, each [x, y]")
        }
        try await DesktopTools.perform(.drag(along: arguments.path.map { Point(x: $0[0], y: $0[1]) }, button: .left), on: desktop)
        return ToolOutput(text: DesktopTools.json(["dragged": arguments.path]))
    }
}

struct ScrollTool: AgentTool {
    struct Arguments: ToolArguments {
        var dx: Int?
        var dy: Int?
        var x: Int?
        var y: Int?
        static let descriptions = [
            "dy": "Notches down (negative: up).", "dx": "Notches right (negative: left).",
            "x": "Move the pointer here first (with y).", "y": "Move the pointer here first (with x).",
        ]
    }
    let desktop: X11Desktop
    let name = "scroll"
    var description: String { "Turn the mouse wheel, at a point or where the pointer is. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let (dx, dy) = (arguments.dx ?? 0, arguments.dy ?? 0)
        guard dx != 0 || dy != 0 else { throw DesktopToolError("give dy (notches down, negative up) or dx") }
        let at = arguments.x.flatMap { x in arguments.y.map { Point(x: x, y: $0) } }
        try await DesktopTools.perform(.scroll(dx: dx, dy: dy, at: at), on: desktop)
        return ToolOutput(text: DesktopTools.json(["scrolled": ["dx": dx, "dy": dy]]))
    }
}

struct KeyTool: AgentTool {
    struct Arguments: ToolArguments {
        var keys: [String]
        static let descriptions = ["keys": "Combinations tapped one after another, e.g. [\"ctrl+s\"] or [\"Tab\", \"Return\"]."]
    }
    let desktop: X11Desktop
    let name = "key"
    var description: String {
        "Tap key combinations: letters, digits, punctuation, F1-F24, Return, Tab, Escape, BackSpace, Delete, arrows, "
            + "Home, End, PageUp, PageDown, any X keysym, with ctrl, alt, shift, super."
    }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        guard !arguments.keys.isEmpty else { throw DesktopToolError("keys needs at least one combination, e.g. [\"ctrl+s\"]") }
        let combos = try arguments.keys.map { text throws -> KeyCombo in try KeyCombo(parsing: text) }
        for combo in combos { try await DesktopTools.perform(.key(combo), on: desktop) }
        return ToolOutput(text: DesktopTools.json(["pressed": combos.map(\.description)]))
    }
}

struct TypeTool: AgentTool {
    struct Arguments: ToolArguments {
        var text: String
        static let descriptions = ["text": "The text, typed exactly (any Unicode; \\n is Return)."]
    }
    let desktop: X11Desktop
    let secrets: Secrets
    let name = "type"
    let description = "Type text into the focused window, exactly, including characters the keyboard layout lacks. "
        + "{{secret:NAME}} types a secret the server was started with (--secret NAME=ENV), which is never sent back."
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        try await DesktopTools.perform(.type(try secrets.reveal(in: arguments.text)), on: desktop)
        await desktop.restoreKeymap()
        // The text itself is not echoed: it may be a secret.
        return ToolOutput(text: DesktopTools.json(["typed_characters": arguments.text.count]))
    }
}

struct NoArguments: ToolArguments {}

struct CursorTool: AgentTool {
    typealias Arguments = NoArguments
    let desktop: X11Desktop
    let name = "cursor"
    var description: String { "Where the pointer is. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let point = try await desktop.cursorPosition()
        return ToolOutput(text: DesktopTools.json(["x": point.x, "y": point.y]))
    }
}

struct WindowsTool: AgentTool {
    typealias Arguments = NoArguments
    let desktop: X11Desktop
    let name = "windows"
    var description: String { "The visible top-level windows, topmost first: title, class, process id, frame, and which is focused. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let windows = try await desktop.windows().reversed()
        let active = try await desktop.activeWindow()?.id
        let list: [[String: Any]] = windows.map { window in
            ["id": window.id, "title": window.title, "class": window.className, "pid": window.pid as Any,
             "frame": DesktopTools.box(window.frame), "focused": window.id == active]
        }
        return ToolOutput(text: DesktopTools.json(["windows": list]))
    }
}

struct FocusTool: AgentTool {
    struct Arguments: ToolArguments {
        var title: String
        static let descriptions = ["title": "Part of the window's title or class (any case); it must match one window."]
    }
    let desktop: X11Desktop
    let name = "focus"
    let description = "Raise a window and give it the keyboard focus, by part of its title or class."
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let matching = try await desktop.windows().reversed().filter { $0.matches(arguments.title) }
        guard let window = matching.first else {
            let titles = try await desktop.windows().map(\.title)
            throw DesktopToolError("no visible window's title or class contains '\(arguments.title)'; the windows are \(titles)")
        }
        guard matching.count == 1 else {
            throw DesktopToolError("\(matching.count) windows match '\(arguments.title)': \(matching.map(\.title)); give more of the title")
        }
        try await desktop.focus(window)
        return ToolOutput(text: DesktopTools.json(["focused": window.title, "id": window.id]))
    }
}

struct LocateTextTool: AgentTool {
    struct Arguments: ToolArguments {
        var text: String
        var exact: Bool?
        var region: [Int]?
        static let descriptions = [
            "text": "The words to find (case and surrounding punctuation ignored).",
            "exact": "false also accepts near misses (OCR errors, typos); default true.",
            "region": "Only this part of the screen: [x, y, width, height].",
        ]
    }
    let desktop: X11Desktop
    let recognizer: TextRecognizer
    let name = "locate_text"
    var description: String {
        "Find text on the screen by OCR: every match, best first (the whole label above part of a longer one), with its "
            + "centre and box. " + DesktopTools.contract
    }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let region = try ReadTextTool.rect(arguments.region)
        let screen = try await desktop.screenshot()
        let matches = try await recognizer.locate(arguments.text, in: screen, region: region, exact: arguments.exact ?? true)
        guard !matches.isEmpty else {
            let near = try await recognizer.locate(arguments.text, in: screen, region: region, exact: false).first
            throw DesktopToolError("'\(arguments.text)' is not on the screen" + (near.map { "; the closest text OCR read is '\($0.text)' at (\($0.box.center.x), \($0.box.center.y))" } ?? ""))
        }
        let list: [[String: Any]] = matches.map { match in
            ["text": match.text, "x": match.box.center.x, "y": match.box.center.y, "box": DesktopTools.box(match.box),
             "score": match.score, "why": match.reason]
        }
        return ToolOutput(text: DesktopTools.json(["matches": list]))
    }
}

struct LocateImageTool: AgentTool {
    struct Arguments: ToolArguments {
        var image: String
        var threshold: Double?
        var region: [Int]?
        static let descriptions = [
            "image": "The picture to find: a PNG, base64 — cut from a screenshot taken at scale 1 (max_dimension large enough), so its pixels are screen pixels.",
            "threshold": "The lowest similarity that counts, 0…1 (default 0.9).",
            "region": "Only this part of the screen: [x, y, width, height].",
        ]
    }
    let desktop: X11Desktop
    let name = "locate_image"
    var description: String { "Find a picture on the screen (template matching on grey): every match, best first, with its centre and box. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        guard let data = Data(base64Encoded: arguments.image, options: .ignoreUnknownCharacters) else { throw DesktopToolError("image is not base64") }
        let needle: Image
        do { needle = try Image(pngData: [UInt8](data)) } catch { throw DesktopToolError("image is not a PNG: \(error)") }
        let threshold = arguments.threshold ?? 0.9
        guard (0...1).contains(threshold) else { throw DesktopToolError("threshold must be within 0…1 (got \(threshold))") }
        let matches = try TemplateMatcher(threshold: threshold).matches(of: needle, in: try await desktop.screenshot(), region: try ReadTextTool.rect(arguments.region))
        guard !matches.isEmpty else {
            throw DesktopToolError("the \(needle.width)x\(needle.height) picture is not on the screen at similarity ≥ \(threshold); a picture cut from a scaled screenshot has the wrong size: take it with max_dimension large enough for scale 1")
        }
        let list: [[String: Any]] = matches.map { ["x": $0.center.x, "y": $0.center.y, "box": DesktopTools.box($0.rect), "score": $0.score] }
        return ToolOutput(text: DesktopTools.json(["matches": list]))
    }
}

struct ReadTextTool: AgentTool {
    struct Arguments: ToolArguments {
        var region: [Int]?
        static let descriptions = ["region": "Only this part of the screen: [x, y, width, height]."]
    }
    let desktop: X11Desktop
    let recognizer: TextRecognizer
    let name = "read_text"
    var description: String { "Read the text on the screen (or a region) by OCR: lines with their boxes and words. " + DesktopTools.contract }

    static func rect(_ box: [Int]?) throws -> Rect? {
        guard let box else { return nil }
        guard box.count == 4, box[2] > 0, box[3] > 0 else { throw DesktopToolError("region is [x, y, width, height] with a positive width and height") }
        return Rect(x: box[0], y: box[1], width: box[2], height: box[3])
    }

    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let lines = try await recognizer.recognize(try await desktop.screenshot(), region: try Self.rect(arguments.region))
        let list: [[String: Any]] = lines.map { ["text": $0.text, "box": DesktopTools.box($0.box), "confidence": Int($0.confidence)] }
        return ToolOutput(text: DesktopTools.json(["lines": list]))
    }
}

struct WaitForTextTool: AgentTool {
    struct Arguments: ToolArguments {
        var text: String
        var timeout: Double?
        static let descriptions = ["text": "The words to wait for.", "timeout": "Seconds to wait at most (default 10, at most 120)."]
    }
    let desktop: X11Desktop
    let recognizer: TextRecognizer
    let name = "wait_for_text"
    var description: String { "Wait until text appears on the screen (OCR, checked every 0.2 s); returns where. " + DesktopTools.contract }
    func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
        let timeout = arguments.timeout ?? 10
        guard timeout > 0, timeout <= 120 else { throw DesktopToolError("timeout must be more than 0 and at most 120 seconds") }
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while true {
            if let match = try await recognizer.locate(arguments.text, in: try await desktop.screenshot()).first {
                return ToolOutput(text: DesktopTools.json(["text": match.text, "x": match.box.center.x, "y": match.box.center.y, "box": DesktopTools.box(match.box)]))
            }
            guard ContinuousClock.now < deadline else { throw DesktopToolError("'\(arguments.text)' did not appear within \(timeout) s") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}

/// A tool call that cannot be done as asked: the message is the tool result the client sees.
struct DesktopToolError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
