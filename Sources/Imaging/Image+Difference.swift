extension Image {
    /// Compares this image with `other` (of the same size; the pixel formats may differ), ignoring alpha.
    ///
    /// A pixel counts as different when its red, green or blue differs by more than `tolerance`.
    ///
    /// - Throws: ``ImagingError/sizeMismatch(width:height:otherWidth:otherHeight:)`` when the sizes differ.
    public func difference(from other: Image, tolerance: UInt8 = 0) throws(ImagingError) -> ImageDifference {
        guard width == other.width, height == other.height else {
            throw .sizeMismatch(width: width, height: height, otherWidth: other.width, otherHeight: other.height)
        }
        let count = checkedByteCount
        _ = other.checkedByteCount
        let (red, blue) = (format.redOffset, format.blueOffset)
        let (otherRed, otherBlue) = (other.format.redOffset, other.format.blueOffset)
        let marker = RGBA(r: 255, g: 0, b: 0).packed(as: format)
        var channelSum = 0
        var beyond = 0
        let diffPixels = pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                    let diff = UnsafeMutableRawBufferPointer(buffer)
                    for offset in stride(from: 0, to: count, by: 4) {
                        let dr = abs(Int(a[offset + red]) - Int(b[offset + otherRed]))
                        let dg = abs(Int(a[offset + 1]) - Int(b[offset + 1]))
                        let db = abs(Int(a[offset + blue]) - Int(b[offset + otherBlue]))
                        channelSum += dr + dg + db
                        if max(dr, dg, db) > Int(tolerance) {
                            beyond += 1
                            diff.storeBytes(of: marker, toByteOffset: offset, as: UInt32.self)
                        } else {
                            // Luma (Rec. 601) halved: a dim grey that red stands out against.
                            let luma = (77 * Int(a[offset + red]) + 150 * Int(a[offset + 1]) + 29 * Int(a[offset + blue])) >> 9
                            let grey = UInt32(luma) * 0x0001_0101 | 0xFF00_0000
                            diff.storeBytes(of: grey.littleEndian, toByteOffset: offset, as: UInt32.self)
                        }
                    }
                    initialized = count
                }
            }
        }
        let total = width * height
        return ImageDifference(
            meanDifference: total == 0 ? 0 : Double(channelSum) / Double(total * 3),
            pixelsBeyondTolerance: beyond,
            totalPixels: total,
            diffImage: Image(width: width, height: height, format: format, pixels: diffPixels)
        )
    }
}
