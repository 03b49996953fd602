@testable import Imaging

/// Deterministic images for tests: what a desktop looks like to the encoder and the resampler.
enum TestImages {
    /// A user interface: flat background, a title bar with a horizontal gradient, a sidebar, rows of
    /// glyph-like strokes with antialiasing greys, buttons, and a photographic panel (gradient + noise).
    /// In `.bgra` the alpha byte is 0, as in X11 captures; in `.rgba` it is 255.
    static func userInterface(width: Int, height: Int, format: PixelFormat = .rgba, seed: UInt64 = 1) -> Image {
        var random = SeededRandom(seed: seed)
        var image = Image(width: width, height: height, filledWith: RGBA(r: 246, g: 246, b: 248))
        for x in 0..<width {
            image.fill(x: x, y: 0, width: 1, height: min(24, height), with: RGBA(r: UInt8(40 + x * 60 / width), g: 44, b: UInt8(90 + x * 100 / width)))
        }
        image.fill(x: 0, y: 24, width: width / 5, height: height, with: RGBA(r: 230, g: 234, b: 240))
        var y = 32
        while y + 12 < height {
            var x = width / 5 + 8
            while x + 8 < width - 8 {
                for _ in 0..<(2 + random.next(8)) where x + 6 < width - 8 {
                    for dy in 0..<10 {
                        for dx in 0..<5 where random.next(3) == 0 {
                            let grey = UInt8(random.next(4) == 0 ? 150 : 35)
                            image[x + dx, y + dy] = RGBA(r: grey, g: grey, b: grey &+ 8)
                        }
                    }
                    x += 6
                }
                x += 5
            }
            if random.next(5) == 0 {
                image.fill(x: width / 5 + 8 + random.next(max(1, width / 2)), y: y, width: 60, height: 10, with: RGBA(r: 0, g: 110, b: 210))
            }
            y += 16
        }
        let panelX = width * 3 / 5
        let panelY = height / 3
        for py in panelY..<min(panelY + height / 3, height) {
            for px in panelX..<min(panelX + width / 4, width) {
                image[px, py] = RGBA(
                    r: UInt8((px - panelX) * 255 / max(1, width / 4)), g: UInt8(truncatingIfNeeded: (py - panelY) * 3 + random.next(24)),
                    b: UInt8(100 + random.next(40)))
            }
        }
        return format == .rgba ? image : xCapture(of: image)
    }

    /// `image` as X11 captures it: BGRA with alpha 0.
    static func xCapture(of image: Image) -> Image {
        var bgra = image.converted(to: .bgra)
        for offset in stride(from: 3, to: bgra.pixels.count, by: 4) { bgra.pixels[offset] = 0 }
        return bgra
    }

    /// An image of independent random bytes (alpha included).
    static func noise(width: Int, height: Int, format: PixelFormat = .rgba, seed: UInt64 = 2) -> Image {
        var random = SeededRandom(seed: seed)
        return Image(width: width, height: height, format: format, pixels: (0..<(width * height * 4)).map { _ in UInt8(random.next(256)) })
    }
}

/// A small deterministic generator (64-bit LCG, high bits).
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// A number in 0..<`bound`.
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}
