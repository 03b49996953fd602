import VisionModel

/// A generator of reproducible pseudo-random numbers (SplitMix64).
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Screenshots for message-building tests: tiny fake PNG payloads that tell the steps apart.
enum TestScreenshots {
    static func step(_ number: Int, screen: PixelSize = PixelSize(width: 1920, height: 1080)) -> PreparedScreenshot {
        PreparedScreenshot(screenSize: screen, sentSize: PixelSize(width: 1504, height: 832), png: Array("step-\(number)".utf8))
    }
}
