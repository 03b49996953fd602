/// What a widget is, as reported in `--layout` output (`"kind"`).
enum WidgetKind: String {
    /// Clickable push button with a centred label.
    case button
    /// Text drawn by the fixture (a field caption, a status line, the last key combo).
    case label
    /// Single-line text input; its rectangle is the clickable input area.
    case field
    /// Scrollable list box of fixed-height rows.
    case list
    /// Something that can be dragged with button 1.
    case draggable
    /// A drop target for a draggable.
    case target
    /// A solid colour patch (colors scene).
    case patch
    /// A picture (photo scene).
    case image
}

/// One named, rectangular part of a scene.
///
/// The name is what `click` events report as `target` and what `--layout` reports as `name`.
struct Widget {
    let name: String
    let kind: WidgetKind
    var rect: Rect
    /// Extra layout members written after the rectangle, in order (`color`, `rowHeight`, …).
    var extras: [(key: String, value: JSONValue)] = []

    /// `{"name":…,"kind":…,"x":…,"y":…,"width":…,"height":…, extras…}`
    var json: JSONValue {
        .object([
            ("name", .string(name)),
            ("kind", .string(kind.rawValue)),
            ("x", .int(rect.x)),
            ("y", .int(rect.y)),
            ("width", .int(rect.width)),
            ("height", .int(rect.height)),
        ] + extras)
    }
}

extension Array where Element == Widget {
    /// The first widget (in list order) whose rectangle contains the window point, if any.
    func hit(_ x: Int, _ y: Int) -> Widget? {
        first { $0.rect.contains(x, y) }
    }

    /// The widget called `name`.
    func named(_ name: String) -> Widget? {
        first { $0.name == name }
    }
}
