/// Turns a complete raw DEFLATE stream (RFC 1951) into one that another stream can follow, the way zlib's
/// `Z_SYNC_FLUSH` ends a part in pigz: the final block's BFINAL bit is cleared and an empty stored block
/// (`000` + padding + `00 00 FF FF`) brings the stream to a byte boundary.
///
/// libdeflate compresses whole buffers only and always marks its last block final, so the parts that
/// ``PNGEncoder`` compresses on several threads are made joinable here. Finding the last block means walking
/// every block's Huffman symbols (not writing any output), which costs time in proportion to the compressed
/// size: a fraction of a millisecond for a screenshot.
struct DeflateStreamEnd {
    private let bytes: UnsafeRawBufferPointer
    private var bitPosition = 0

    /// Rewrites `stream` (the first `count` bytes of a buffer at least `count + 5` bytes long) to end with a
    /// non-final block and an empty stored block, and returns its new length; nil when `stream` is not a
    /// valid DEFLATE stream (then it is left as it was).
    static func makeJoinable(_ stream: UnsafeMutableRawBufferPointer, count: Int) -> Int? {
        precondition(stream.count >= count + 5)
        var walker = DeflateStreamEnd(bytes: UnsafeRawBufferPointer(rebasing: stream[..<count]))
        guard let (finalBlock, end) = walker.findFinalBlock(), (end + 7) / 8 <= count else { return nil }
        stream[finalBlock / 8] &= ~(1 << UInt8(finalBlock % 8))
        // The stored block's 3 header bits (all 0) go right after the end-of-block code: in the zero padding
        // of the last byte when it has 3 bits left, else in a new zero byte. Then LEN = 0, NLEN = 0xFFFF.
        var length = (end + 7) / 8
        let spareBits = length * 8 - end
        if spareBits < 3 {
            stream[length] = 0
            length += 1
        }
        for byte: UInt8 in [0x00, 0x00, 0xFF, 0xFF] {
            stream[length] = byte
            length += 1
        }
        return length
    }

    private init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    // MARK: - Walking the blocks

    /// The bit positions of the final block's header and of the end of its end-of-block code, or nil.
    private mutating func findFinalBlock() -> (header: Int, end: Int)? {
        while true {
            let header = bitPosition
            guard let isFinal = bits(1), let type = bits(2) else { return nil }
            switch type {
            case 0:
                bitPosition = (bitPosition + 7) & ~7
                guard let length = bits(16), let complement = bits(16), length == ~complement & 0xFFFF else { return nil }
                bitPosition += length * 8
                guard bitPosition <= bytes.count * 8 else { return nil }
            case 1:
                guard skipSymbols(literals: .fixedLiteralLengths, distances: .fixedDistances) else { return nil }
            case 2:
                guard let (literals, distances) = readDynamicCodes(),
                    skipSymbols(literals: literals, distances: distances)
                else { return nil }
            default:
                return nil
            }
            if isFinal == 1 { return (header, bitPosition) }
        }
    }

    /// Reads a dynamic block's code lengths (RFC 1951 §3.2.7) and builds its two codes.
    private mutating func readDynamicCodes() -> (HuffmanCode, HuffmanCode)? {
        guard let literalCount = bits(5).map({ $0 + 257 }), let distanceCount = bits(5).map({ $0 + 1 }),
            let codeLengthCount = bits(4).map({ $0 + 4 })
        else { return nil }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount {
            guard let length = bits(3) else { return nil }
            codeLengthLengths[order[i]] = UInt8(length)
        }
        guard let codeLengthCode = HuffmanCode(lengths: codeLengthLengths) else { return nil }
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            guard let symbol = decode(codeLengthCode) else { return nil }
            switch symbol {
            case 0...15:
                lengths.append(UInt8(symbol))
            case 16:
                guard let last = lengths.last, let repeats = bits(2) else { return nil }
                lengths.append(contentsOf: repeatElement(last, count: 3 + repeats))
            case 17:
                guard let repeats = bits(3) else { return nil }
                lengths.append(contentsOf: repeatElement(0, count: 3 + repeats))
            default:
                guard let repeats = bits(7) else { return nil }
                lengths.append(contentsOf: repeatElement(0, count: 11 + repeats))
            }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0,
            let literals = HuffmanCode(lengths: Array(lengths[..<literalCount])),
            let distances = HuffmanCode(lengths: Array(lengths[literalCount...]))
        else { return nil }
        return (literals, distances)
    }

    /// Skips a block's symbols up to and including its end-of-block code.
    private mutating func skipSymbols(literals: HuffmanCode, distances: HuffmanCode) -> Bool {
        while true {
            guard let symbol = decode(literals) else { return false }
            if symbol < 256 { continue }
            if symbol == 256 { return true }
            guard symbol <= 285, let _ = bits(Self.lengthExtraBits[symbol - 257]),
                let distance = decode(distances), distance < 30, let _ = bits(Self.distanceExtraBits[distance])
            else { return false }
        }
    }

    private static let lengthExtraBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceExtraBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    // MARK: - Bits

    /// The next `count` (≤ 25) bits, least significant first; nil past the end.
    private mutating func bits(_ count: Int) -> Int? {
        guard let value = peek(count) else { return nil }
        bitPosition += count
        return value
    }

    private func peek(_ count: Int) -> Int? {
        guard bitPosition + count <= bytes.count * 8 else { return nil }
        let byte = bitPosition >> 3
        var word: UInt64 = 0
        if byte + 8 <= bytes.count {
            word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
        } else {
            for i in byte..<bytes.count { word |= UInt64(bytes[i]) << (8 * UInt64(i - byte)) }
        }
        return Int(truncatingIfNeeded: (word >> UInt64(bitPosition & 7)) & ((1 << UInt64(count)) - 1))
    }

    private mutating func decode(_ code: HuffmanCode) -> Int? {
        // Peek as many bits as remain (up to 15); a code that needs more than that fails below.
        let available = min(HuffmanCode.maximumLength, bytes.count * 8 - bitPosition)
        guard available > 0, let window = peek(available), let (symbol, length) = code.decode(window, available: available) else {
            return nil
        }
        bitPosition += length
        return symbol
    }
}
