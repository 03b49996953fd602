/// A ``ComputerAction`` with its points in screen pixels: what the desktop executes.
///
/// The cases and values are those of ``ComputerAction``; only the coordinates differ, mapped and clamped
/// to the screen by a ``ModelProfile``.
public enum ScreenAction: Sendable, Hashable, CustomStringConvertible {
    /// Press `keys` in order, release them in reverse.
    case key(keys: [String])
    /// Type `text`.
    case type(text: String)
    /// Move the cursor to `coordinate`.
    case mouseMove(coordinate: ScreenPoint)
    /// Left-click at `coordinate`, or where the cursor is.
    case leftClick(coordinate: ScreenPoint?)
    /// Press the left button where the cursor is, drag to `coordinate`, release.
    case leftClickDrag(coordinate: ScreenPoint)
    /// Right-click at `coordinate`, or where the cursor is.
    case rightClick(coordinate: ScreenPoint?)
    /// Middle-click at `coordinate`, or where the cursor is.
    case middleClick(coordinate: ScreenPoint?)
    /// Double-click at `coordinate`, or where the cursor is.
    case doubleClick(coordinate: ScreenPoint?)
    /// Triple-click at `coordinate`, or where the cursor is.
    case tripleClick(coordinate: ScreenPoint?)
    /// Scroll vertically by `pixels` as the model wrote it (positive: up), at `coordinate` when given.
    case scroll(pixels: Double, coordinate: ScreenPoint?)
    /// Scroll horizontally by `pixels` as the model wrote it, at `coordinate` when given.
    case hscroll(pixels: Double, coordinate: ScreenPoint?)
    /// Wait `time` seconds.
    case wait(time: Double)
    /// End the task with `status`.
    case terminate(status: TerminationStatus)
    /// Record `text` as the answer.
    case answer(text: String)

    /// `action` with each point mapped by `transform`.
    public init(_ action: ComputerAction, mappingPoints transform: (ModelPoint) -> ScreenPoint) {
        switch action {
        case .key(let keys): self = .key(keys: keys)
        case .type(let text): self = .type(text: text)
        case .mouseMove(let point): self = .mouseMove(coordinate: transform(point))
        case .leftClick(let point): self = .leftClick(coordinate: point.map(transform))
        case .leftClickDrag(let point): self = .leftClickDrag(coordinate: transform(point))
        case .rightClick(let point): self = .rightClick(coordinate: point.map(transform))
        case .middleClick(let point): self = .middleClick(coordinate: point.map(transform))
        case .doubleClick(let point): self = .doubleClick(coordinate: point.map(transform))
        case .tripleClick(let point): self = .tripleClick(coordinate: point.map(transform))
        case .scroll(let pixels, let point): self = .scroll(pixels: pixels, coordinate: point.map(transform))
        case .hscroll(let pixels, let point): self = .hscroll(pixels: pixels, coordinate: point.map(transform))
        case .wait(let time): self = .wait(time: time)
        case .terminate(let status): self = .terminate(status: status)
        case .answer(let text): self = .answer(text: text)
        }
    }

    /// The action's name in the tool, e.g. `left_click`.
    public var name: String {
        switch self {
        case .key: "key"
        case .type: "type"
        case .mouseMove: "mouse_move"
        case .leftClick: "left_click"
        case .leftClickDrag: "left_click_drag"
        case .rightClick: "right_click"
        case .middleClick: "middle_click"
        case .doubleClick: "double_click"
        case .tripleClick: "triple_click"
        case .scroll: "scroll"
        case .hscroll: "hscroll"
        case .wait: "wait"
        case .terminate: "terminate"
        case .answer: "answer"
        }
    }

    /// The point on the screen the action addresses, if any.
    public var coordinate: ScreenPoint? {
        switch self {
        case .mouseMove(let point), .leftClickDrag(let point): point
        case .leftClick(let point), .rightClick(let point), .middleClick(let point), .doubleClick(let point),
            .tripleClick(let point), .scroll(_, let point), .hscroll(_, let point):
            point
        case .key, .type, .wait, .terminate, .answer: nil
        }
    }

    /// The action in one line, e.g. `left_click (983, 364)`.
    public var description: String {
        var text = name
        switch self {
        case .key(let keys): text += " " + keys.joined(separator: "+")
        case .type(let typed), .answer(let typed): text += " " + JSONValue.string(typed).description
        case .scroll(let pixels, _), .hscroll(let pixels, _): text += " \(JSONValue.number(pixels))"
        case .wait(let time): text += " \(JSONValue.number(time)) s"
        case .terminate(let status): text += " \(status.rawValue)"
        default: break
        }
        if let point = coordinate { text += " \(point)" }
        return text
    }
}
