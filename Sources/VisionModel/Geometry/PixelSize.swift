/// A width and a height in pixels: of the screen, or of the image sent to the model.
public struct PixelSize: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A size of `width` × `height`.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `width * height`.
    public var area: Int { width * height }

    public var description: String { "\(width)x\(height)" }
}
