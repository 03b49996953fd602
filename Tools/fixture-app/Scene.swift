/// The scenes the fixture can show (`--scene`).
enum SceneKind: String, CaseIterable {
    case buttons, form, list, drag, keys, colors, photo

    /// A fresh scene of this kind for a window of the given size.
    func makeScene(width: Int, height: Int) -> any Scene {
        switch self {
        case .buttons: return ButtonsScene(width: width, height: height)
        case .form: return FormScene(width: width, height: height)
        case .list: return ListScene(width: width, height: height)
        case .drag: return DragScene(width: width, height: height)
        case .keys: return KeysScene(width: width, height: height)
        case .colors: return ColorsScene(width: width, height: height)
        case .photo: return PhotoScene(width: width, height: height)
        }
    }

    /// `--layout` output: `{"scene":…,"width":…,"height":…,"widgets":[…]}` for a fresh scene.
    func layoutJSON(width: Int, height: Int) -> JSONValue {
        let scene = makeScene(width: width, height: height)
        return .object([
            ("scene", .string(rawValue)),
            ("width", .int(width)),
            ("height", .int(height)),
            ("widgets", .array(scene.widgets.map(\.json))),
        ])
    }
}

/// One screenful of widgets with its own state and behaviour.
///
/// The event loop reports the generic events (`click`, `release`, `scroll`, `key`, `motion`) itself
/// and then calls the scene, which reports its own events on `log` and returns whether it must be
/// redrawn. Scenes never touch X directly except through `Canvas`.
protocol Scene: AnyObject {
    /// The widgets at their current positions; at start these are exactly the `--layout` widgets.
    var widgets: [Widget] { get }
    /// Recomputes the layout for a new window size (only a window manager resizes the window),
    /// keeping the scene's state.
    func resize(width: Int, height: Int)
    /// Paints the whole scene (the canvas has already been cleared to the background colour).
    func draw(on canvas: Canvas)
    /// A press of button 1, 2 or 3; `target` is the name reported in the `click` event.
    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool
    /// A release of button 1, 2 or 3.
    func pointerReleased(_ input: PointerInput, log: EventLog) -> Bool
    /// Motion while a button is held (`button` and `count` are 0).
    func pointerDragged(_ input: PointerInput, log: EventLog) -> Bool
    /// One wheel notch (`dx`/`dy` are -1, 0 or +1).
    func scrolled(dx: Int, dy: Int, at input: PointerInput, log: EventLog) -> Bool
    /// A press of a non-modifier key.
    func keyPressed(_ input: KeyInput, log: EventLog) -> Bool
}

extension Scene {
    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool { false }
    func pointerReleased(_ input: PointerInput, log: EventLog) -> Bool { false }
    func pointerDragged(_ input: PointerInput, log: EventLog) -> Bool { false }
    func scrolled(dx: Int, dy: Int, at input: PointerInput, log: EventLog) -> Bool { false }
    func keyPressed(_ input: KeyInput, log: EventLog) -> Bool { false }
}
