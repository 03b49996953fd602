/// A list box of 50 items, 8 rows visible, scrolled by the wheel and selected by clicking.
///
/// Design (800×600): List at x 40, y 40, 720 wide, exactly 8 rows of H/10 pixels (60 at 600 high);
/// Status at (40, 530, 720, 50). Row r (0-based, on screen) spans y List.y + r*rowHeight over the
/// full list width and shows item `first + r`.
final class ListScene: Scene {
    static let itemCount = 50
    static let visibleRows = 8

    private(set) var widgets: [Widget] = []
    private var rowHeight = 0
    private var first = 0
    private var selected: Int?

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    static func itemName(_ index: Int) -> String { "Item \(index + 1)" }

    func resize(width: Int, height: Int) {
        let scale = DesignScale(width: width, height: height)
        rowHeight = height / 10
        var list = scale.rect(40, 40, 720, 0)
        list.height = rowHeight * ListScene.visibleRows
        widgets = [
            Widget(name: "List", kind: .list, rect: list, extras: [
                ("rowHeight", .int(rowHeight)), ("rows", .int(ListScene.visibleRows)), ("items", .int(ListScene.itemCount)),
            ]),
            Widget(name: "Status", kind: .label, rect: scale.rect(40, 530, 720, 50)),
        ]
    }

    func draw(on canvas: Canvas) {
        guard let list = widgets.named("List") else { return }
        let rect = list.rect
        canvas.fill(rect, UIColor.listFace)
        let thumbWidth = max(6, rect.width / 50)
        for row in 0..<ListScene.visibleRows {
            let index = first + row
            let rowRect = Rect(x: rect.x, y: rect.y + row * rowHeight, width: rect.width, height: rowHeight)
            if index == selected {
                canvas.fill(rowRect, UIColor.selectedRow)
            }
            if row > 0 {
                canvas.fill(Rect(x: rowRect.x, y: rowRect.y, width: rowRect.width, height: 1), UIColor.rowSeparator)
            }
            var textRect = rowRect
            textRect.width -= thumbWidth + 4
            canvas.drawLabel(ListScene.itemName(index), in: textRect, alignment: .leading)
        }
        // Scroll position indicator along the right edge: decoration only, clicks there still select.
        let track = rect.insetBy(2)
        let thumbTop = track.y + track.height * first / ListScene.itemCount
        let thumbHeight = track.height * ListScene.visibleRows / ListScene.itemCount
        canvas.fill(Rect(x: track.maxX - thumbWidth, y: thumbTop, width: thumbWidth, height: thumbHeight), UIColor.scrollThumb)
        canvas.frame(rect, UIColor.border, thickness: 2)
        if let statusWidget = widgets.named("Status") {
            canvas.drawLabel(selected.map { "Selected: " + ListScene.itemName($0) } ?? "", in: statusWidget.rect, alignment: .leading)
        }
    }

    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool {
        guard input.button == 1, target == "List", let list = widgets.named("List"), rowHeight > 0 else { return false }
        let index = first + (input.y - list.rect.y) / rowHeight
        guard index < ListScene.itemCount else { return false }
        selected = index
        log.emit(.select(item: ListScene.itemName(index)))
        return true
    }

    func scrolled(dx: Int, dy: Int, at input: PointerInput, log: EventLog) -> Bool {
        guard dy != 0 else { return false }
        first = min(max(first + dy, 0), ListScene.itemCount - ListScene.visibleRows)
        log.emit(.listScroll(first: first))
        return true
    }
}
