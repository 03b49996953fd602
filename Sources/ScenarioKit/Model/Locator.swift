public import Imaging

/// How a step names a place on the screen.
public enum Locator: Sendable, Hashable, CustomStringConvertible {
    /// Screen pixels.
    case point(Point)
    /// A phrase, found by OCR.
    case text(String, exact: Bool)
    /// A needle image (a path relative to the scenario file), found by template matching.
    case image(path: String, threshold: Double)
    /// A description the vision model grounds ("the Submit button"); needs a model or a cassette.
    case target(String)
    /// A place recorded from an agent run: its screen point and a needle cut around it, with its OCR text
    /// and a description as fallbacks. Found by the needle at the recorded place first, then by the needle
    /// anywhere (the UI moved), then by the text, then — with a model — by grounding the description.
    case recorded(point: Point, needle: String, text: String?, target: String?)

    public var description: String {
        switch self {
        case .point(let point): "(\(point.x), \(point.y))"
        case .text(let text, let exact): "text \(text.debugDescription)" + (exact ? "" : " (fuzzy)")
        case .image(let path, _): "image \(path)"
        case .target(let description): "target \(description.debugDescription)"
        case .recorded(let point, let needle, let text, _):
            "recorded place (\(point.x), \(point.y)) \(needle)" + (text.map { " \($0.debugDescription)" } ?? "")
        }
    }
}

/// A locator with what narrows it down: which of several matches (`nth`, from 1) and where to look (`within`).
public struct PlaceQuery: Sendable, Hashable, CustomStringConvertible {
    /// What to find.
    public var locator: Locator
    /// Which match, from 1 (top to bottom, left to right for text; best first for images); nil takes the
    /// only or best one.
    public var nth: Int?
    /// Only this part of the screen.
    public var within: Rect?

    /// A query for `locator`.
    public init(_ locator: Locator, nth: Int? = nil, within: Rect? = nil) {
        self.locator = locator
        self.nth = nth
        self.within = within
    }

    public var description: String {
        var text = locator.description
        if let nth { text += " #\(nth)" }
        if let within { text += " within \(within)" }
        return text
    }
}
