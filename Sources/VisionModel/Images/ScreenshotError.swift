public import Imaging

/// Why a screenshot cannot be prepared for the model. Each ``description`` is one line: what happened and
/// what to do.
public enum ScreenshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The image has no pixels.
    case emptyImage(Size)
    /// The image is more elongated than the model accepts (long side / short side > `limit`).
    case aspectRatioTooLarge(Size, limit: Double)
    /// The resized image could not be encoded as PNG.
    case encodingFailed(ImagingError)

    /// One readable line.
    public var description: String {
        switch self {
        case .emptyImage(let size):
            "Cannot send a \(size) screenshot to the model: it has no pixels — check the capture (is the screen or window mapped?)."
        case .aspectRatioTooLarge(let size, let limit):
            "Cannot send a \(size) screenshot to the model: its long side is more than \(Int(limit)) times its short side"
                + " — capture a less elongated region."
        case .encodingFailed(let error):
            "Cannot encode the screenshot for the model: \(error)"
        }
    }
}
