/// A canonical DEFLATE Huffman code (RFC 1951 §3.2.2), for decoding symbols from bits read least
/// significant first. Codes up to ``lookupBits`` long decode with one table look-up, longer ones bit by bit.
struct HuffmanCode {
    static let maximumLength = 15
    private static let lookupBits = 10

    /// Per code length, how many codes have it.
    private let counts: [Int]
    /// Symbols in canonical order (by code length, then by symbol).
    private let symbols: [Int]
    /// For each `lookupBits`-bit window: symbol << 4 | code length, or 0 when the code is longer.
    private let table: [UInt32]

    /// The code with these code lengths per symbol (0 = unused), or nil when they over-subscribe the code
    /// space. An incomplete code is accepted, as DEFLATE allows for a single distance code.
    init?(lengths: [UInt8]) {
        var counts = [Int](repeating: 0, count: Self.maximumLength + 1)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...Self.maximumLength {
            left = left * 2 - counts[length]
            if left < 0 { return nil }
        }
        var offsets = [Int](repeating: 0, count: Self.maximumLength + 2)
        for length in 1...Self.maximumLength { offsets[length + 1] = offsets[length] + counts[length] }
        var symbols = [Int](repeating: 0, count: offsets[Self.maximumLength + 1])
        var next = offsets
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[next[Int(length)]] = symbol
            next[Int(length)] += 1
        }
        // Fill the look-up table: walk codes in canonical order, reversing each code's bits.
        var table = [UInt32](repeating: 0, count: 1 << Self.lookupBits)
        var code = 0
        var index = 0
        for length in 1...Self.lookupBits {
            for _ in 0..<counts[length] {
                var reversed = 0
                for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
                let entry = UInt32(symbols[index]) << 4 | UInt32(length)
                for fill in stride(from: reversed, to: 1 << Self.lookupBits, by: 1 << length) { table[fill] = entry }
                code += 1
                index += 1
            }
            code <<= 1
        }
        self.counts = counts
        self.symbols = symbols
        self.table = table
    }

    static let fixedLiteralLengths = HuffmanCode(
        lengths: [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112) + [UInt8](repeating: 7, count: 24)
            + [UInt8](repeating: 8, count: 8)
    )!
    static let fixedDistances = HuffmanCode(lengths: [UInt8](repeating: 5, count: 30))!

    /// The symbol at the start of `window` (`available` bits, first bit lowest) and its code length.
    func decode(_ window: Int, available: Int) -> (symbol: Int, length: Int)? {
        let entry = table[window & ((1 << Self.lookupBits) - 1)]
        if entry != 0 {
            let length = Int(entry & 15)
            return length <= available ? (Int(entry >> 4), length) : nil
        }
        // Bit by bit, as in zlib's puff.c.
        var code = 0
        var first = 0
        var index = 0
        for length in 1...min(Self.maximumLength, available) {
            code |= (window >> (length - 1)) & 1
            let count = counts[length]
            if code - count < first { return (symbols[index + (code - first)], length) }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        return nil
    }
}
