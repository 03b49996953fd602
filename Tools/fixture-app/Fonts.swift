import CX11

/// A core X font, drawn with `XDrawString16` so any BMP character the font has (it is normally an
/// ISO 10646 font) shows; characters outside the BMP are drawn as `?`.
final class CoreFont {
    /// Bold 24-pixel Helvetica for every label (the unscaled 75 dpi bitmap: a bare `--24-*` pattern
    /// may match a server-scaled 100 dpi variant, which looks worse), then looser matches.
    static let labelCandidates = [
        "-adobe-helvetica-bold-r-normal--24-240-75-75-p-138-iso10646-1",
        "-*-helvetica-bold-r-normal--24-240-75-75-*-*-iso10646-1",
        "-*-helvetica-bold-r-normal--24-*-*-*-*-*-iso10646-1",
        "-*-helvetica-bold-r-normal--24-*-*-*-*-*-iso8859-1",
        "-*-*-bold-r-normal--24-*-*-*-p-*-iso10646-1",
        "-*-*-*-r-normal--24-*-*-*-*-*-*-*",
        "-*-*-*-*-*--24-*-*-*-*-*-*-*",
    ]
    /// A very large font for the keys scene: scalable Charter at 72 pixels, else the largest bitmap.
    static let hugeCandidates = [
        "-bitstream-bitstream charter-bold-r-normal--72-*-*-*-p-*-iso10646-1",
        "-*-*-bold-r-normal--72-*-*-*-p-*-iso10646-1",
        "-*-helvetica-bold-r-normal--34-*-*-*-*-*-iso10646-1",
    ]

    private let display: OpaquePointer
    private let font: UnsafeMutablePointer<XFontStruct>

    /// Loads the first candidate the server has, or nil if none (the caller may try `fixed`).
    init?(display: OpaquePointer, candidates: [String]) {
        for name in candidates {
            if let loaded = XLoadQueryFont(display, name) {
                self.display = display
                self.font = loaded
                return
            }
        }
        return nil
    }

    deinit {
        XFreeFont(display, font)
    }

    var fontID: Font { font.pointee.fid }
    var ascent: Int { Int(font.pointee.ascent) }
    var descent: Int { Int(font.pointee.descent) }

    /// `text` as 16-bit characters (big-endian byte pairs, as X wants them).
    func characters(_ text: String) -> [XChar2b] {
        text.unicodeScalars.map { scalar in
            let code = scalar.value <= 0xFFFF ? scalar.value : 0x3F
            return XChar2b(byte1: UInt8(code >> 8), byte2: UInt8(code & 0xFF))
        }
    }

    /// The drawn width of `characters` in pixels.
    func width(of characters: [XChar2b]) -> Int {
        var copy = characters
        return Int(XTextWidth16(font, &copy, Int32(copy.count)))
    }
}

/// An `XFontSet` for user-typed UTF-8 text, drawn with `Xutf8DrawString`: the locale decides which
/// charsets it needs and the server supplies the glyphs it has (missing glyphs simply don't show).
final class TextFontSet {
    /// Medium 24-pixel Helvetica (the unscaled 75 dpi bitmap) for the charsets it covers, any
    /// 24-pixel font for the others, and finally any font at all.
    static let baseNames = [
        "-adobe-helvetica-medium-r-normal--24-240-75-75-p-130-*-*",
        "-*-helvetica-medium-r-normal--24-240-75-75-*-*-*-*",
        "-*-helvetica-medium-r-normal--24-*-*-*-*-*-*-*",
        "-*-*-medium-r-normal--24-*-*-*-*-*-*-*",
        "-*-*-*-*-*--24-*-*-*-*-*-*-*",
        "-*-*-*-*-*--*-*-*-*-*-*-*-*",
    ].joined(separator: ",")

    private let display: OpaquePointer
    private let fontSet: XFontSet
    let ascent: Int
    let descent: Int

    init?(display: OpaquePointer) {
        var missing: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var missingCount: Int32 = 0
        var defaultString: UnsafeMutablePointer<CChar>?
        guard let created = XCreateFontSet(display, TextFontSet.baseNames, &missing, &missingCount, &defaultString) else {
            if missing != nil { XFreeStringList(missing) }
            return nil
        }
        if missing != nil { XFreeStringList(missing) }
        self.display = display
        self.fontSet = created
        if let extents = XExtentsOfFontSet(created) {
            ascent = Int(-extents.pointee.max_logical_extent.y)
            descent = Int(extents.pointee.max_logical_extent.height) - ascent
        } else {
            ascent = 20
            descent = 4
        }
    }

    deinit {
        XFreeFontSet(display, fontSet)
    }

    /// The drawn width of `text` in pixels.
    func width(of text: String) -> Int {
        let bytes = Array(text.utf8).map { CChar(bitPattern: $0) }
        return Int(Xutf8TextEscapement(fontSet, bytes, Int32(bytes.count)))
    }

    /// Draws `text` with its baseline starting at (`x`, `baseline`).
    func draw(_ text: String, on drawable: Drawable, gc: GC, x: Int, baseline: Int) {
        let bytes = Array(text.utf8).map { CChar(bitPattern: $0) }
        guard !bytes.isEmpty else { return }
        Xutf8DrawString(display, drawable, fontSet, gc, Int32(x), Int32(baseline), bytes, Int32(bytes.count))
    }
}
