import Imaging

/// A grey picture as 32-bit floats (luma, 0…255), rows top to bottom: what correlation works on.
struct GreyPlane: Sendable {
    let width: Int
    let height: Int
    var values: [Float]

    init(width: Int, height: Int, values: [Float]) {
        precondition(values.count == width * height)
        self.width = width
        self.height = height
        self.values = values
    }

    /// The luma (Rec. 601) of the `width`×`height` area at (`x`, `y`) of `image`, which must lie inside.
    init(_ image: Image, x: Int, y: Int, width: Int, height: Int) {
        precondition(x >= 0 && y >= 0 && x + width <= image.width && y + height <= image.height)
        let (red, blue) = image.format == .rgba ? (0, 2) : (2, 0)
        let values = image.pixels.withUnsafeBufferPointer { source in
            [Float](unsafeUninitializedCapacity: width * height) { buffer, initialized in
                for row in 0..<height {
                    var offset = ((y + row) * image.width + x) * 4
                    for column in 0..<width {
                        buffer[row * width + column] = 0.299 * Float(source[offset + red]) + 0.587 * Float(source[offset + 1])
                            + 0.114 * Float(source[offset + blue])
                        offset += 4
                    }
                }
                initialized = width * height
            }
        }
        self.init(width: width, height: height, values: values)
    }

    /// The luma of the `width`×`height` area at (`x`, `y`) of `image`, reduced `factor` times on both sides
    /// (each value the mean of a `factor`×`factor` block; partial blocks dropped) in one pass.
    init(_ image: Image, x: Int, y: Int, width: Int, height: Int, reducedBy factor: Int) {
        precondition(factor >= 1 && x >= 0 && y >= 0 && x + width <= image.width && y + height <= image.height)
        let outWidth = width / factor, outHeight = height / factor
        let (red, blue) = image.format == .rgba ? (0, 2) : (2, 0)
        var sums = [UInt32](repeating: 0, count: outWidth * outHeight)
        image.pixels.withUnsafeBufferPointer { source in
            sums.withUnsafeMutableBufferPointer { target in
                for row in 0..<(outHeight * factor) {
                    let base = ((y + row) * image.width + x) * 4
                    let outRow = (row / factor) * outWidth
                    for column in 0..<(outWidth * factor) {
                        let offset = base + column * 4
                        // Rec. 601 luma ×256.
                        target[outRow + column / factor] &+= 77 * UInt32(source[offset + red]) + 150 * UInt32(source[offset + 1])
                            + 29 * UInt32(source[offset + blue])
                    }
                }
            }
        }
        let scale = 1 / Float(256 * factor * factor)
        self.init(width: outWidth, height: outHeight, values: sums.map { Float($0) * scale })
    }

    /// The pixels of `rect`, which must lie inside.
    func cropped(_ rect: Rect) -> GreyPlane {
        precondition(rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= width && rect.y + rect.height <= height)
        var out = [Float]()
        out.reserveCapacity(rect.width * rect.height)
        for row in rect.y..<(rect.y + rect.height) {
            out.append(contentsOf: values[(row * width + rect.x)..<(row * width + rect.x + rect.width)])
        }
        return GreyPlane(width: rect.width, height: rect.height, values: out)
    }

    /// The picture `factor` times smaller on both sides, each pixel the mean of a `factor`×`factor` block
    /// (the last partial blocks are dropped).
    func reduced(by factor: Int) -> GreyPlane {
        guard factor > 1 else { return self }
        let outWidth = width / factor, outHeight = height / factor
        var out = [Float](repeating: 0, count: outWidth * outHeight)
        let scale = 1 / Float(factor * factor)
        values.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                for row in 0..<outHeight {
                    for sub in 0..<factor {
                        let base = (row * factor + sub) * width
                        for column in 0..<outWidth {
                            var sum: Float = 0
                            let start = base + column * factor
                            for index in 0..<factor { sum += source[start + index] }
                            target[row * outWidth + column] += sum
                        }
                    }
                }
                for index in target.indices { target[index] *= scale }
            }
        }
        return GreyPlane(width: outWidth, height: outHeight, values: out)
    }
}
