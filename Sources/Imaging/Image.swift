/// A bitmap with 4 bytes per pixel, rows from top to bottom without padding.
///
/// `Image` is a value: copies share storage until one of them changes.
public struct Image: Sendable, Hashable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The order of each pixel's bytes in ``pixels``.
    public let format: PixelFormat
    /// `width * height * 4` bytes, rows from top to bottom, no padding. Keep the count unchanged: every
    /// operation checks it and stops the program if it no longer matches.
    public var pixels: [UInt8]

    /// An image over existing pixel bytes; `pixels.count` must be `width * height * 4`.
    public init(width: Int, height: Int, format: PixelFormat = .rgba, pixels: [UInt8]) {
        precondition(
            Self.byteCount(width: width, height: height) == pixels.count,
            "Image \(width)×\(height) needs \(width)×\(height)×4 bytes, got \(pixels.count)"
        )
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// An image filled with one colour.
    public init(width: Int, height: Int, format: PixelFormat = .rgba, filledWith color: RGBA) {
        guard let count = Self.byteCount(width: width, height: height) else {
            preconditionFailure("Image size \(width)×\(height) is negative or too large")
        }
        let word = color.packed(as: format)
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            for offset in stride(from: 0, to: count, by: 4) {
                raw.storeBytes(of: word, toByteOffset: offset, as: UInt32.self)
            }
            initialized = count
        }
        self.init(width: width, height: height, format: format, pixels: pixels)
    }

    /// The width and height.
    public var size: Size { Size(width: width, height: height) }

    /// The colour at column `x`, row `y` (both from 0, `y` from the top), whatever the ``format``.
    public subscript(x: Int, y: Int) -> RGBA {
        get {
            let offset = pixelOffset(x: x, y: y)
            return RGBA(
                r: pixels[offset + format.redOffset],
                g: pixels[offset + 1],
                b: pixels[offset + format.blueOffset],
                a: pixels[offset + 3]
            )
        }
        set {
            let offset = pixelOffset(x: x, y: y)
            pixels[offset + format.redOffset] = newValue.r
            pixels[offset + 1] = newValue.g
            pixels[offset + format.blueOffset] = newValue.b
            pixels[offset + 3] = newValue.a
        }
    }

    /// The same picture with its bytes in `format`; `self` when it already is.
    public func converted(to format: PixelFormat) -> Image {
        guard format != self.format else { return self }
        let count = checkedByteCount
        // .rgba <-> .bgra is the same swap of bytes 0 and 2 both ways.
        let swapped = pixels.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                let target = UnsafeMutableRawBufferPointer(buffer)
                for offset in stride(from: 0, to: count, by: 4) {
                    let word = UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    let result = (word & 0xFF00_FF00) | (word >> 16 & 0xFF) | (word & 0xFF) << 16
                    target.storeBytes(of: result.littleEndian, toByteOffset: offset, as: UInt32.self)
                }
                initialized = count
            }
        }
        return Image(width: width, height: height, format: format, pixels: swapped)
    }

    /// `width * height * 4`, or nil when a side is negative or the product overflows.
    static func byteCount(width: Int, height: Int) -> Int? {
        guard width >= 0, height >= 0 else { return nil }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        let (bytes, overflow4) = area.multipliedReportingOverflow(by: 4)
        return overflow || overflow4 ? nil : bytes
    }

    /// The byte count, after checking that ``pixels`` still has it (it is a public `var`). Code that reads
    /// ``pixels`` through unsafe pointers calls this first.
    var checkedByteCount: Int {
        let count = width * height * 4
        precondition(pixels.count == count, "Image \(width)×\(height) has \(pixels.count) bytes instead of \(count)")
        return count
    }

    private func pixelOffset(x: Int, y: Int) -> Int {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "Pixel (\(x), \(y)) is outside the \(width)×\(height) image")
        return (y * width + x) * 4
    }
}
