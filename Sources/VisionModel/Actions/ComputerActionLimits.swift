/// What ``ComputerAction/init(arguments:limits:)`` accepts: the model's coordinate space and the longest
/// text.
public struct ComputerActionLimits: Sendable, Hashable {
    /// The extent of the model's coordinates: valid points lie in `0…width` × `0…height` (1000×1000 for
    /// Qwen3-VL, the sent image's size for Qwen2.5-VL).
    public var coordinateSpace: PixelSize
    /// How far outside the space a coordinate may lie, as a fraction of the side, and still be accepted
    /// (and later clamped): models overshoot by a little (spec §2: "values slightly above 1000 (clamp them)").
    /// Beyond it the model is using another coordinate system, and the action is rejected.
    public var tolerance: Double
    /// The most characters `type` and `answer` may carry.
    public var maxTextLength: Int

    /// Limits for `coordinateSpace`; by default 5 % of slack and 5000 characters of text.
    public init(coordinateSpace: PixelSize = PixelSize(width: 1000, height: 1000), tolerance: Double = 0.05, maxTextLength: Int = 5000) {
        self.coordinateSpace = coordinateSpace
        self.tolerance = tolerance
        self.maxTextLength = maxTextLength
    }
}
