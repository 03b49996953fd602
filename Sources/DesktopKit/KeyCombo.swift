import EditDistance
import Foundation

/// A key with optional modifiers, such as `ctrl+shift+t`, `Return` or `alt+F4`.
///
/// Parsing accepts X keysym names and the names vision models emit (`enter`, `esc`, `cmd`, `pagedown`,
/// `arrowleft`, …), case-insensitively. The description is canonical: modifiers in the order
/// ctrl, alt, shift, super, then the X keysym name of the key, joined by `+`.
public struct KeyCombo: Sendable, Hashable, CustomStringConvertible {
    /// The modifiers held while the key is tapped.
    public var modifiers: KeyModifiers
    /// The key that is tapped.
    public var key: Key

    /// A combo of `key` with `modifiers`.
    public init(modifiers: KeyModifiers = [], key: Key) {
        self.modifiers = modifiers
        self.key = key
    }

    /// Parses `ctrl+shift+t`, `Return`, `alt+F4`, `cmd+c`, `ctrl++` and the like.
    public init(parsing text: String) throws(KeyComboError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .empty }
        var tokens: [String]
        if trimmed == "+" {
            tokens = ["+"]
        } else if trimmed.hasSuffix("++") {
            tokens = trimmed.dropLast(2).split(separator: "+", omittingEmptySubsequences: false).map(String.init) + ["+"]
        } else {
            tokens = trimmed.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        }
        tokens = tokens.map { $0 == " " ? $0 : $0.trimmingCharacters(in: .whitespaces) }
        guard !tokens.contains(where: \.isEmpty) else { throw .malformed(text) }
        try self.init(names: tokens, original: text)
    }

    /// Builds a combo from separate names, as the `computer_use` tool sends them: `["ctrl", "s"]`.
    public init(names: [String]) throws(KeyComboError) {
        guard !names.isEmpty else { throw .empty }
        try self.init(names: names, original: names.joined(separator: "+"))
    }

    private init(names: [String], original: String) throws(KeyComboError) {
        var modifiers: KeyModifiers = []
        var key: Key?
        for (index, name) in names.enumerated() {
            let isLast = index == names.count - 1
            if let modifier = KeyModifiers(name: name) {
                if isLast && key == nil {
                    // A lone modifier, or modifiers ending in one (`ctrl+shift`): tap the last as a key.
                    key = Key(modifierKeyFor: modifier)
                } else {
                    modifiers.insert(modifier)
                }
                continue
            }
            guard key == nil else { throw .severalKeys(original) }
            guard let found = Key(name: name) else {
                throw .unknownKey(name: name, in: original, suggestions: Key.closestNames(to: name))
            }
            key = found
        }
        guard let key else { throw .empty }
        self.init(modifiers: modifiers, key: key)
    }

    public var description: String {
        (modifiers.names + [key.name]).joined(separator: "+")
    }
}

/// Modifier keys held during a key combo.
public struct KeyModifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Control.
    public static let control = KeyModifiers(rawValue: 1 << 0)
    /// Alt (X Mod1).
    public static let alt = KeyModifiers(rawValue: 1 << 1)
    /// Shift.
    public static let shift = KeyModifiers(rawValue: 1 << 2)
    /// Super, also called cmd, win or meta (X Mod4).
    public static let `super` = KeyModifiers(rawValue: 1 << 3)

    /// The canonical order of modifiers in a combo's description.
    public static let canonicalOrder: [(KeyModifiers, String)] = [
        (.control, "ctrl"), (.alt, "alt"), (.shift, "shift"), (.super, "super"),
    ]

    /// The canonical names of the modifiers in this set, in canonical order.
    public var names: [String] {
        Self.canonicalOrder.filter { contains($0.0) }.map(\.1)
    }

    /// The modifier a name denotes (`ctrl`, `control`, `alt`, `option`, `shift`, `super`, `cmd`, `win`, `meta`…).
    public init?(name: String) {
        switch name.lowercased() {
        case "ctrl", "control", "ctl", "lctrl", "rctrl", "control_l", "control_r", "leftctrl", "rightctrl": self = .control
        case "alt", "option", "opt", "lalt", "ralt", "alt_l", "alt_r", "leftalt", "rightalt": self = .alt
        case "shift", "lshift", "rshift", "shift_l", "shift_r", "leftshift", "rightshift": self = .shift
        case "super", "cmd", "command", "win", "windows", "meta", "mod4", "super_l", "super_r", "lwin", "rwin",
             "leftmeta", "rightmeta":
            self = .super
        default: return nil
        }
    }
}

