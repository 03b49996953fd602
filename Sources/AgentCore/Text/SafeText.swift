/// Text that came from a model (or an outside agent, or an application's window title) made safe to show.
/// Nothing such a source wrote reaches a terminal or a page raw: escape sequences could recolour or rewrite
/// a terminal (CSI), set its title or plant links (OSC), and bidirectional overrides can make a line read
/// differently from what it is. The trajectory keeps the text as it was; these are for showing it.
public enum SafeText {
    /// `text` as one line for a terminal: escape sequences (ESC and C1, CSI and OSC with their parameters)
    /// removed, line breaks and tabs as spaces, other control characters and bidirectional controls
    /// removed; cut to `limit` characters with a note of how many were left out.
    public static func line(_ text: String, limit: Int = 300) -> String {
        var output = String.UnicodeScalarView()
        var kept = 0
        var dropped = 0
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipSequence(after: scalars.next(), in: &scalars)
                continue
            case 0x9B: skipSequence(after: "[", in: &scalars); continue
            case 0x9D: skipSequence(after: "]", in: &scalars); continue
            default: break
            }
            var shown = scalar
            if scalar == "\n" || scalar == "\t" || scalar == "\r" {
                shown = " "
            } else if isControl(scalar) {
                continue
            }
            if kept < limit {
                output.append(shown)
                kept += 1
            } else {
                dropped += 1
            }
        }
        var line = String(output)
        if dropped > 0 { line += "… (\(dropped) more characters)" }
        return line
    }

    /// `text` as a JSON string literal, with control characters, escape sequences' ESC and bidirectional
    /// controls escaped as `\uXXXX` (a JSON reader gets the text back exactly; a terminal shows nothing raw).
    public static func jsonString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if isControl(scalar) || scalar.value == 0x1B {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// `text` for an HTML page: `&`, `<`, `>`, `"` and `'` escaped; control characters other than line
    /// breaks and tabs, and bidirectional controls, shown as `U+XXXX` so nothing is hidden or reordered.
    public static func html(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\n", "\t": output.unicodeScalars.append(scalar)
            default:
                if isControl(scalar) || scalar.value == 0x1B {
                    output += "U+" + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// C0 and C1 control characters, DEL, and the bidirectional controls (embeddings, overrides, isolates,
    /// marks).
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Skips an escape sequence whose introducer (after ESC) is `introducer`: CSI (`[`) up to its final
    /// byte, OSC (`]`) up to BEL or ESC `\`, anything else is one character.
    private static func skipSequence(after introducer: Unicode.Scalar?, in scalars: inout String.UnicodeScalarView.Iterator) {
        switch introducer {
        case "["?:
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        case "]"?:
            while let next = scalars.next() {
                if next.value == 0x07 || next.value == 0x9C { break }
                if next.value == 0x1B {
                    _ = scalars.next()
                    break
                }
            }
        default:
            break
        }
    }
}
