/// Everything that can go wrong in `Imaging`. Each case's ``description`` is one line that says what
/// happened, where, and what to do about it.
public enum ImagingError: Error, CustomStringConvertible, Equatable {
    /// Bytes that should hold a PNG could not be decoded; `reason` names the problem, the size and, for a
    /// file, its path.
    case invalidPNG(reason: String)
    /// An image could not be encoded as PNG.
    case pngEncodingFailed(reason: String)
    /// A file could not be read.
    case fileUnreadable(path: String, reason: String)
    /// A file could not be written.
    case fileUnwritable(path: String, reason: String)
    /// A region (`x`, `y`, `width`, `height`) does not lie inside an `imageWidth`×`imageHeight` image.
    case outOfBounds(x: Int, y: Int, width: Int, height: Int, imageWidth: Int, imageHeight: Int)
    /// Two images that must have the same size do not.
    case sizeMismatch(width: Int, height: Int, otherWidth: Int, otherHeight: Int)

    /// One readable line: what happened, where, and what to do.
    public var description: String {
        switch self {
        case .invalidPNG(let reason):
            "Cannot decode PNG: \(reason) — is the file truncated or not a PNG?"
        case .pngEncodingFailed(let reason):
            "Cannot encode PNG: \(reason) — check the image's size and the free memory."
        case .fileUnreadable(let path, let reason):
            "Cannot read PNG file \(path): \(reason) — check that the path exists and is a readable file."
        case .fileUnwritable(let path, let reason):
            "Cannot write PNG file \(path): \(reason) — check that the folder exists and is writable."
        case .outOfBounds(let x, let y, let width, let height, let imageWidth, let imageHeight):
            "Region \(width)×\(height) at (\(x), \(y)) is outside the \(imageWidth)×\(imageHeight) image"
                + " — keep x, y, width, height ≥ 0, x + width ≤ \(imageWidth) and y + height ≤ \(imageHeight)."
        case .sizeMismatch(let width, let height, let otherWidth, let otherHeight):
            "Cannot compare a \(width)×\(height) image with a \(otherWidth)×\(otherHeight) one: sizes differ"
                + " — resize or crop one of them first."
        }
    }
}
