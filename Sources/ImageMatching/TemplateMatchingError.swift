public import Imaging

/// Why a needle cannot be looked for.
public enum TemplateMatchingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The needle is one flat colour: it matches every flat area equally, so it says nothing about a place.
    case flatNeedle(width: Int, height: Int)
    /// The needle is larger than the area searched.
    case needleLargerThanArea(needle: Size, area: Rect)
    /// The area searched is not inside the image.
    case areaOutOfBounds(area: Rect, imageWidth: Int, imageHeight: Int)
    /// The threshold is outside 0…1.
    case invalidThreshold(Double)

    public var description: String {
        switch self {
        case .flatNeedle(let width, let height):
            "The \(width)x\(height) needle image is a single flat colour, which matches any flat area: crop it around something with detail (an icon, a label, a border)."
        case .needleLargerThanArea(let needle, let area):
            "The \(needle) needle is larger than the area searched (\(area)); search a larger region or crop the needle."
        case .areaOutOfBounds(let area, let width, let height):
            "The search region \(area) is not inside the \(width)x\(height) screen."
        case .invalidThreshold(let value):
            "The similarity threshold must be within 0…1 (got \(value)); 0.9 is a good default."
        }
    }
}
