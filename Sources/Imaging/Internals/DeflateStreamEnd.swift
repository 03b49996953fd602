/// Turns a complete raw DEFLATE stream (RFC 1951) into one that another stream can follow, the way zlib's
/// `Z_SYNC_FLUSH` ends each part in pigz: the final block's BFINAL bit is cleared and an empty stored block
/// (`000`, padding, `00 00 FF FF`) brings the stream to a byte boundary.
///
/// libdeflate compresses whole buffers only and always marks its last block final, so the bands that
/// ``PNGEncoder`` compresses on several threads are made joinable here. Finding the last block means walking
/// every block's Huffman symbols (without writing any output): time in proportion to the compressed size.
enum DeflateStreamEnd {
    /// Rewrites `stream` (the first `count` bytes of a buffer at least `count + 5` bytes long) to end with a
    /// non-final block and an empty stored block, and returns its new length; nil when `stream` is not
    /// exactly one valid DEFLATE stream (then it is left as it was).
    static func makeJoinable(_ stream: UnsafeMutableRawBufferPointer, count: Int) -> Int? {
        precondition(stream.count >= count + 5)
        // A stream from libdeflate ends in the byte holding its last bit; anything else is not what we expect.
        guard let (finalBlock, end) = findFinalBlock(UnsafeRawBufferPointer(rebasing: stream[..<count])), (end + 7) / 8 == count
        else { return nil }
        stream[finalBlock / 8] &= ~(1 << UInt8(finalBlock % 8))
        // The stored block's 3 header bits (all 0) go right after the end-of-block code: into the zero
        // padding of the last byte when 3 bits are left there, else into a new zero byte.
        var length = (end + 7) / 8
        if length * 8 - end < 3 {
            stream[length] = 0
            length += 1
        }
        for byte: UInt8 in [0x00, 0x00, 0xFF, 0xFF] {  // LEN = 0, NLEN = ~0
            stream[length] = byte
            length += 1
        }
        return length
    }

    /// The bit positions of the final block's header and of the end of its last code, or nil.
    private static func findFinalBlock(_ bytes: UnsafeRawBufferPointer) -> (header: Int, end: Int)? {
        guard bytes.count > 0 else { return nil }
        var reader = BitReader(bytes)
        var literals = HuffmanCode(lookupBits: 10)
        var distances = HuffmanCode(lookupBits: 10)
        var codeLengths = HuffmanCode(lookupBits: 7)
        while true {
            let header = reader.position
            let isFinal = reader.read(1) == 1
            switch reader.read(2) {
            case 0:
                reader.position = (reader.position + 7) & ~7
                let length = reader.read(16)
                guard length == ~reader.read(16) & 0xFFFF else { return nil }
                reader.position += length * 8
            case 1:
                literals.buildFixedLiteralLengths()
                distances.buildFixedDistances()
                guard skipSymbols(&reader, literals, distances) else { return nil }
            case 2:
                guard readDynamicCodes(&reader, &literals, &distances, &codeLengths),
                    skipSymbols(&reader, literals, distances)
                else { return nil }
            default:
                return nil
            }
            guard reader.isWithinData else { return nil }
            if isFinal { return (header, reader.position) }
        }
    }

    /// Reads a dynamic block's code lengths (RFC 1951 §3.2.7) into `literals` and `distances`.
    private static func readDynamicCodes(
        _ reader: inout BitReader, _ literals: inout HuffmanCode, _ distances: inout HuffmanCode, _ codeLengths: inout HuffmanCode
    ) -> Bool {
        let literalCount = reader.read(5) + 257
        let distanceCount = reader.read(5) + 1
        let codeLengthCount = reader.read(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { return false }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[order[i]] = UInt8(reader.read(3)) }
        guard codeLengthLengths.withUnsafeBufferPointer({ codeLengths.build($0, extraBits: { _ in 0 }) }) else { return false }
        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var index = 0
        while index < total {
            let (symbol, length, _) = codeLengths.decode(reader.peek())
            guard length > 0, reader.isWithinData else { return false }
            reader.position += length
            var value: UInt8 = 0
            var repeats = 1
            switch symbol {
            case 0...15: value = UInt8(symbol)
            case 16:
                guard index > 0 else { return false }
                value = lengths[index - 1]
                repeats = 3 + reader.read(2)
            case 17: repeats = 3 + reader.read(3)
            default: repeats = 11 + reader.read(7)
            }
            guard index + repeats <= total else { return false }
            for _ in 0..<repeats {
                lengths[index] = value
                index += 1
            }
        }
        guard lengths[256] != 0 else { return false }
        return lengths.withUnsafeBufferPointer { all in
            literals.build(UnsafeBufferPointer(rebasing: all[..<literalCount]), extraBits: HuffmanCode.lengthExtraBits)
                && distances.build(UnsafeBufferPointer(rebasing: all[literalCount...]), extraBits: HuffmanCode.distanceExtraBits)
        }
    }

    /// Skips a block's symbols up to and including its end-of-block code.
    private static func skipSymbols(_ reader: inout BitReader, _ literals: borrowing HuffmanCode, _ distances: borrowing HuffmanCode) -> Bool {
        while reader.isWithinData {
            // One 57-bit window holds a whole length/distance pair: 15 + 5 + 15 + 13 bits. The distance is
            // decoded whether or not a length came first, and the advance chosen without a branch: literals
            // and matches alternate unpredictably.
            let window = reader.peek()
            let (symbol, length, extra) = literals.decode(window)
            let lengthBits = length &+ extra
            let (distance, distanceLength, distanceExtra) = distances.decode(window &>> UInt64(lengthBits))
            let isMatch = symbol > 256
            if length == 0 || (isMatch && (symbol > 285 || distanceLength == 0 || distance >= 30)) { return false }
            reader.position &+= isMatch ? lengthBits &+ distanceLength &+ distanceExtra : length
            if symbol == 256 { return true }
        }
        return false
    }

    /// Reads bits least significant first, as DEFLATE packs them; past the end it reads zeros (never
    /// outside the buffer), and ``isWithinData`` says whether that happened.
    private struct BitReader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        var isWithinData: Bool { position <= bytes.count &* 8 }

        /// At least 57 bits from `position` (zeros past the end).
        @inline(__always)
        func peek() -> UInt64 {
            let byte = position >> 3
            if byte + 8 <= bytes.count {
                return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> UInt64(position & 7)
            }
            var word: UInt64 = 0
            if byte < bytes.count {
                for i in byte..<bytes.count { word |= UInt64(bytes[i]) << UInt64(8 * (i - byte)) }
            }
            return word >> UInt64(position & 7)
        }

        /// The next `count` (≤ 57) bits.
        @inline(__always)
        mutating func read(_ count: Int) -> Int {
            let value = Int(truncatingIfNeeded: peek() & ((1 << UInt64(count)) - 1))
            position += count
            return value
        }
    }
}
