/// Standard base64 (RFC 4648, with padding). Foundation's encoder on Linux takes ~20 ms for the megabyte
/// of a screenshot PNG; this table-driven loop takes a fraction of that.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        let outputCount = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outputCount) { output in
            bytes.withUnsafeBufferPointer { input in
                alphabet.withUnsafeBufferPointer { table in
                    var out = 0
                    var index = 0
                    while index + 3 <= input.count {
                        let value = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
                        output[out] = table[Int(value >> 18)]
                        output[out + 1] = table[Int(value >> 12 & 63)]
                        output[out + 2] = table[Int(value >> 6 & 63)]
                        output[out + 3] = table[Int(value & 63)]
                        index += 3
                        out += 4
                    }
                    let remaining = input.count - index
                    if remaining > 0 {
                        let value = UInt32(input[index]) << 16 | (remaining == 2 ? UInt32(input[index + 1]) << 8 : 0)
                        output[out] = table[Int(value >> 18)]
                        output[out + 1] = table[Int(value >> 12 & 63)]
                        output[out + 2] = remaining == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                        output[out + 3] = UInt8(ascii: "=")
                    }
                }
            }
            return outputCount
        }
    }
}
