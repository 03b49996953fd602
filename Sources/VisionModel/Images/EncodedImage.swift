public import Imaging

/// An image ready for a request: its PNG bytes, its size and a perceptual hash, kept typed until the
/// request body is written. The base64 text is made once, here — a step's request carries the last few
/// screenshots again, and base64 of a megabyte is not free — and nothing downstream decodes it again to
/// learn the size (token counts) or the look (cassette keys).
public struct EncodedImage: Sendable, Hashable, CustomStringConvertible {
    /// The PNG file's bytes.
    public let png: [UInt8]
    /// Its size in pixels.
    public let size: Size
    /// The 64-bit difference hash of its pixels (``Imaging/Image/perceptualHash``).
    public let perceptualHash: UInt64
    /// `data:image/png;base64,…`, the form every OpenAI-compatible server takes.
    public let dataURL: String
    /// OpenAI's `detail` (`low`, `high`, `auto`), sent with the image when set; other servers ignore it.
    public var detail: String?

    /// `image` encoded as PNG with `compression`.
    ///
    /// - Throws: ``ImagingError`` when encoding fails.
    public init(_ image: Image, compression: PNGCompression = .fast) throws(ImagingError) {
        self.init(png: try image.pngData(compression), size: image.size, perceptualHash: image.perceptualHash)
    }

    /// An image already encoded as `png`, of `size`, with its `perceptualHash`.
    public init(png: [UInt8], size: Size, perceptualHash: UInt64) {
        self.png = png
        self.size = size
        self.perceptualHash = perceptualHash
        dataURL = "data:image/png;base64," + Base64.encode(png)
    }

    /// An image that stands for another in a request being encoded: its data URL is `placeholder`.
    init(placeholder: String, of image: EncodedImage) {
        png = []
        size = image.size
        perceptualHash = image.perceptualHash
        dataURL = placeholder
        detail = image.detail
    }

    /// `WxH PNG (N bytes)`.
    public var description: String { "\(size) PNG (\(png.count) bytes)" }

    public static func == (a: EncodedImage, b: EncodedImage) -> Bool {
        a.size == b.size && a.perceptualHash == b.perceptualHash && a.detail == b.detail && a.png == b.png
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(perceptualHash)
    }
}
