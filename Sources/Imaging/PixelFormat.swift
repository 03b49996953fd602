/// The order of a pixel's bytes in memory. Every format has 4 bytes per pixel.
public enum PixelFormat: Sendable, Hashable {
    /// Red, green, blue, alpha: what PNG decoding produces.
    case rgba
    /// Blue, green, red, alpha: what X11 `ZPixmap` images hold on little-endian machines (their fourth byte
    /// is padding and may be 0).
    case bgra

    /// The byte offset of red within a pixel.
    var redOffset: Int {
        switch self {
        case .rgba: 0
        case .bgra: 2
        }
    }

    /// The byte offset of blue within a pixel.
    var blueOffset: Int { 2 - redOffset }
}
