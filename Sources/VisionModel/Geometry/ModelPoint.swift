/// A point as the model wrote it, in the model's coordinate space: 0…1000 on both axes for Qwen3-VL, pixels
/// of the image it was sent for Qwen2.5-VL. A ``ModelProfile`` maps it to a ``ScreenPoint``.
public struct ModelPoint: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Horizontal position, from the left.
    public var x: Double
    /// Vertical position, from the top.
    public var y: Double

    /// A point at `x`, `y`.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public var description: String { "[\(JSONValue.number(x)), \(JSONValue.number(y))]" }
}
