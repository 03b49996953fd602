/// The table of key names `KeyCombo` understands: X keysym names plus the aliases vision models emit.
enum KeyNames {
    /// Named (non-character) keys: canonical X keysym name and value.
    static let namedKeys: [(String, UInt32)] = [
        ("Return", 0xFF0D), ("Tab", 0xFF09), ("Escape", 0xFF1B), ("BackSpace", 0xFF08), ("Delete", 0xFFFF),
        ("Insert", 0xFF63), ("Home", 0xFF50), ("End", 0xFF57), ("Prior", 0xFF55), ("Next", 0xFF56),
        ("Left", 0xFF51), ("Up", 0xFF52), ("Right", 0xFF53), ("Down", 0xFF54), ("space", 0x20),
        ("Print", 0xFF61), ("Pause", 0xFF13), ("Scroll_Lock", 0xFF14), ("Caps_Lock", 0xFFE5),
        ("Num_Lock", 0xFF7F), ("Menu", 0xFF67), ("KP_Enter", 0xFF8D),
        ("Shift_L", 0xFFE1), ("Shift_R", 0xFFE2), ("Control_L", 0xFFE3), ("Control_R", 0xFFE4),
        ("Alt_L", 0xFFE9), ("Alt_R", 0xFFEA), ("Super_L", 0xFFEB), ("Super_R", 0xFFEC),
        ("XF86AudioMute", 0x1008_FF12), ("XF86AudioLowerVolume", 0x1008_FF11),
        ("XF86AudioRaiseVolume", 0x1008_FF13), ("XF86AudioPlay", 0x1008_FF14), ("XF86AudioStop", 0x1008_FF15),
        ("XF86AudioPrev", 0x1008_FF16), ("XF86AudioNext", 0x1008_FF17),
    ] + (1...24).map { ("F\($0)", UInt32(0xFFBE + $0 - 1)) }

    /// Aliases models and people use, mapped to canonical names.
    static let aliases: [String: String] = [
        "enter": "Return", "ret": "Return", "newline": "Return", "esc": "Escape", "backspace": "BackSpace",
        "bksp": "BackSpace", "back": "BackSpace", "del": "Delete", "ins": "Insert",
        "pageup": "Prior", "page_up": "Prior", "pgup": "Prior", "pagedown": "Next", "page_down": "Next",
        "pgdn": "Next", "arrowleft": "Left", "arrow_left": "Left", "leftarrow": "Left",
        "arrowright": "Right", "arrow_right": "Right", "rightarrow": "Right", "arrowup": "Up", "arrow_up": "Up",
        "uparrow": "Up", "arrowdown": "Down", "arrow_down": "Down", "downarrow": "Down", "spacebar": "space",
        "printscreen": "Print", "prtsc": "Print", "print_screen": "Print", "capslock": "Caps_Lock",
        "numlock": "Num_Lock", "scrolllock": "Scroll_Lock", "break": "Pause", "apps": "Menu",
        "contextmenu": "Menu", "volumemute": "XF86AudioMute", "volumedown": "XF86AudioLowerVolume",
        "volumeup": "XF86AudioRaiseVolume", "mute": "XF86AudioMute",
    ]

    /// X keysym names of the printable ASCII characters (their keysym is their code point).
    static let asciiNames: [Character: String] = [
        " ": "space", "!": "exclam", "\"": "quotedbl", "#": "numbersign", "$": "dollar", "%": "percent",
        "&": "ampersand", "'": "apostrophe", "(": "parenleft", ")": "parenright", "*": "asterisk", "+": "plus",
        ",": "comma", "-": "minus", ".": "period", "/": "slash", ":": "colon", ";": "semicolon", "<": "less",
        "=": "equal", ">": "greater", "?": "question", "@": "at", "[": "bracketleft", "\\": "backslash",
        "]": "bracketright", "^": "asciicircum", "_": "underscore", "`": "grave", "{": "braceleft", "|": "bar",
        "}": "braceright", "~": "asciitilde",
    ]

    /// Keys of single characters (lower-case letters, digits, punctuation), by the character.
    static let byCharacter: [String: Key] = {
        var table: [String: Key] = [:]
        for scalar in (0x21...0x7E).compactMap(Unicode.Scalar.init) where !("A"..."Z").contains(Character(scalar)) {
            let character = Character(scalar)
            table[String(character)] = Key(name: asciiNames[character] ?? String(character), keysym: scalar.value)
        }
        table[" "] = Key(name: "space", keysym: 0x20)
        return table
    }()

    /// Every name (canonical, alias, ASCII keysym name) by its lower-cased form.
    static let byLowercasedName: [String: Key] = {
        var table: [String: Key] = [:]
        for (name, keysym) in namedKeys { table[name.lowercased()] = Key(name: name, keysym: keysym) }
        for key in byCharacter.values { table[key.name.lowercased()] = key }
        for (alias, canonical) in aliases { table[alias] = table[canonical.lowercased()] }
        return table
    }()

    /// Names offered in "did you mean" suggestions: the short forms people type.
    static let suggestible: [String] = {
        let named = namedKeys.map(\.0).filter { !$0.hasPrefix("XF86") }
        let modifiers = ["ctrl", "alt", "shift", "super", "cmd", "win", "meta"]
        return Array(Set(named + Array(aliases.keys) + modifiers + asciiNames.values))
    }()
}
