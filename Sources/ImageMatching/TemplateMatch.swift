public import Imaging

/// One place where a needle image was found.
public struct TemplateMatch: Sendable, Hashable, CustomStringConvertible {
    /// Where the needle lies, in the pixels of the image searched.
    public var rect: Rect
    /// The normalized cross-correlation there, −1…1 (1 is a perfect match, up to brightness and contrast).
    public var score: Double

    /// A match at `rect` with `score`.
    public init(rect: Rect, score: Double) {
        self.rect = rect
        self.score = score
    }

    /// The point to click: the middle of ``rect``.
    public var center: Point { rect.center }

    public var description: String { "\(rect) score \((score * 1000).rounded() / 1000)" }
}
