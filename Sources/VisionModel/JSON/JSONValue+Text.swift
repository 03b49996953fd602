extension JSONValue: CustomStringConvertible {
    /// The value as one line of JSON, written the way Python's `json.dumps(value, ensure_ascii=False)` writes
    /// it: `", "` between elements, `": "` after keys, keys in order, non-ASCII characters as they are.
    ///
    /// Qwen's prompts are produced by that function, so tool schemas printed this way match the training
    /// format byte for byte. Whole numbers print without a fraction (`1`, not `1.0`).
    public var description: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .null:
            text += "null"
        case .bool(let bool):
            text += bool ? "true" : "false"
        case .number(let number):
            if let integer = JSONValue.exactInteger(number) {
                text += String(integer)
            } else if number.isFinite {
                text += "\(number)"
            } else {
                text += "null"  // not representable in JSON
            }
        case .string(let string):
            JSONValue.writeQuoted(string, to: &text)
        case .array(let array):
            text += "["
            for (index, element) in array.enumerated() {
                if index > 0 { text += ", " }
                element.write(to: &text)
            }
            text += "]"
        case .object(let object):
            text += "{"
            for (index, member) in object.enumerated() {
                if index > 0 { text += ", " }
                JSONValue.writeQuoted(member.key, to: &text)
                text += ": "
                member.value.write(to: &text)
            }
            text += "}"
        }
    }

    /// `string` in double quotes with Python's escapes: `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, and `\u00XX`
    /// (lower-case hex) for the other control characters.
    private static func writeQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
