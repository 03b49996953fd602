/// Six large buttons in a 3×2 grid and a status line saying which was clicked.
///
/// Design (800×600): columns at x 40, 290, 540 (220 wide), rows at y 60 and 190 (90 tall);
/// Status at (40, 500, 720, 60).
final class ButtonsScene: Scene {
    static let buttonNames = ["OK", "Cancel", "Apply", "Help", "Save", "Quit"]

    private(set) var widgets: [Widget] = []
    private var status = ""

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        let scale = DesignScale(width: width, height: height)
        widgets = ButtonsScene.buttonNames.enumerated().map { index, name in
            Widget(name: name, kind: .button, rect: scale.rect(40 + 250 * (index % 3), 60 + 130 * (index / 3), 220, 90))
        }
        widgets.append(Widget(name: "Status", kind: .label, rect: scale.rect(40, 500, 720, 60)))
    }

    func draw(on canvas: Canvas) {
        for widget in widgets where widget.kind == .button {
            canvas.drawButton(widget.name, in: widget.rect)
        }
        if let statusWidget = widgets.named("Status") {
            canvas.drawLabel(status, in: statusWidget.rect, alignment: .center)
        }
    }

    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool {
        guard let target, ButtonsScene.buttonNames.contains(target) else { return false }
        let verb = switch input.button {
        case 2: "Middle-clicked"
        case 3: "Right-clicked"
        default: "Clicked"
        }
        status = "\(verb): \(target) ×\(input.count)"
        return true
    }
}
