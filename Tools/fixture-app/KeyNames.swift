import CX11

/// Keysyms the scenes react to (values from `X11/keysymdef.h`).
enum KeySymbols {
    static let backSpace: UInt = 0xFF08
    static let tab: UInt = 0xFF09
    static let returnKey: UInt = 0xFF0D
    static let keypadEnter: UInt = 0xFF8D
    static let isoLeftTab: UInt = 0xFE20
    static let u: UInt = 0x0075
}

/// Builds the `combo` string of a `key` event.
enum KeyNames {
    /// Whether `keysym` is a modifier key (Xlib's `IsModifierKey` macro): Shift, Control, Caps/Shift
    /// Lock, Meta, Alt, Super, Hyper, the ISO level/group keys, Mode_switch and Num_Lock.
    static func isModifier(_ keysym: UInt) -> Bool {
        (0xFFE1...0xFFEE).contains(keysym)     // XK_Shift_L … XK_Hyper_R
            || (0xFE01...0xFE13).contains(keysym)  // XK_ISO_Lock … XK_ISO_Level5_Lock
            || keysym == 0xFF7E                   // XK_Mode_switch
            || keysym == 0xFF7F                   // XK_Num_Lock
    }

    /// The modifiers in an X event state: Control, Mod1 (alt), Shift, Mod4 (super).
    static func modifiers(state: UInt32) -> Modifiers {
        var result: Modifiers = []
        if state & UInt32(ControlMask) != 0 { result.insert(.ctrl) }
        if state & UInt32(Mod1Mask) != 0 { result.insert(.alt) }
        if state & UInt32(ShiftMask) != 0 { result.insert(.shift) }
        if state & UInt32(Mod4Mask) != 0 { result.insert(.superKey) }
        return result
    }

    /// `XKeysymToString`'s name, except Unicode keysyms (0x01000000 + code point) without a proper
    /// name give `U+XXXX`; a keysym with no name at all gives `0x…` and NoSymbol gives `NoSymbol`.
    static func name(of keysym: UInt) -> String {
        guard keysym != 0 else { return "NoSymbol" }
        let unicode = keysym >= 0x0100_0000 && keysym <= 0x0110_FFFF
        let codePoint = UInt32(truncatingIfNeeded: keysym & 0x00FF_FFFF)
        if let raw = XKeysymToString(KeySym(keysym)) {
            let name = String(cString: raw)
            // Xlib invents "U20AC" / "U0001F600"-style names for Unicode keysyms it has no name for.
            if unicode, name.hasPrefix("U"), UInt32(name.dropFirst(), radix: 16) == codePoint {
                return "U+" + hex(codePoint, digits: 4)
            }
            return name
        }
        return unicode ? "U+" + hex(codePoint, digits: 4) : "0x" + hex(UInt32(truncatingIfNeeded: keysym), digits: 8, uppercase: false)
    }

    /// `ctrl+alt+shift+super+NAME`, with only the modifiers that are held.
    static func combo(modifiers: Modifiers, keysym: UInt) -> String {
        var parts: [String] = []
        if modifiers.contains(.ctrl) { parts.append("ctrl") }
        if modifiers.contains(.alt) { parts.append("alt") }
        if modifiers.contains(.shift) { parts.append("shift") }
        if modifiers.contains(.superKey) { parts.append("super") }
        parts.append(name(of: keysym))
        return parts.joined(separator: "+")
    }
}
