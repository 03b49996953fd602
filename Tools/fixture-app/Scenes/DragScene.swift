/// A blue square to drag with button 1 and a bin to drop it on.
///
/// Layout: Square 100×100 at (W/8, H/2-50); Bin 200×200 at (W-W/8-200, H/2-100); Status at design
/// (40, 520, 720, 60). At 800×600: Square (100, 250), Bin (500, 200).
final class DragScene: Scene {
    static let squareSize = 100
    static let binSize = 200

    private(set) var widgets: [Widget] = []
    private var width = 0
    private var height = 0
    private var status = ""
    /// The drag in progress: pointer offset inside the square and MotionNotify count so far.
    private var drag: (offsetX: Int, offsetY: Int, motions: Int)?

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        let moved = widgets.named("Square")?.rect
        self.width = width
        self.height = height
        let scale = DesignScale(width: width, height: height)
        widgets = [
            Widget(name: "Square", kind: .draggable, rect: Rect(
                x: width / 8, y: height / 2 - DragScene.squareSize / 2, width: DragScene.squareSize, height: DragScene.squareSize)),
            Widget(name: "Bin", kind: .target, rect: Rect(
                x: width - width / 8 - DragScene.binSize, y: height / 2 - DragScene.binSize / 2,
                width: DragScene.binSize, height: DragScene.binSize)),
            Widget(name: "Status", kind: .label, rect: scale.rect(40, 520, 720, 60)),
        ]
        if let moved { moveSquare(x: moved.x, y: moved.y) }
    }

    func draw(on canvas: Canvas) {
        for widget in widgets {
            switch widget.name {
            case "Bin":
                canvas.fill(widget.rect, UIColor.binFace)
                canvas.frame(widget.rect, UIColor.border, thickness: 3)
                var caption = widget.rect
                caption.height = 50
                canvas.drawLabel("Bin", in: caption, alignment: .center)
            case "Status":
                canvas.drawLabel(status, in: widget.rect, alignment: .leading)
            default:
                break
            }
        }
        if let square = widgets.named("Square") {
            canvas.fill(square.rect, UIColor.square)
        }
    }

    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool {
        guard input.button == 1, drag == nil, target == "Square", let square = widgets.named("Square") else { return false }
        drag = (input.x - square.rect.x, input.y - square.rect.y, 0)
        log.emit(.dragStart(target: "Square", x: input.rootX, y: input.rootY))
        return false
    }

    func pointerDragged(_ input: PointerInput, log: EventLog) -> Bool {
        guard let current = drag else { return false }
        drag = (current.offsetX, current.offsetY, current.motions + 1)
        moveSquare(x: input.x - current.offsetX, y: input.y - current.offsetY)
        return true
    }

    func pointerReleased(_ input: PointerInput, log: EventLog) -> Bool {
        guard input.button == 1, let finished = drag else { return false }
        drag = nil
        moveSquare(x: input.x - finished.offsetX, y: input.y - finished.offsetY)
        var target: String?
        if let bin = widgets.named("Bin"), bin.rect.contains(input.x, input.y) {
            target = "Bin"
            moveSquare(x: bin.rect.x + (bin.rect.width - DragScene.squareSize) / 2,
                       y: bin.rect.y + (bin.rect.height - DragScene.squareSize) / 2)
        }
        status = target == nil ? "Dropped outside" : "Dropped on Bin"
        log.emit(.drop(target: target, x: input.rootX, y: input.rootY, motions: finished.motions))
        return true
    }

    /// Moves the square's top-left corner, keeping the whole square inside the window and above the
    /// Status label (so the status stays readable).
    private func moveSquare(x: Int, y: Int) {
        guard let index = widgets.firstIndex(where: { $0.name == "Square" }) else { return }
        let bottom = widgets.named("Status")?.rect.y ?? height
        widgets[index].rect.x = min(max(x, 0), max(0, width - DragScene.squareSize))
        widgets[index].rect.y = min(max(y, 0), max(0, bottom - DragScene.squareSize))
    }
}
