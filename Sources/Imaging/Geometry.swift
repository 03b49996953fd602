import Foundation

/// A position in pixels from the top-left corner: of the screen, or of an image (the same thing for a
/// screenshot). Every module of Deskpilot uses this one type; only a model's own coordinates (see
/// `ModelPoint` in VisionModel) are a type of their own, since they mean another space.
public struct Point: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Pixels from the left edge.
    public var x: Int
    /// Pixels from the top edge.
    public var y: Int

    /// A point at `x`, `y`.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    public var description: String { "(\(x), \(y))" }
}

/// A width and a height, in pixels: of the screen, of an image, of the image sent to a model.
public struct Size: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A size of `width` × `height`.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `width * height`.
    public var area: Int { width * height }

    public var description: String { "\(width)x\(height)" }
}

/// An axis-aligned rectangle in pixels (of the screen or of an image): origin at the top-left corner, right and
/// bottom edges excluded.
public struct Rect: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Left edge.
    public var x: Int
    /// Top edge.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A rectangle with its top-left corner at `x`, `y`.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The centre, rounded down: where a click on the thing inside should go.
    public var center: Point { Point(x: x + width / 2, y: y + height / 2) }

    /// One past the right edge.
    public var maxX: Int { x + width }

    /// One past the bottom edge.
    public var maxY: Int { y + height }

    /// The size.
    public var size: Size { Size(width: width, height: height) }

    /// Whether the rectangle covers no pixel.
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The smallest rectangle that holds both.
    public func union(_ other: Rect) -> Rect {
        let left = min(x, other.x), top = min(y, other.y)
        return Rect(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    /// The rectangle moved by `dx`, `dy`.
    public func offsetBy(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width, height: height)
    }

    /// Whether `point` lies inside (right and bottom edges excluded).
    public func contains(_ point: Point) -> Bool {
        point.x >= x && point.y >= y && point.x < x + width && point.y < y + height
    }

    /// Whether `other` lies entirely inside this rectangle.
    public func contains(_ other: Rect) -> Bool {
        other.x >= x && other.y >= y && other.x + other.width <= x + width && other.y + other.height <= y + height
    }

    /// The part both rectangles cover, or nil when they share no pixel.
    public func intersection(_ other: Rect) -> Rect? {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(x + width, other.x + other.width), bottom = min(y + height, other.y + other.height)
        guard right > left, bottom > top else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Whether the two rectangles share at least one pixel.
    public func intersects(_ other: Rect) -> Bool {
        other.x < x + width && x < other.x + other.width && other.y < y + height && y < other.y + other.height
    }

    /// `WxH+X+Y`, as X11 geometry strings are written.
    public var description: String { "\(width)x\(height)+\(x)+\(y)" }

    /// Parses `X,Y,W,H` (the command line's form). Returns nil when it is not four integers with W, H > 0.
    public init?(commaSeparated text: String) {
        let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 4, let x = parts[0], let y = parts[1], let w = parts[2], let h = parts[3], w > 0, h > 0
        else { return nil }
        self.init(x: x, y: y, width: w, height: h)
    }
}
