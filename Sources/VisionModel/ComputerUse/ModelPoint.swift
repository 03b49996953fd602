/// A point as a model wrote it, in the model's own coordinate space: 0…1000 on both axes for Qwen3-VL,
/// pixels of the image it was sent for Qwen2.5-VL. It is a type of its own because it is not a screen
/// position until a ``CoordinateSystem`` maps it to one.
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

    /// `[x, y]`, as the model writes it.
    public var description: String { "[\(JSONValue.number(x)), \(JSONValue.number(y))]" }
}
