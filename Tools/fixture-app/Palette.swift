import CX11

/// Turns colours into pixel values for the default visual.
///
/// On a TrueColor visual (Xvfb depth 24) the pixel is computed from the visual's channel masks, so
/// colours are exact and need no colormap; otherwise each colour is allocated with `XAllocColor`.
final class Palette {
    private let display: OpaquePointer
    private let colormap: Colormap
    /// The visual's channel masks, or nil when the visual is not TrueColor.
    let masks: (red: UInt, green: UInt, blue: UInt)?
    private var cache: [RGB: UInt] = [:]

    init(display: OpaquePointer, screen: Int32) {
        self.display = display
        colormap = XDefaultColormap(display, screen)
        if let visual = XDefaultVisual(display, screen), visual.pointee.class == TrueColor {
            masks = (visual.pointee.red_mask, visual.pointee.green_mask, visual.pointee.blue_mask)
        } else {
            masks = nil
        }
    }

    /// The pixel value for `color`.
    func pixel(_ color: RGB) -> UInt {
        if let known = cache[color] { return known }
        let value: UInt
        if let masks {
            value = Palette.channel(color.red, mask: masks.red)
                | Palette.channel(color.green, mask: masks.green)
                | Palette.channel(color.blue, mask: masks.blue)
        } else {
            var xcolor = XColor()
            xcolor.red = UInt16(color.red) * 257
            xcolor.green = UInt16(color.green) * 257
            xcolor.blue = UInt16(color.blue) * 257
            xcolor.flags = CChar(DoRed | DoGreen | DoBlue)
            value = XAllocColor(display, colormap, &xcolor) != 0 ? xcolor.pixel : XBlackPixel(display, XDefaultScreen(display))
        }
        cache[color] = value
        return value
    }

    /// The pixel value for `0xRRGGBB` on a TrueColor visual (nil on other visuals); not cached.
    func trueColorPixel(_ rgb: UInt32) -> UInt? {
        guard let masks else { return nil }
        return Palette.channel(UInt8(truncatingIfNeeded: rgb >> 16), mask: masks.red)
            | Palette.channel(UInt8(truncatingIfNeeded: rgb >> 8), mask: masks.green)
            | Palette.channel(UInt8(truncatingIfNeeded: rgb), mask: masks.blue)
    }

    /// An 8-bit channel value scaled to the mask's width and shifted into place.
    private static func channel(_ value: UInt8, mask: UInt) -> UInt {
        guard mask != 0 else { return 0 }
        let shift = mask.trailingZeroBitCount
        let maximum = (mask >> shift)
        return (((UInt(value) * maximum + 127) / 255) << shift) & mask
    }
}
