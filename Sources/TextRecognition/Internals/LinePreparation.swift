import Imaging

/// What Tesseract is given for one line the finder cut out: dark text on white with its frames gone,
/// whatever the screen's colours and borders were. Phrase spans are judged on it too.
///
/// 1. **Polarity and contrast, per line**: the background is the line's commonest grey. Ink may be darker
///    or lighter (a dark theme, white on a coloured button — often inside a black frame): each side that
///    differs enough from the background is stretched — background to white, that side's extreme to black,
///    anti-aliased edges kept in between, so thin strokes survive where a hard threshold would break them —
///    and the side with more ink in letter-sized pieces once frames are gone is kept.
/// 2. **Filled buttons**: a solid block of ink taller than text stands is a button's face; inside it the
///    polarity is the other way round, so its box is inverted (see ``invertFilledBoxes(_:width:height:)``).
/// 3. **Frames**: a button's border, an entry's outline, a separator or a rounded Xaw frame touching the
///    text is not text. Pieces of ink (8-connected) that are horizontal rules, hollow outlines around other
///    ink, or thin upright strokes through nearly the line's whole height become background (see
///    ``removeFrames(_:width:height:)``).
struct LinePreparation {
    /// `line` as dark text on white with its frames removed; `line` itself when it is practically flat.
    static func clean(_ line: GreyImage) -> GreyImage {
        let width = line.width, height = line.height
        guard width > 2, height > 2 else { return line }
        var histogram = [Int](repeating: 0, count: 256)
        for value in line.pixels { histogram[Int(value)] += 1 }
        let background = histogram.indices.max { histogram[$0] < histogram[$1] }!
        var darkest = 255, lightest = 0
        for value in line.pixels {
            darkest = min(darkest, Int(value))
            lightest = max(lightest, Int(value))
        }
        guard max(background - darkest, lightest - background) >= 24 else { return line }
        // The ink's side: read both when both differ enough from the background (white text on a coloured
        // button with a black frame), and keep the one with more ink in letters once frames are gone.
        var pixels: [UInt8] = []
        var best = -1
        for lightText in [false, true] {
            let inkLevel = lightText ? lightest : darkest
            guard abs(inkLevel - background) >= 24 else { continue }
            var candidate = stretched(line, background: background, inkLevel: inkLevel)
            invertFilledBoxes(&candidate, width: width, height: height)
            let letters = removeFrames(&candidate, width: width, height: height)
            if letters > best {
                best = letters
                pixels = candidate
            }
        }
        return GreyImage(width: width, height: height, pixels: pixels)
    }

    /// `line` with the background stretched to white and `inkLevel` to black, linearly between; the far
    /// side of the background clamps to white.
    private static func stretched(_ line: GreyImage, background: Int, inkLevel: Int) -> [UInt8] {
        let lightText = inkLevel > background
        let span = max(1, abs(background - inkLevel))
        var pixels = [UInt8](repeating: 255, count: line.width * line.height)
        for index in pixels.indices {
            let value = Int(line.pixels[index])
            let distance = lightText ? value - background : background - value
            pixels[index] = UInt8(clamping: 255 - max(0, distance) * 255 / span)
        }
        return pixels
    }

    /// A piece of ink: 8-connected pixels darker than mid-grey.
    private struct Piece {
        var box: Rect
        var pixels: [Int]
        var count: Int { pixels.count }
        /// Ink pixels per pixel of the box.
        var density: Double { Double(pixels.count) / Double(box.width * box.height) }
    }

