@testable import Imaging
import Testing

@Suite("Resizing")
struct ResizingTests {
    struct Size: Sendable, CustomTestStringConvertible {
        let width: Int
        let height: Int
        var testDescription: String { "\(width)×\(height)" }
    }

    @Test(
        "Gives the asked size: shrink, enlarge, mixed, 1×1",
        arguments: [Size(width: 20, height: 15), Size(width: 100, height: 70), Size(width: 20, height: 60), Size(width: 100, height: 10),
            Size(width: 1, height: 1), Size(width: 37, height: 23), Size(width: 40, height: 31)]
    )
    func dimensions(size: Size) {
        let source = TestImages.userInterface(width: 40, height: 30, format: .bgra)
        let resized = source.resized(width: size.width, height: size.height)
        #expect(resized.width == size.width && resized.height == size.height)
        #expect(resized.pixels.count == size.width * size.height * 4)
        #expect(resized.format == .bgra)
    }

    @Test("A 2× shrink gives exact box averages, rounded to nearest (ties to even)")
    func exactBoxAverages() {
        // A 4×2 image of two 2×2 blocks; each channel tests a different average.
        var image = Image(width: 4, height: 2, filledWith: RGBA(r: 0, g: 0, b: 0))
        let left = [RGBA(r: 10, g: 0, b: 1, a: 255), RGBA(r: 20, g: 0, b: 1, a: 255), RGBA(r: 30, g: 0, b: 1, a: 255), RGBA(r: 40, g: 1, b: 0, a: 251)]
        let right = [RGBA(r: 255, g: 1, b: 3, a: 0), RGBA(r: 255, g: 2, b: 3, a: 0), RGBA(r: 254, g: 0, b: 3, a: 0), RGBA(r: 254, g: 0, b: 2, a: 0)]
        for (i, (l, r)) in zip(left, right).enumerated() {
            image[i % 2, i / 2] = l
            image[2 + i % 2, i / 2] = r
        }
        let half = image.resized(width: 2, height: 1)
        // Left: r (10+20+30+40)/4 = 25; g 1/4 → 0; b 3/4 → 1; a (255·3+251)/4 = 254.
        #expect(half[0, 0] == RGBA(r: 25, g: 0, b: 1, a: 254))
        // Right: r 254.5 → 254 (even); g 3/4 → 1; b 11/4 = 2.75 → 3; a 0.
        #expect(half[1, 0] == RGBA(r: 254, g: 1, b: 3, a: 0))
    }

    @Test("Exact shrinks of a block pattern give each block's colour", arguments: [2, 3, 4, 5])
    func blockPattern(factor: Int) {
        var random = SeededRandom(seed: UInt64(factor))
        let colours = (0..<12).map { _ in RGBA(r: UInt8(random.next(256)), g: UInt8(random.next(256)), b: UInt8(random.next(256))) }
        var image = Image(width: 4 * factor, height: 3 * factor, format: .bgra, filledWith: RGBA(r: 0, g: 0, b: 0))
        for (i, colour) in colours.enumerated() {
            image.fill(x: (i % 4) * factor, y: (i / 4) * factor, width: factor, height: factor, with: colour)
        }
        let small = image.resized(width: 4, height: 3)
        for (i, colour) in colours.enumerated() { #expect(small[i % 4, i / 4] == colour) }
    }

    @Test("A flat colour stays exactly that colour", arguments: [(7, 5), (300, 200), (1, 1), (13, 400), (1500, 3)])
    func flatColour(width: Int, height: Int) {
        let colour = RGBA(r: 201, g: 13, b: 77, a: 128)
        let flat = Image(width: 97, height: 61, format: .bgra, filledWith: colour)
        let resized = flat.resized(width: width, height: height)
        #expect(resized == Image(width: width, height: height, format: .bgra, filledWith: colour))
    }

    @Test("Enlarging keeps the corner pixels")
    func enlargingKeepsCorners() {
        let source = TestImages.noise(width: 5, height: 4)
        let large = source.resized(width: 23, height: 17)
        #expect(large[0, 0] == source[0, 0])
        #expect(large[22, 0] == source[4, 0])
        #expect(large[0, 16] == source[0, 3])
        #expect(large[22, 16] == source[4, 3])
    }

    @Test("The same size returns the image unchanged; a 0 side gives an empty image")
    func trivialSizes() {
        let image = TestImages.noise(width: 9, height: 6)
        #expect(image.resized(width: 9, height: 6) == image)
        let empty = image.resized(width: 0, height: 6)
        #expect(empty.width == 0 && empty.pixels.isEmpty)
    }

    @Test("Both pixel formats resize alike")
    func formatsAgree() {
        let rgba = TestImages.userInterface(width: 90, height: 60)
        let bgra = rgba.converted(to: .bgra)
        #expect(bgra.resized(width: 61, height: 77).converted(to: .rgba) == rgba.resized(width: 61, height: 77))
    }

    @Test(
        "Matches a plain reference resampler within 1 level, in one band and in two",
        arguments: [Size(width: 150, height: 83), Size(width: 301, height: 400), Size(width: 97, height: 250), Size(width: 400, height: 300)]
    )
    func matchesReference(size: Size) {
        // 400×300 → 301×400 has ≥ 65 536 output pixels: two bands on a machine with two cores.
        let source = TestImages.userInterface(width: 200, height: 150, seed: 5)
        let resized = source.resized(width: size.width, height: size.height)
        let reference = Self.reference(source, width: size.width, height: size.height)
        let worst = zip(resized.pixels, reference).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1)
    }

    /// Area averaging (shrink) or linear interpolation between pixel centres (enlarge), per axis, in Double.
    private static func reference(_ image: Image, width: Int, height: Int) -> [UInt8] {
        func weights(_ from: Int, _ to: Int) -> [[(Int, Double)]] {
            let scale = Double(from) / Double(to)
            return (0..<to).map { i in
                if to < from {
                    let low = Double(i) * scale
                    let high = Double(i + 1) * scale
                    return (0..<from).compactMap { j in
                        let overlap = min(high, Double(j + 1)) - max(low, Double(j))
                        return overlap > 0 ? (j, overlap / scale) : nil
                    }
                }
                let position = min(max((Double(i) + 0.5) * scale - 0.5, 0), Double(from - 1))
                let left = Int(position)
                let t = position - Double(left)
                return left + 1 < from ? [(left, 1 - t), (left + 1, t)] : [(left, 1)]
            }
        }
        let horizontal = weights(image.width, width)
        let vertical = weights(image.height, height)
        var out = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<4 {
                    var sum = 0.0
                    for (sy, wy) in vertical[y] {
                        for (sx, wx) in horizontal[x] { sum += wy * wx * Double(image.pixels[(sy * image.width + sx) * 4 + c]) }
                    }
                    out[(y * width + x) * 4 + c] = UInt8(sum.rounded())
                }
            }
        }
        return out
    }
}