/// One key, named by its X keysym name, with its keysym value.
public struct Key: Sendable, Hashable, CustomStringConvertible {
    /// The X keysym name, e.g. `Return`, `F4`, `t`, `comma`; `U+20AC` for keys named by a character that
    /// has no traditional keysym name.
    public let name: String
    /// The X keysym value.
    public let keysym: UInt32

    /// A key with an explicit keysym.
    public init(name: String, keysym: UInt32) {
        self.name = name
        self.keysym = keysym
    }

    /// The key a name denotes: an X keysym name, a model's alias, or a single character. Nil when unknown.
    public init?(name: String) {
        if let entry = KeyNames.byLowercasedName[name.lowercased()] {
            self = entry
            return
        }
        let scalars = name.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, scalar.value >= 0x20, scalar.value != 0x7F else { return nil }
        let lowered = String(scalar).lowercased()
        if let ascii = KeyNames.byCharacter[lowered] {
            self = ascii
            return
        }
        self.init(name: String(format: "U+%04X", scalar.value), keysym: Key.keysym(for: scalar))
    }

    /// The key that taps a modifier itself (`shift` alone taps Shift_L).
    public init(modifierKeyFor modifier: KeyModifiers) {
        switch modifier {
        case .control: self.init(name: "Control_L", keysym: 0xFFE3)
        case .alt: self.init(name: "Alt_L", keysym: 0xFFE9)
        case .shift: self.init(name: "Shift_L", keysym: 0xFFE1)
        default: self.init(name: "Super_L", keysym: 0xFFEB)
        }
    }

    /// The X keysym that produces a Unicode scalar: Latin-1 code points are their own keysym, others are
    /// `0x01000000 | codepoint`.
    public static func keysym(for scalar: Unicode.Scalar) -> UInt32 {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF: scalar.value
        case 0x0A, 0x0D: 0xFF0D  // Return
        case 0x09: 0xFF09  // Tab
        case 0x08: 0xFF08  // BackSpace
        default: 0x0100_0000 | scalar.value
        }
    }

    /// Up to three known names closest to `name` by edit distance, for "did you mean" messages.
    public static func closestNames(to name: String, limit: Int = 3) -> [String] {
        let query = name.lowercased()
        let scored = KeyNames.suggestible.map { ($0, editDistance(query, $0.lowercased())) }
        let bound = max(2, query.count / 2)
        return scored.filter { $0.1 <= bound }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(limit).map(\.0)
    }

    public var description: String { name }
}

/// Why a key combo could not be parsed.
public enum KeyComboError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No key was given.
    case empty
    /// The text has an empty part, as in `ctrl++s` or `+a`.
    case malformed(String)
    /// More than one non-modifier key, as in `ctrl+a+b`.
    case severalKeys(String)
    /// A name that is neither a modifier nor a key.
    case unknownKey(name: String, in: String, suggestions: [String])

    public var description: String {
        switch self {
        case .empty:
            "Empty key combo — give a key such as 'Return', 'ctrl+s' or 'alt+F4'."
        case .malformed(let text):
            "Malformed key combo '\(text)' — join keys with '+', e.g. 'ctrl+shift+t' (use 'plus' for the + key)."
        case .severalKeys(let text):
            "Key combo '\(text)' names more than one non-modifier key — send one key with its modifiers, e.g. 'ctrl+s', and each further key separately."
        case .unknownKey(let name, let text, let suggestions):
            "Unknown key '\(name)' in '\(text)'"
                + (suggestions.isEmpty ? "" : " — did you mean \(suggestions.map { "'\($0)'" }.joined(separator: ", "))?")
                + " Valid names (case-insensitive): letters, digits, punctuation, F1–F24, enter, esc, tab, space, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right, and the modifiers ctrl, alt, shift, super (cmd, win, meta)."
        }
    }
}
