/// A point on the screen in screen pixels from the top-left corner: what input events address.
public struct ScreenPoint: Sendable, Hashable, Codable, CustomStringConvertible {
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
