/// An axis-aligned rectangle in window coordinates (pixels, origin at the window's top-left corner).
struct Rect: Equatable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    var maxX: Int { x + width }
    var maxY: Int { y + height }

    /// Whether the pixel at (`px`, `py`) lies inside: left/top edges inclusive, right/bottom exclusive.
    func contains(_ px: Int, _ py: Int) -> Bool {
        px >= x && px < maxX && py >= y && py < maxY
    }

    /// The rectangle shrunk by `amount` on every side (never below zero size).
    func insetBy(_ amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: max(0, width - 2 * amount), height: max(0, height - 2 * amount))
    }
}

/// Maps a rectangle drawn on the 800×600 design canvas onto a window of any size.
///
/// Each edge is scaled independently and rounded down (`edge * size / design`), and the width is the
/// difference of the scaled edges. So rectangles that touch on the design canvas still touch after
/// scaling, and at 800×600 every rectangle is exactly its design value. Layout therefore depends on the
/// window size only, never on fonts.
struct DesignScale {
    static let designWidth = 800
    static let designHeight = 600

    let width: Int
    let height: Int

    func x(_ designX: Int) -> Int { designX * width / DesignScale.designWidth }
    func y(_ designY: Int) -> Int { designY * height / DesignScale.designHeight }

    /// The window rectangle for the design rectangle (`x`, `y`, `w`, `h`).
    func rect(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> Rect {
        let left = self.x(x), top = self.y(y)
        return Rect(x: left, y: top, width: self.x(x + w) - left, height: self.y(y + h) - top)
    }
}
