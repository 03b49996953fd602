/// Keyboard modifiers the fixture reports, from an X event's `state`.
struct Modifiers: OptionSet {
    let rawValue: Int
    static let ctrl = Modifiers(rawValue: 1)
    static let alt = Modifiers(rawValue: 2)
    static let shift = Modifiers(rawValue: 4)
    static let superKey = Modifiers(rawValue: 8)
}

/// A pointer button event as a scene sees it: button, multi-click count and both coordinate systems.
struct PointerInput {
    let button: Int
    let count: Int
    /// Window-relative position (for hit testing).
    let x: Int
    let y: Int
    /// Root-window position (what events report).
    let rootX: Int
    let rootY: Int
}

/// A key press as a scene sees it.
struct KeyInput {
    /// The reported combo, e.g. `ctrl+shift+t`.
    let combo: String
    /// The keycode's first keysym (`XLookupKeysym(event, 0)`).
    let keysym: UInt
    let modifiers: Modifiers
    /// The UTF-8 text the key produced (`Xutf8LookupString`), possibly empty or a control character.
    let text: String
}
