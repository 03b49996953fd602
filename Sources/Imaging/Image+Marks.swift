extension Image {
    /// A copy with numbered marks drawn over `marks` (set-of-marks, for models that point by number): each
    /// box gets a 2-pixel outline just outside it, and its number in white on a dark label just above it —
    /// or below it when there is no room above — so the label never covers what is inside the box.
    public func marked(_ marks: [(id: Int, box: Rect)], color: RGBA = RGBA(r: 230, g: 20, b: 140)) -> Image {
        var image = self
        let label = RGBA(r: 25, g: 25, b: 25)
        let white = RGBA(r: 255, g: 255, b: 255)
        for mark in marks {
            let outline = Rect(x: mark.box.x - 3, y: mark.box.y - 3, width: mark.box.width + 6, height: mark.box.height + 6)
            image.fill(x: outline.x, y: outline.y, width: outline.width, height: 2, with: color)
            image.fill(x: outline.x, y: outline.maxY - 2, width: outline.width, height: 2, with: color)
            image.fill(x: outline.x, y: outline.y, width: 2, height: outline.height, with: color)
            image.fill(x: outline.maxX - 2, y: outline.y, width: 2, height: outline.height, with: color)

            let digits = Array(String(mark.id)).compactMap { $0.wholeNumberValue }
            let scale = 2
            let labelWidth = digits.count * (DigitGlyphs.width + 1) * scale + 3 * scale
            let labelHeight = (DigitGlyphs.height + 2) * scale
            let top = outline.y - labelHeight >= 0 ? outline.y - labelHeight : min(outline.maxY, height - labelHeight)
            let left = min(max(0, outline.x), max(0, width - labelWidth))
            image.fill(x: left, y: top, width: labelWidth, height: labelHeight, with: label)
            for (index, digit) in digits.enumerated() {
                let originX = left + 2 * scale + index * (DigitGlyphs.width + 1) * scale
                let originY = top + scale
                for (row, bits) in DigitGlyphs.rows[digit].enumerated() {
                    for column in 0..<DigitGlyphs.width where bits & (1 << (DigitGlyphs.width - 1 - column)) != 0 {
                        image.fill(x: originX + column * scale, y: originY + row * scale, width: scale, height: scale, with: white)
                    }
                }
            }
        }
        return image
    }
}

/// Digits 0–9 as 5×7 bitmaps, a row a number, the high bit on the left.
enum DigitGlyphs {
    static let width = 5
    static let height = 7
    static let rows: [[UInt8]] = [
        [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
        [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
        [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
        [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
        [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
        [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
        [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
        [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
        [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
        [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
    ]
}
