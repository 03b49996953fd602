/// Reads one JSON value the way models write it: standard JSON plus the slips models are known for, which we
/// forgive — a trailing comma before `}` or `]`, strings in single quotes, Python's `True`/`False`/`None`,
/// raw line breaks inside strings, a leading `+` or `.` on numbers.
///
/// It stops after the first complete value; the caller decides what the rest of the text means. Nesting
/// deeper than ``maximumDepth`` is an error, so no input can exhaust the stack.
struct LenientJSONParser {
    /// Why the text is not JSON, and the byte offset where reading stopped.
    struct SyntaxError: Error, Equatable {
        /// What was wrong, e.g. "expected ',' or '}' after the value of \"action\"".
        let reason: String
        /// UTF-8 offset into the parsed bytes.
        let offset: Int
    }

    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position: Int

    private init(bytes: [UInt8], position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// The first JSON value in `bytes` at or after `start` (leading whitespace skipped), and the offset just
    /// after it.
    static func parseValue(in bytes: [UInt8], from start: Int = 0) throws(SyntaxError) -> (value: JSONValue, end: Int) {
        var parser = LenientJSONParser(bytes: bytes, position: start)
        let value = try parser.value(depth: 0)
        return (value, parser.position)
    }

    /// The first JSON value in `text`.
    static func parseValue(in text: String) throws(SyntaxError) -> JSONValue {
        try parseValue(in: Array(text.utf8)).value
    }

    // MARK: - Grammar

    private mutating func value(depth: Int) throws(SyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of text, expected a value", offset: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            return try object(depth: depth + 1)
        case UInt8(ascii: "["):
            return try array(depth: depth + 1)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return .string(try string())
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try number())
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return try word()
        default:
            throw SyntaxError(reason: "unexpected character \(describe(at: position)), expected a value", offset: position)
        }
    }

    private mutating func object(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw SyntaxError(reason: "objects and arrays nested too deeply", offset: position) }
        position += 1  // {
        var object = JSONObject()
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of text inside an object, expected '}'", offset: position) }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(object)
            }
            guard bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw SyntaxError(reason: "unexpected character \(describe(at: position)), expected a quoted key or '}'", offset: position)
            }
            let key = try string()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw SyntaxError(reason: "expected ':' after the key \"\(key)\"", offset: position)
            }
            position += 1
            object[key] = try value(depth: depth)
            skipWhitespace()
            guard position < bytes.count else {
                throw SyntaxError(reason: "unexpected end of text after the value of \"\(key)\", expected ',' or '}'", offset: position)
            }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(object)
            default:
                throw SyntaxError(reason: "expected ',' or '}' after the value of \"\(key)\", found \(describe(at: position))", offset: position)
            }
        }
    }

    private mutating func array(depth: Int) throws(SyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw SyntaxError(reason: "objects and arrays nested too deeply", offset: position) }
        position += 1  // [
        var array: [JSONValue] = []
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of text inside an array, expected ']'", offset: position) }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(array)
            }
            array.append(try value(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw SyntaxError(reason: "unexpected end of text inside an array, expected ',' or ']'", offset: position) }
            switch bytes[position] {
            case UInt8(ascii: ","):
                position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(array)
            default:
                throw SyntaxError(reason: "expected ',' or ']' after an array element, found \(describe(at: position))", offset: position)
            }
        }
    }

    /// A string in double or single quotes, with JSON's escapes plus `\'`.
    private mutating func string() throws(SyntaxError) -> String {
        let start = position
        let quote = bytes[position]
        position += 1
        var utf8: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote {
                position += 1
                return String(decoding: utf8, as: UTF8.self)
            }
            if byte != UInt8(ascii: "\\") {
                utf8.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape()
                utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                throw SyntaxError(reason: "invalid escape \\\(describe(at: position - 1)) in a string", offset: position - 2)
            }
        }
        throw SyntaxError(reason: "unterminated string, expected a closing \(quote == UInt8(ascii: "'") ? "'" : "\"")", offset: start)
    }

    /// The scalar of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair; a lone surrogate
    /// becomes U+FFFD.
    private mutating func unicodeEscape() throws(SyntaxError) -> Unicode.Scalar {
        let high = try hexQuad()
        if (0xD800...0xDBFF).contains(high), position + 1 < bytes.count,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
        {
            let saved = position
            position += 2
            let low = try hexQuad()
            if (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            position = saved
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw SyntaxError(reason: "incomplete \\u escape in a string", offset: position - 2) }
        var value: UInt32 = 0
        for offset in position..<(position + 4) {
            guard let digit = hexDigitValue(bytes[offset]) else {
                throw SyntaxError(reason: "invalid \\u escape in a string", offset: position - 2)
            }
            value = value << 4 | digit
        }
        position += 4
        return value
    }

    private func hexDigitValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(SyntaxError) -> Double {
        let start = position
        while position < bytes.count, Self.isNumberByte(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let number = Double(text) else { throw SyntaxError(reason: "invalid number \(text)", offset: start) }
        guard number.isFinite else { throw SyntaxError(reason: "number \(text) is out of range", offset: start) }
        return number
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default:
            false
        }
    }

    /// `true`, `false`, `null`, or Python's `True`, `False`, `None`.
    private mutating func word() throws(SyntaxError) -> JSONValue {
        let start = position
        while position < bytes.count, Self.isLetter(bytes[position]) { position += 1 }
        switch String(decoding: bytes[start..<position], as: UTF8.self) {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "null", "None": return .null
        case let other:
            throw SyntaxError(reason: "unexpected word '\(other.prefix(20))', expected a value (strings need quotes)", offset: start)
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || byte == UInt8(ascii: "_")
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    /// The character at `offset`, quoted, for messages; "the end of the text" past the end.
    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the text" }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }
}
