/// Every event the fixture reports, one JSON object per line, keys always in the order shown.
///
/// All `x`/`y` members are root-window (screen) coordinates.
enum FixtureEvent {
    /// `{"event":"ready","scene":"form","window":12345,"x":0,"y":0,"width":800,"height":600,"pid":4242}`
    /// once, after the window is mapped and its first Expose has been painted.
    case ready(scene: String, window: UInt, x: Int, y: Int, width: Int, height: Int, pid: Int)
    /// `{"event":"click","target":"OK","button":1,"count":2,"x":412,"y":300}` on every press of
    /// buttons 1–3; `target` is the widget under the pointer or `null`.
    case click(target: String?, button: Int, count: Int, x: Int, y: Int)
    /// `{"event":"release","button":1,"x":412,"y":300}` on every release of buttons 1–3.
    case release(button: Int, x: Int, y: Int)
    /// `{"event":"scroll","dx":0,"dy":-1,"x":412,"y":300}` per wheel notch (buttons 4–7).
    case scroll(dx: Int, dy: Int, x: Int, y: Int)
    /// `{"event":"key","combo":"ctrl+shift+t"}` on every press of a non-modifier key.
    case key(combo: String)
    /// `{"event":"motion","x":412,"y":300}` on pointer motion while button 1, 2 or 3 is held.
    case motion(x: Int, y: Int)
    /// `{"event":"focus","field":"Email"}` (form) when a field is clicked or Tab moves focus.
    case focus(field: String)
    /// `{"event":"text","field":"Name","value":"héllo"}` (form) after every change, full value.
    case text(field: String, value: String)
    /// `{"event":"submit","values":{"Name":"…","Email":"…","City":"…"}}` (form).
    case submit(values: [(field: String, value: String)])
    /// `{"event":"list_scroll","first":3}` (list) after each vertical wheel notch; 0-based index of
    /// the first visible item, clamped, reported even when the clamp left it unchanged.
    case listScroll(first: Int)
    /// `{"event":"select","item":"Item 7"}` (list) when button 1 is pressed on a row.
    case select(item: String)
    /// `{"event":"drag_start","target":"Square","x":150,"y":300}` (drag).
    case dragStart(target: String, x: Int, y: Int)
    /// `{"event":"drop","target":"Bin","x":600,"y":300,"motions":12}` (drag); `target` is the drop
    /// target under the pointer at release or `null`; `motions` counts the drag's MotionNotify events.
    case drop(target: String?, x: Int, y: Int, motions: Int)

    /// The event as one JSON object.
    var json: JSONValue {
        switch self {
        case let .ready(scene, window, x, y, width, height, pid):
            return .object([
                ("event", .string("ready")), ("scene", .string(scene)), ("window", .int(Int(window))),
                ("x", .int(x)), ("y", .int(y)), ("width", .int(width)), ("height", .int(height)), ("pid", .int(pid)),
            ])
        case let .click(target, button, count, x, y):
            return .object([
                ("event", .string("click")), ("target", .optional(target)), ("button", .int(button)),
                ("count", .int(count)), ("x", .int(x)), ("y", .int(y)),
            ])
        case let .release(button, x, y):
            return .object([("event", .string("release")), ("button", .int(button)), ("x", .int(x)), ("y", .int(y))])
        case let .scroll(dx, dy, x, y):
            return .object([
                ("event", .string("scroll")), ("dx", .int(dx)), ("dy", .int(dy)), ("x", .int(x)), ("y", .int(y)),
            ])
        case let .key(combo):
            return .object([("event", .string("key")), ("combo", .string(combo))])
        case let .motion(x, y):
            return .object([("event", .string("motion")), ("x", .int(x)), ("y", .int(y))])
        case let .focus(field):
            return .object([("event", .string("focus")), ("field", .string(field))])
        case let .text(field, value):
            return .object([("event", .string("text")), ("field", .string(field)), ("value", .string(value))])
        case let .submit(values):
            return .object([
                ("event", .string("submit")),
                ("values", .object(values.map { (key: $0.field, value: JSONValue.string($0.value)) })),
            ])
        case let .listScroll(first):
            return .object([("event", .string("list_scroll")), ("first", .int(first))])
        case let .select(item):
            return .object([("event", .string("select")), ("item", .string(item))])
        case let .dragStart(target, x, y):
            return .object([("event", .string("drag_start")), ("target", .string(target)), ("x", .int(x)), ("y", .int(y))])
        case let .drop(target, x, y, motions):
            return .object([
                ("event", .string("drop")), ("target", .optional(target)), ("x", .int(x)), ("y", .int(y)),
                ("motions", .int(motions)),
            ])
        }
    }
}
