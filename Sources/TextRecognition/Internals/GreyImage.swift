import Imaging

/// An 8-bit grey picture (`width * height` bytes, rows top to bottom): what the line finder works on and
/// what Tesseract is given (one byte a pixel is a quarter of the data and skips Tesseract's own conversion).
struct GreyImage: Sendable {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "grey image \(width)×\(height) has \(pixels.count) bytes")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The luma (Rec. 601) of `region` of `image`, whatever its pixel format.
    init(_ image: Image, region: Rect) {
        precondition(region.x >= 0 && region.y >= 0 && region.maxX <= image.width && region.maxY <= image.height)
        precondition(image.pixels.count == image.width * image.height * 4)
        let (red, blue) = image.format == .rgba ? (0, 2) : (2, 0)
        let count = region.width * region.height
        let pixels = image.pixels.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                for row in 0..<region.height {
                    var offset = ((region.y + row) * image.width + region.x) * 4
                    let target = row * region.width
                    for column in 0..<region.width {
                        let luma = 77 * UInt32(source[offset + red]) + 150 * UInt32(source[offset + 1]) + 29 * UInt32(source[offset + blue])
                        buffer[target + column] = UInt8(truncatingIfNeeded: luma >> 8)
                        offset += 4
                    }
                }
                initialized = count
            }
        }
        self.init(width: region.width, height: region.height, pixels: pixels)
    }

    /// The pixels of `box` (which must lie inside), `factor` times larger in both directions, interpolated
    /// linearly (pixel centres aligned), so thin bitmap strokes stay smooth for Tesseract's binarisation.
    func cropped(_ box: Rect, scaledBy factor: Int = 1) -> GreyImage {
        precondition(box.x >= 0 && box.y >= 0 && box.maxX <= width && box.maxY <= height && factor >= 1)
        let outWidth = box.width * factor, outHeight = box.height * factor
        let result = pixels.withUnsafeBufferPointer { source in
            [UInt8](unsafeUninitializedCapacity: outWidth * outHeight) { buffer, initialized in
                if factor == 1 {
                    for row in 0..<box.height {
                        let start = (box.y + row) * width + box.x
                        for column in 0..<box.width { buffer[row * outWidth + column] = source[start + column] }
                    }
                } else {
                    // Source coordinate of output pixel i: (i + 0.5) / factor - 0.5, in 1/(2·factor) units.
                    let twice = 2 * factor
                    for outRow in 0..<outHeight {
                        let sy = max(0, 2 * outRow + 1 - factor)
                        let y0 = min(sy / twice, box.height - 1), y1 = min(y0 + 1, box.height - 1)
                        let wy = UInt32(sy % twice)
                        let row0 = (box.y + y0) * width + box.x, row1 = (box.y + y1) * width + box.x
                        for outColumn in 0..<outWidth {
                            let sx = max(0, 2 * outColumn + 1 - factor)
                            let x0 = min(sx / twice, box.width - 1), x1 = min(x0 + 1, box.width - 1)
                            let wx = UInt32(sx % twice)
                            let top = UInt32(source[row0 + x0]) * (UInt32(twice) - wx) + UInt32(source[row0 + x1]) * wx
                            let bottom = UInt32(source[row1 + x0]) * (UInt32(twice) - wx) + UInt32(source[row1 + x1]) * wx
                            let value = (top * (UInt32(twice) - wy) + bottom * wy + UInt32(twice * twice / 2)) / UInt32(twice * twice)
                            buffer[outRow * outWidth + outColumn] = UInt8(truncatingIfNeeded: value)
                        }
                    }
                }
                initialized = outWidth * outHeight
            }
        }
        return GreyImage(width: outWidth, height: outHeight, pixels: result)
    }
}
