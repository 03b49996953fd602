/// A rectangle of text in screen pixels: the coordinates of the image that was passed to
/// ``TextRecognizer``, whatever region or scale the recognition used.
///
/// `TextRecognition` depends only on `Imaging`, so this is its own small type; converting it to
/// `DesktopKit`'s `Rect` is `Rect(x: box.x, y: box.y, width: box.width, height: box.height)`.
public struct TextBox: Sendable, Hashable, CustomStringConvertible {
    /// The left edge, in pixels from the image's left side.
    public var x: Int
    /// The top edge, in pixels from the image's top.
    public var y: Int
    /// The width in pixels.
    public var width: Int
    /// The height in pixels.
    public var height: Int

    /// A box whose top-left corner is (`x`, `y`).
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The centre pixel (rounded down): where a click on the text should go.
    public var center: (x: Int, y: Int) { (x + width / 2, y + height / 2) }

    /// One past the right edge.
    public var maxX: Int { x + width }

    /// One past the bottom edge.
    public var maxY: Int { y + height }

    /// Whether the box covers no pixels.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The smallest box that holds both boxes.
    public func union(_ other: TextBox) -> TextBox {
        let left = min(x, other.x), top = min(y, other.y)
        return TextBox(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    /// Whether the pixel (`px`, `py`) lies inside the box.
    public func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// `WxH+X+Y`, as X11 geometry strings are written.
    public var description: String { "\(width)x\(height)+\(x)+\(y)" }
}
