import Foundation
import Testing
@testable import VisionModel

@Suite("Base64")
struct Base64Tests {
    @Test("matches Foundation's encoder for every length remainder and all byte values", arguments: [0, 1, 2, 3, 4, 5, 255, 256, 257, 10_000])
    func matchesFoundation(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ $0 >> 3) }
        #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
    }
}
