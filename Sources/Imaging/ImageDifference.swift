/// How two images of the same size differ; made by ``Image/difference(from:tolerance:)``.
public struct ImageDifference: Sendable {
    /// The mean absolute difference of the red, green and blue channels over all pixels, 0...255.
    public let meanDifference: Double
    /// How many pixels differ by more than the tolerance in red, green or blue.
    public let pixelsBeyondTolerance: Int
    /// How many pixels were compared.
    public let totalPixels: Int
    /// ``pixelsBeyondTolerance`` as a fraction of ``totalPixels`` (0 for empty images).
    public var fractionBeyondTolerance: Double {
        totalPixels == 0 ? 0 : Double(pixelsBeyondTolerance) / Double(totalPixels)
    }
    /// A picture of the difference, the size of the compared images: pixels beyond the tolerance in pure
    /// red (255, 0, 0) over a dimmed grey copy of the first image (grey values 0...127).
    public let diffImage: Image
}
