/// A canonical DEFLATE Huffman code (RFC 1951 §3.2.2) for decoding symbols from bits read least significant
/// first, with each symbol's count of extra bits (RFC 1951 §3.2.5). Codes up to `lookupBits` long decode with
/// one table look-up, longer ones bit by bit (as zlib's `puff.c` does). Its buffers are allocated once and
/// rebuilt in place for each block.
struct HuffmanCode: ~Copyable {
    static let maximumLength = 15
    private let lookupBits: Int
    private let lookupMask: UInt64
    /// For each `lookupBits`-bit window: `symbol << 8 | extra bits << 4 | length`, or 0 for a longer (or
    /// invalid) code.
    private let table: UnsafeMutablePointer<UInt32>
    /// Extra bits per symbol, as given to ``build(_:extraBits:)``.
    private var extraBits: @Sendable (Int) -> Int = { _ in 0 }
    /// Per code length 0...15, how many codes have it.
    private let counts: UnsafeMutablePointer<Int>
    /// Symbols in canonical order (by code length, then by symbol).
    private let sorted: UnsafeMutablePointer<Int>

    init(lookupBits: Int) {
        self.lookupBits = lookupBits
        lookupMask = (1 << UInt64(lookupBits)) - 1
        table = .allocate(capacity: 1 << lookupBits)
        counts = .allocate(capacity: Self.maximumLength + 1)
        sorted = .allocate(capacity: 320)
    }

    deinit {
        table.deallocate()
        counts.deallocate()
        sorted.deallocate()
    }

    /// Makes this the code with `lengths` per symbol (0 = unused, at most 320 symbols), whose symbols are
    /// followed by `extraBits(symbol)` extra bits; false when the lengths over-subscribe the code space. An
    /// incomplete code is accepted (DEFLATE allows one for distances).
    mutating func build(_ lengths: UnsafeBufferPointer<UInt8>, extraBits: @escaping @Sendable (Int) -> Int) -> Bool {
        self.extraBits = extraBits
        precondition(lengths.count <= 320)
        counts.initialize(repeating: 0, count: Self.maximumLength + 1)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...Self.maximumLength {
            left = left * 2 - counts[length]
            if left < 0 { return false }
        }
        // Sort the symbols by code length: `next[length]` is where the next one of that length goes.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: Self.maximumLength + 1) { next in
            var offset = 0
            for length in 1...Self.maximumLength {
                next[length] = offset
                offset += counts[length]
            }
            for (symbol, length) in lengths.enumerated() where length != 0 {
                sorted[next[Int(length)]] = symbol
                next[Int(length)] += 1
            }
        }
        // Canonical codes in order; each short one fills every table slot whose low bits are its (reversed) code.
        table.initialize(repeating: 0, count: 1 << lookupBits)
        var code = 0
        var index = 0
        for length in 1...lookupBits {
            for _ in 0..<counts[length] {
                var reversed = 0
                for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                let symbol = sorted[index]
                let entry = UInt32(symbol) << 8 | UInt32(extraBits(symbol)) << 4 | UInt32(length)
                for slot in stride(from: reversed, to: 1 << lookupBits, by: 1 << length) { table[slot] = entry }
                code += 1
                index += 1
            }
            code <<= 1
        }
        return true
    }

    /// Extra bits after a literal/length symbol: length codes 265...284 carry 1...5, four codes per count.
    static let lengthExtraBits: @Sendable (Int) -> Int = { symbol in symbol >= 265 && symbol < 285 ? (symbol - 261) >> 2 : 0 }
    /// Extra bits after a distance symbol: codes 4...29 carry 1...13, two codes per count.
    static let distanceExtraBits: @Sendable (Int) -> Int = { symbol in symbol >= 4 && symbol < 30 ? (symbol - 2) >> 1 : 0 }

    /// Makes this DEFLATE's fixed literal/length code (RFC 1951 §3.2.6).
    mutating func buildFixedLiteralLengths() {
        var lengths = [UInt8](repeating: 8, count: 288)
        for symbol in 144..<256 { lengths[symbol] = 9 }
        for symbol in 256..<280 { lengths[symbol] = 7 }
        _ = lengths.withUnsafeBufferPointer { build($0, extraBits: Self.lengthExtraBits) }
    }

    /// Makes this DEFLATE's fixed distance code.
    mutating func buildFixedDistances() {
        _ = [UInt8](repeating: 5, count: 30).withUnsafeBufferPointer { build($0, extraBits: Self.distanceExtraBits) }
    }

    /// The symbol whose code starts `window` (at least 15 valid bits, first bit lowest), the code's length
    /// and the symbol's extra bits; length 0 when no code matches.
    @inline(__always)
    func decode(_ window: UInt64) -> (symbol: Int, length: Int, extra: Int) {
        let entry = Int(table[Int(truncatingIfNeeded: window & lookupMask)])
        if entry != 0 { return (entry &>> 8, entry & 15, (entry &>> 4) & 15) }
        return decodeLong(window)
    }

    private func decodeLong(_ window: UInt64) -> (symbol: Int, length: Int, extra: Int) {
        var code = 0
        var first = 0
        var index = 0
        for length in 1...Self.maximumLength {
            code |= Int(truncatingIfNeeded: window >> UInt64(length - 1)) & 1
            let count = counts[length]
            if code - count < first {
                let symbol = sorted[index + (code - first)]
                return (symbol, length, extraBits(symbol))
            }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        return (0, 0, 0)
    }
}
