/// Maps one coordinate from a model's space to screen pixels (spec §2): clamp to the space, scale, round,
/// clamp to the screen.
enum CoordinateScaling {
    /// `value` in `0…extent` as a pixel in `0..<screen`: `round(value × screen / extent)`, clamped. NaN maps
    /// to 0.
    static func pixel(_ value: Double, extent: Int, screen: Int) -> Int {
        guard screen > 0, extent > 0, !value.isNaN else { return 0 }
        let clamped = min(max(value, 0), Double(extent))
        let scaled = (clamped * Double(screen) / Double(extent)).rounded(.toNearestOrAwayFromZero)
        return min(max(Int(scaled), 0), screen - 1)
    }

    /// `point` in a `space`-sized coordinate space as a point on a `screen`-sized screen.
    static func screenPoint(_ point: ModelPoint, space: PixelSize, screen: PixelSize) -> ScreenPoint {
        ScreenPoint(x: pixel(point.x, extent: space.width, screen: screen.width), y: pixel(point.y, extent: space.height, screen: screen.height))
    }
}
