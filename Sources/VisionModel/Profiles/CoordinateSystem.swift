public import Imaging

/// What a model's coordinates mean, and how they become screen pixels.
public enum CoordinateSystem: Sendable, Hashable, CustomStringConvertible {
    /// 0…`extent` on both axes whatever the image (Qwen3-VL: 1000). The prompt states the screen as
    /// `extent`×`extent`; a point maps as `x / extent × screen width`.
    case normalized(extent: Int)
    /// Pixels of the image the model was sent (Qwen2.5-VL). The prompt states the image's size; a point maps
    /// as `x × screen width / image width`.
    case imagePixels

    /// The space points lie in when the model is sent an `imageSize` image: `0…width` × `0…height`.
    public func extent(imageSize: Size) -> Size {
        switch self {
        case .normalized(let extent): Size(width: extent, height: extent)
        case .imagePixels: imageSize
        }
    }

    /// Where `point` lies on a `screen`-sized screen when the model was sent an `imageSize` image: clamped to
    /// the space, scaled, rounded, and clamped to the screen (a slight overshoot lands on the edge). NaN maps
    /// to 0.
    public func screenPoint(_ point: ModelPoint, imageSize: Size, screen: Size) -> Point {
        let space = extent(imageSize: imageSize)
        return Point(x: Self.pixel(point.x, extent: space.width, screen: screen.width),
                     y: Self.pixel(point.y, extent: space.height, screen: screen.height))
    }

    /// `value` in `0…extent` as a pixel in `0..<screen`.
    static func pixel(_ value: Double, extent: Int, screen: Int) -> Int {
        guard screen > 0, extent > 0, !value.isNaN else { return 0 }
        let clamped = min(max(value, 0), Double(extent))
        let scaled = (clamped * Double(screen) / Double(extent)).rounded(.toNearestOrAwayFromZero)
        return min(max(Int(scaled), 0), screen - 1)
    }

    /// `0–1000 normalized` or `image pixels`.
    public var description: String {
        switch self {
        case .normalized(let extent): "0–\(extent) normalized"
        case .imagePixels: "pixels of the sent image"
        }
    }
}
