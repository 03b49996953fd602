public import Imaging

/// How OpenAI's vision models (GPT-4 Vision, GPT-4o and their kind) take an image, and what it costs.
///
/// At `low` detail the model sees a 512×512 thumbnail for 85 tokens. At `high` the image is fitted within
/// 2048×2048, then scaled so its short side is at most 768 pixels, and costs 85 tokens plus 170 per 512-pixel
/// tile: a 1920×1080 screen becomes 1365×768, 3×2 tiles, 1105 tokens. `auto` is counted as `high`. The image
/// is sent at that size, so the server has nothing to shrink and the model's pixel coordinates are the sent
/// image's.
public struct OpenAIImageTiles: ImageEncoding, Hashable {
    /// The `detail` of every image: `low`, `high` or `auto`.
    public var level: String

    /// The `detail` sent with each image.
    public var detail: String? { level }

    /// Images sent at `detail`.
    public init(detail: String = "high") {
        level = detail
    }

    /// The size the model sees at this detail (never larger than the screenshot).
    public func imageSize(forScreen screen: Size) throws(ScreenshotError) -> Size {
        guard screen.width > 0, screen.height > 0 else { throw .emptyImage(screen) }
        var width = Double(screen.width), height = Double(screen.height)
        func scale(_ factor: Double) {
            guard factor < 1 else { return }
            width *= factor
            height *= factor
        }
        if level == "low" {
            scale(512 / max(width, height))
        } else {
            scale(2048 / max(width, height))
            scale(768 / min(width, height))
        }
        return Size(width: max(1, Int(width.rounded())), height: max(1, Int(height.rounded())))
    }

    /// 85 at low detail; 85 + 170 per 512-pixel tile otherwise.
    public func visualTokens(imageSize: Size) -> Int {
        guard level != "low" else { return 85 }
        let tiles = ((imageSize.width + 511) / 512) * ((imageSize.height + 511) / 512)
        return 85 + 170 * tiles
    }
}
