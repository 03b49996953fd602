public import Imaging

/// Qwen-VL's `smart_resize`: the size an image is stretched to before the vision encoder sees
/// it — each side a multiple of ``factor``, the area within ``minPixels``…``maxPixels``, the aspect ratio
/// nearly kept.
///
/// A port of the Python in `qwen-vl-utils` and transformers, operation for operation, so the result is
/// exactly theirs: sides rounded to the nearest multiple half-to-even (Python's `round`), then, if the area
/// is over the budget, both sides scaled down by `sqrt(area / max)` and floored to a multiple; if under,
/// scaled up by `sqrt(min / area)` and ceiled. Sending an image of this size means no server resizes it again
/// (docs/models.md has the figures).
public struct SmartResize: ImageEncoding, Hashable {
    /// Sides are multiples of this: patch size × spatial merge (32 for Qwen3-VL, 28 for Qwen2.5-VL).
    public var factor: Int
    /// The smallest area, in pixels, an image is scaled up to.
    public var minPixels: Int
    /// The largest area, in pixels, an image is scaled down to.
    public var maxPixels: Int

    /// The most elongated image accepted: the long side over the short side.
    public static let maxAspectRatio = 200.0

    /// The resize for Qwen3-VL with Deskpilot's default budget: factor 32, 1024 to 1280 visual tokens
    /// (`1024*32*32`…`1280*32*32` pixels): enough for llama.cpp's grounding floor of 1024 tokens, and the cap
    /// OSWorld's Qwen3-VL agent uses.
    public static let qwen3VL = SmartResize(factor: 32, minPixels: 1024 * 32 * 32, maxPixels: 1280 * 32 * 32)

    /// The resize of Qwen2.5-VL's processor: factor 28, 3136…12,845,056 pixels.
    public static let qwen25VL = SmartResize(factor: 28, minPixels: 3136, maxPixels: 12_845_056)

    /// A resize to multiples of `factor` within `minPixels`…`maxPixels`.
    public init(factor: Int, minPixels: Int, maxPixels: Int) {
        precondition(factor > 0, "smart_resize factor must be positive, got \(factor)")
        precondition(minPixels >= 0 && minPixels <= maxPixels, "smart_resize needs 0 ≤ minPixels ≤ maxPixels, got \(minPixels)…\(maxPixels)")
        self.factor = factor
        self.minPixels = minPixels
        self.maxPixels = maxPixels
    }

    /// The size to send for an image of `size`.
    ///
    /// - Throws: ``ScreenshotError/emptyImage(_:)`` when a side is 0, ``ScreenshotError/aspectRatioTooLarge(_:limit:)``
    ///   when the long side is more than 200 times the short one (Python raises there too).
    public func size(for size: Size) throws(ScreenshotError) -> Size {
        let height = size.height
        let width = size.width
        guard height > 0, width > 0 else { throw .emptyImage(size) }
        guard Double(max(height, width)) / Double(min(height, width)) <= Self.maxAspectRatio else {
            throw .aspectRatioTooLarge(size, limit: Self.maxAspectRatio)
        }
        var hBar = max(factor, roundByFactor(Double(height)))
        var wBar = max(factor, roundByFactor(Double(width)))
        if hBar * wBar > maxPixels {
            let beta = (Double(height * width) / Double(maxPixels)).squareRoot()
            // qwen-vl-utils keeps a floor of one factor here; without it a very thin image would get a 0 side.
            hBar = max(factor, floorByFactor(Double(height) / beta))
            wBar = max(factor, floorByFactor(Double(width) / beta))
        } else if hBar * wBar < minPixels {
            let beta = (Double(minPixels) / Double(height * width)).squareRoot()
            hBar = ceilByFactor(Double(height) * beta)
            wBar = ceilByFactor(Double(width) * beta)
        }
        return Size(width: wBar, height: hBar)
    }

    /// The size to send for a `screen`-sized screenshot: ``size(for:)``.
    public func imageSize(forScreen screen: Size) throws(ScreenshotError) -> Size {
        try size(for: screen)
    }

    /// One token per `factor`-sided square of the sent image: ``tokens(for:)``.
    public func visualTokens(imageSize: Size) -> Int {
        tokens(for: imageSize)
    }

    /// The visual tokens of a `size` image: one per `factor`×`factor` square (a merged group of patches),
    /// partial squares counted whole.
    public func tokens(for size: Size) -> Int {
        ((size.width + factor - 1) / factor) * ((size.height + factor - 1) / factor)
    }

    /// `round(number / factor) * factor` with Python's half-to-even `round`.
    private func roundByFactor(_ number: Double) -> Int {
        Int((number / Double(factor)).rounded(.toNearestOrEven)) * factor
    }

    /// `math.floor(number / factor) * factor`.
    private func floorByFactor(_ number: Double) -> Int {
        Int((number / Double(factor)).rounded(.down)) * factor
    }

    /// `math.ceil(number / factor) * factor`.
    private func ceilByFactor(_ number: Double) -> Int {
        Int((number / Double(factor)).rounded(.up)) * factor
    }
}
