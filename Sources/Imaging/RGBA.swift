/// One colour with 8 bits per channel, independent of any ``PixelFormat``.
public struct RGBA: Sendable, Hashable {
    /// Red, 0...255.
    public var r: UInt8
    /// Green, 0...255.
    public var g: UInt8
    /// Blue, 0...255.
    public var b: UInt8
    /// Alpha, 0 (transparent) ... 255 (opaque).
    public var a: UInt8

    /// A colour from its channels; opaque unless `a` says otherwise.
    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// The colour as one 32-bit word whose little-endian bytes are the pixel's bytes in `format`.
    func packed(as format: PixelFormat) -> UInt32 {
        let (first, third) = format == .rgba ? (r, b) : (b, r)
        let word = UInt32(first) | UInt32(g) << 8 | UInt32(third) << 16 | UInt32(a) << 24
        return UInt32(littleEndian: word)
    }
}