    /// The pieces of ink in `pixels`.
    private static func pieces(_ pixels: [UInt8], width: Int, height: Int) -> [Piece] {
        var label = [Bool](repeating: false, count: width * height)
        var pieces: [Piece] = []
        var stack: [Int] = []
        for start in 0..<(width * height) where pixels[start] < 128 && !label[start] {
            var members: [Int] = []
            var minX = width, minY = height, maxX = -1, maxY = -1
            label[start] = true
            stack.append(start)
            while let index = stack.popLast() {
                members.append(index)
                let x = index % width, y = index / width
                minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                for dy in -1...1 {
                    let ny = y + dy
                    guard ny >= 0, ny < height else { continue }
                    for dx in -1...1 {
                        let nx = x + dx
                        guard nx >= 0, nx < width else { continue }
                        let neighbour = ny * width + nx
                        if pixels[neighbour] < 128, !label[neighbour] {
                            label[neighbour] = true
                            stack.append(neighbour)
                        }
                    }
                }
            }
            pieces.append(Piece(box: Rect(x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1), pixels: members))
        }
        return pieces
    }

    /// Filled buttons: a solid piece of ink taller than letters stand in a line (six tenths of its height),
    /// at least as wide as high and at least half ink, with light text inside it, is a button's face in the
    /// other polarity. Its box is inverted, so its text becomes ink; what was around it becomes a frame for
    /// ``removeFrames(_:width:height:)``.
    private static func invertFilledBoxes(_ pixels: inout [UInt8], width: Int, height: Int) {
        for piece in pieces(pixels, width: width, height: height) {
            let box = piece.box
            guard box.height * 10 >= height * 6, box.width >= box.height, piece.density >= 0.5 else { continue }
            for y in box.y..<box.maxY {
                for x in box.x..<box.maxX { pixels[y * width + x] = 255 - pixels[y * width + x] }
            }
        }
    }

    /// Borders: pieces of ink (8-connected) that are not letters — horizontal strokes much longer than the
    /// text is tall (rules), hollow outlines taller than the text and wider than high (a button's or an
    /// entry's frame, rounded or square, thin or up to a quarter of its height thick), and thin upright
    /// strokes through nearly the line's whole height (separators, sides) — become background. The text's
    /// height is the median height of the pieces. Returns how many ink pixels are left: the letters'.
    @discardableResult
    private static func removeFrames(_ pixels: inout [UInt8], width: Int, height: Int) -> Int {
        let pieces = pieces(pixels, width: width, height: height)
        let sized = pieces.filter { $0.count >= 4 }.map(\.box.height).sorted()
        guard !sized.isEmpty else { return 0 }
        let text = max(4, sized[sized.count / 2])
        var letters = 0
        for piece in pieces {
            let box = piece.box
            // A rule: a horizontal stroke three times as long as the text is tall.
            let stroke = box.height <= 3 && box.width >= 3 * text
            // A frame: hollow (thin, or all its ink near its box's edges), taller than the text, at least as
            // wide as high, around other ink (a "V" or a "W" is hollow too, but holds nothing).
            let outline = box.height * 10 >= text * 12 && box.width >= box.height
                && (piece.density < 0.25 || nearEdges(piece, within: max(2, box.height / 6), width: width) * 10 >= piece.count * 9)
                && pieces.contains { other in other.box != box && box.contains(other.box.center) && other.count >= 4 }
            // A separator or a side: a thin upright stroke through nine tenths of the line's height (letters
            // never reach that: the line has a margin of a third of its height above and below).
            // Or a block at the crop's left or right end as tall (the window's background beside a filled
            // button, once the button is inverted).
            let side = box.height * 10 >= height * 9 && (box.width <= 4 || box.x == 0 || box.maxX == width)
            guard stroke || outline || side else {
                // Ink that may be letters: no taller than a line can hold with its margins, and not a long bar.
                if box.height * 10 <= height * 7, box.width <= 4 * box.height + 4 { letters += piece.count }
                continue
            }
            for index in piece.pixels { pixels[index] = 255 }
        }
        return letters
    }

    /// How many of `piece`'s pixels lie within `margin` pixels of its box's edges.
    private static func nearEdges(_ piece: Piece, within margin: Int, width: Int) -> Int {
        let box = piece.box
        return piece.pixels.reduce(0) { count, index in
            let x = index % width, y = index / width
            let edge = x - box.x < margin || box.maxX - 1 - x < margin || y - box.y < margin || box.maxY - 1 - y < margin
            return count + (edge ? 1 : 0)
        }
    }
}
