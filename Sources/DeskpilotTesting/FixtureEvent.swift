/// One line of the fixture app's event log (`deskpilot-fixture --events FILE`). Fields are present when the
/// event kind carries them; see `deskpilot-fixture --help` for the shapes.
public struct FixtureEvent: Sendable, Decodable, Hashable {
    /// The event kind: `ready`, `click`, `release`, `scroll`, `key`, `motion`, `text`, `focus`, `submit`,
    /// `select`, `list_scroll`, `drag_start`, `drop`.
    public var event: String
    /// Widget under the pointer (`click`), drop target (`drop`), dragged widget (`drag_start`).
    public var target: String?
    /// Mouse button 1–3.
    public var button: Int?
    /// Multi-click count 1–3, as a toolkit would count it.
    public var count: Int?
    /// Screen coordinates.
    public var x: Int?
    public var y: Int?
    /// Wheel notches.
    public var dx: Int?
    public var dy: Int?
    /// `key`: the combo, e.g. `ctrl+shift+t`.
    public var combo: String?
    /// `text` and `focus`: the field name.
    public var field: String?
    /// `text`: the field's whole value after the change.
    public var value: String?
    /// `select`: the selected item.
    public var item: String?
    /// `list_scroll`: the first visible row.
    public var first: Int?
    /// `drop`: motion events seen during the drag.
    public var motions: Int?
    /// `submit`: the form's values.
    public var values: [String: String]?
    /// `ready`: the window id, its frame and the app's pid.
    public var window: UInt?
    public var width: Int?
    public var height: Int?
    public var pid: Int?
    public var scene: String?
}

/// The fixture's widget geometry (`deskpilot-fixture --layout`), window-relative.
public struct FixtureLayout: Sendable, Decodable {
    /// One widget: a button, field, label, list, draggable, drop target or colour patch.
    public struct Widget: Sendable, Decodable, Hashable {
        public var name: String
        public var kind: String
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// `#RRGGBB` for colour patches.
        public var color: String?
        /// Row height for lists.
        public var rowHeight: Int?
    }

    public var scene: String
    public var width: Int
    public var height: Int
    public var widgets: [Widget]

    /// The widget called `name`.
    public func widget(_ name: String) -> Widget? { widgets.first { $0.name == name } }
}
