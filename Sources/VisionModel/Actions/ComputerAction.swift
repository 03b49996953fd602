/// One action of the `computer_use` tool, as the model asked for it, in the model's coordinates.
///
/// The cases are the tool's 14 actions in the cookbook's order (spec §3), their associated values named
/// after the tool's arguments. Clicks take an optional `coordinate` (none: click where the cursor is);
/// `left_click_drag` drags from the cursor to `coordinate`; `scroll` and `hscroll` may carry the point to
/// scroll at. A ``ModelProfile`` turns it into a ``ScreenAction``.
public enum ComputerAction: Sendable, Hashable, CustomStringConvertible {
    /// `key`: press `keys` in order, release them in reverse (`["ctrl", "c"]`).
    case key(keys: [String])
    /// `type`: type `text`.
    case type(text: String)
    /// `mouse_move`: move the cursor to `coordinate`.
    case mouseMove(coordinate: ModelPoint)
    /// `left_click` at `coordinate`, or where the cursor is.
    case leftClick(coordinate: ModelPoint?)
    /// `left_click_drag`: press the left button where the cursor is, drag to `coordinate`, release.
    case leftClickDrag(coordinate: ModelPoint)
    /// `right_click` at `coordinate`, or where the cursor is.
    case rightClick(coordinate: ModelPoint?)
    /// `middle_click` at `coordinate`, or where the cursor is.
    case middleClick(coordinate: ModelPoint?)
    /// `double_click` at `coordinate`, or where the cursor is.
    case doubleClick(coordinate: ModelPoint?)
    /// `triple_click` at `coordinate`, or where the cursor is.
    case tripleClick(coordinate: ModelPoint?)
    /// `scroll` vertically by `pixels` (positive: up), at `coordinate` when given. The unit is ambiguous
    /// (pyautogui treats it as wheel clicks; see spec §3.2); the executor decides.
    case scroll(pixels: Double, coordinate: ModelPoint?)
    /// `hscroll`: scroll horizontally by `pixels`, at `coordinate` when given.
    case hscroll(pixels: Double, coordinate: ModelPoint?)
    /// `wait` `time` seconds, then look again.
    case wait(time: Double)
    /// `terminate` the task with `status`.
    case terminate(status: TerminationStatus)
    /// `answer` the user's question with `text`.
    case answer(text: String)

    /// The tool's action names, in the cookbook's order: the `enum` of its `action` parameter.
    public static let actionNames = ToolDefinition.actionDescriptions.map(\.name)

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

    /// The point the action addresses, if any.
    public var coordinate: ModelPoint? {
        switch self {
        case .mouseMove(let point), .leftClickDrag(let point): point
        case .leftClick(let point), .rightClick(let point), .middleClick(let point), .doubleClick(let point),
            .tripleClick(let point), .scroll(_, let point), .hscroll(_, let point):
            point
        case .key, .type, .wait, .terminate, .answer: nil
        }
    }

    /// The action as the tool's arguments object, e.g. `{"action": "left_click", "coordinate": [512, 337]}`.
    public var arguments: JSONValue {
        var object: JSONObject = ["action": .string(name)]
        switch self {
        case .key(let keys): object["keys"] = .array(keys.map { .string($0) })
        case .type(let text), .answer(let text): object["text"] = .string(text)
        case .scroll(let pixels, _), .hscroll(let pixels, _): object["pixels"] = .number(pixels)
        case .wait(let time): object["time"] = .number(time)
        case .terminate(let status): object["status"] = .string(status.rawValue)
        default: break
        }
        if let point = coordinate { object["coordinate"] = [.number(point.x), .number(point.y)] }
        return .object(object)
    }

    /// The arguments object as one line of JSON.
    public var description: String { arguments.description }
}
