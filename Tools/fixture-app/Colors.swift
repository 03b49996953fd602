/// A 24-bit sRGB colour.
struct RGB: Equatable, Hashable {
    let red: UInt8
    let green: UInt8
    let blue: UInt8

    /// From `0xRRGGBB`.
    init(_ hex: UInt32) {
        red = UInt8((hex >> 16) & 0xFF)
        green = UInt8((hex >> 8) & 0xFF)
        blue = UInt8(hex & 0xFF)
    }

    /// `#RRGGBB`, upper-case, as written in layout output.
    var hexString: String {
        "#" + hex((UInt32(red) << 16) | (UInt32(green) << 8) | UInt32(blue), digits: 6)
    }
}

/// The colours the scenes use for their chrome. The colors scene has its own exact patch colours.
enum UIColor {
    static let background = RGB(0xD8D8D8)
    static let text = RGB(0x000000)
    static let buttonFace = RGB(0xF4F4F4)
    static let border = RGB(0x303030)
    static let fieldFace = RGB(0xFFFFFF)
    static let fieldBorder = RGB(0x7A7A7A)
    static let focusBorder = RGB(0x1F5FD0)
    static let listFace = RGB(0xFFFFFF)
    static let rowSeparator = RGB(0xE2E2E2)
    static let selectedRow = RGB(0xA8C8FF)
    static let scrollThumb = RGB(0x9A9A9A)
    static let square = RGB(0x1F5FD0)
    static let binFace = RGB(0xFFF4CC)
}
