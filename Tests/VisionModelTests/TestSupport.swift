import Imaging
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
    static func step(_ number: Int) -> EncodedImage {
        EncodedImage(png: Array("step-\(number)".utf8), size: Size(width: 1504, height: 832), perceptualHash: UInt64(number))
    }
}

/// The profiles the tests use, from the registry as everyone gets them.
enum Profiles {
    static var qwen3VL: ModelProfile { try! ModelProfiles.named("qwen3-vl") }
    static var qwen25VL: ModelProfile { try! ModelProfiles.named("qwen2.5-vl") }
}
