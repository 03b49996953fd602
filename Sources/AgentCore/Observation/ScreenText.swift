public import DesktopKit
public import Imaging

/// The screen as text, for models that cannot see it (a planner) or that point by number (set-of-marks):
/// the elements on it — OCR lines today, accessibility nodes once they exist — with their boxes in screen
/// pixels, the windows, and the focused one.
public struct ScreenText: Sendable, Hashable {
    /// The elements, in reading order, numbered from 1.
    public var elements: [ScreenElement]
    /// The visible top-level windows, topmost first.
    public var windows: [WindowInfo]
    /// The window with the input focus.
    public var focused: WindowInfo?

    /// A text view of `elements`, `windows` and `focused`.
    public init(elements: [ScreenElement], windows: [WindowInfo] = [], focused: WindowInfo? = nil) {
        self.elements = elements
        self.windows = windows
        self.focused = focused
    }

    /// The element numbered `id`, or nil.
    public func element(_ id: Int) -> ScreenElement? {
        elements.first { $0.id == id }
    }

    /// The elements one a line, `[ID] KIND "TEXT" at (X, Y, W, H)`, then the windows and the focus; within
    /// `budget` tokens (at 4 characters a token). A list too long for it is cut, with a line saying how many
    /// elements were left out, so a 32k-token model keeps room to think.
    public func listing(budget: Int = 8000) -> String {
        var windowLines = windows.map { "- " + Self.describe($0) }
        windowLines = windowLines.isEmpty ? ["- (none reported)"] : windowLines
        let tail = "\nWindows (topmost first):\n" + windowLines.joined(separator: "\n")
            + "\nFocused window: " + (focused.map(Self.describe) ?? "none")
        let room = max(0, budget * 4 - tail.utf8.count - 260)  // the heading and the note of what was left out
        var lines: [String] = []
        var used = 0
        for element in elements {
            let line = element.line
            guard used + line.utf8.count + 1 <= room else { break }
            lines.append(line)
            used += line.utf8.count + 1
        }
        let head = "Elements on the screen (screen pixels: x, y of the top-left corner, width, height):"
        var text = head + "\n" + (lines.isEmpty ? "(no text read on the screen)" : lines.joined(separator: "\n"))
        if lines.count < elements.count {
            text += "\n(\(elements.count - lines.count) more elements left out to fit the context; name a target by description instead)"
        }
        return text + tail
    }

    static func describe(_ window: WindowInfo) -> String {
        let frame = window.frame
        return "\(SafeText.jsonString(window.title)) (\(window.instanceName)/\(window.className)) at (\(frame.x), \(frame.y), \(frame.width), \(frame.height))"
    }
}

/// One thing on the screen a model can name: an OCR line (kind `text`) today.
public struct ScreenElement: Sendable, Hashable {
    /// Its number in the listing, from 1.
    public var id: Int
    /// What it is: `text` for a line OCR read.
    public var kind: String
    /// What it says.
    public var text: String
    /// Where it is, in screen pixels.
    public var frame: Rect

    /// An element.
    public init(id: Int, kind: String, text: String, frame: Rect) {
        self.id = id
        self.kind = kind
        self.text = text
        self.frame = frame
    }

    /// `[12] text "Submit" at (330, 370, 60, 18)`.
    public var line: String {
        "[\(id)] \(kind) \(SafeText.jsonString(text)) at (\(frame.x), \(frame.y), \(frame.width), \(frame.height))"
    }
}
