extension Image {
    /// The `width`×`height` region whose top-left corner is (`x`, `y`), in the same ``format``.
    ///
    /// - Throws: ``ImagingError/outOfBounds(x:y:width:height:imageWidth:imageHeight:)`` unless the region
    ///   lies inside the image. An empty region inside the image gives an empty image.
    public func cropped(x: Int, y: Int, width: Int, height: Int) throws(ImagingError) -> Image {
        guard x >= 0, y >= 0, width >= 0, height >= 0, width <= self.width - x, height <= self.height - y else {
            throw .outOfBounds(x: x, y: y, width: width, height: height, imageWidth: self.width, imageHeight: self.height)
        }
        if x == 0, y == 0, width == self.width, height == self.height { return self }
        _ = checkedByteCount
        let rowBytes = width * 4
        let sourceRowBytes = self.width * 4
        let region = pixels.withUnsafeBytes { source in
            [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, initialized in
                let target = UnsafeMutableRawBufferPointer(buffer)
                for row in 0..<height {
                    let start = (y + row) * sourceRowBytes + x * 4
                    UnsafeMutableRawBufferPointer(rebasing: target[(row * rowBytes)...].prefix(rowBytes))
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + rowBytes)]))
                }
                initialized = rowBytes * height
            }
        }
        return Image(width: width, height: height, format: format, pixels: region)
    }

    /// Paints the `width`×`height` rectangle at (`x`, `y`) with `color`; the parts outside the image are
    /// ignored.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, with color: RGBA) {
        let columns = Self.clamp(start: x, length: width, to: self.width)
        let rows = Self.clamp(start: y, length: height, to: self.height)
        guard !columns.isEmpty, !rows.isEmpty else { return }
        _ = checkedByteCount
        let word = color.packed(as: format)
        let rowBytes = self.width * 4
        pixels.withUnsafeMutableBytes { target in
            for row in rows {
                let rowStart = row * rowBytes
                for offset in stride(from: rowStart + columns.lowerBound * 4, to: rowStart + columns.upperBound * 4, by: 4) {
                    target.storeBytes(of: word, toByteOffset: offset, as: UInt32.self)
                }
            }
        }
    }

    /// The part of `start ..< start + length` inside `0 ..< limit`, without overflowing for any input.
    private static func clamp(start: Int, length: Int, to limit: Int) -> Range<Int> {
        guard length > 0 else { return 0..<0 }
        let (end, overflow) = start.addingReportingOverflow(length)
        let upper = min(max(overflow ? Int.max : end, 0), limit)
        let lower = min(max(start, 0), upper)
        return lower..<upper
    }
}
