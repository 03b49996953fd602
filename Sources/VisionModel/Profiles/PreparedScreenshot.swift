internal import Foundation

/// A screenshot made ready for the model: resized by the profile's rule and encoded as PNG, with both
/// sizes kept for mapping the model's coordinates back.
public struct PreparedScreenshot: Sendable, Hashable {
    /// The size of the captured screen (or region), in screen pixels.
    public var screenSize: PixelSize
    /// The size of the image sent to the model.
    public var sentSize: PixelSize
    /// The sent image as a PNG file's bytes.
    public let png: [UInt8]
    /// The image as a `data:image/png;base64,…` URL, the form every server accepts (spec §5). Encoded once
    /// here: a step's request carries the last few screenshots again, and base64 of a megabyte is not free.
    public let dataURL: String

    /// A screenshot of a `screenSize` screen sent as `png`, a `sentSize` image.
    public init(screenSize: PixelSize, sentSize: PixelSize, png: [UInt8]) {
        self.screenSize = screenSize
        self.sentSize = sentSize
        self.png = png
        dataURL = "data:image/png;base64," + Base64.encode(png)
    }
}
