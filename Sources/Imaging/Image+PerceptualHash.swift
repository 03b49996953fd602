extension Image {
    /// A 64-bit difference hash (dHash) of the picture: it is shrunk to 9×8 grey cells (box averages), and
    /// each bit says whether a cell is brighter than its right neighbour. Screens that look the same —
    /// whatever their size, compression or a blinking caret — have hashes a few bits apart; different
    /// screens, many bits (compare with `(a ^ b).nonzeroBitCount`).
    public var perceptualHash: UInt64 {
        guard width >= 9, height >= 8 else { return 0 }
        let (red, blue) = (format.redOffset, format.blueOffset)
        var cells = [Double](repeating: 0, count: 72)
        var counts = [Int](repeating: 0, count: 72)
        pixels.withUnsafeBufferPointer { bytes in
            // Every second row and column is plenty for 72 averages.
            for y in Swift.stride(from: 0, to: height, by: 2) {
                let row = y * 8 / height
                for x in Swift.stride(from: 0, to: width, by: 2) {
                    let offset = (y * width + x) * 4
                    let luma = 0.299 * Double(bytes[offset + red]) + 0.587 * Double(bytes[offset + 1]) + 0.114 * Double(bytes[offset + blue])
                    let cell = row * 9 + x * 9 / width
                    cells[cell] += luma
                    counts[cell] += 1
                }
            }
        }
        var hash: UInt64 = 0
        for row in 0..<8 {
            for column in 0..<8 {
                let left = cells[row * 9 + column] / Double(max(1, counts[row * 9 + column]))
                let right = cells[row * 9 + column + 1] / Double(max(1, counts[row * 9 + column + 1]))
                hash = hash << 1 | (left > right ? 1 : 0)
            }
        }
        return hash
    }
}
