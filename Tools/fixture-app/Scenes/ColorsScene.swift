/// Eight solid, borderless colour patches in a 4×2 grid that fills the window, for pixel-exact
/// screen-capture tests. Patch (column c, row r) spans x c*W/4 ..< (c+1)*W/4, y r*H/2 ..< (r+1)*H/2.
final class ColorsScene: Scene {
    /// Names and colours in grid order: top row left to right, then bottom row.
    static let patches: [(name: String, color: RGB)] = [
        ("Black", RGB(0x000000)), ("White", RGB(0xFFFFFF)), ("Red", RGB(0xFF0000)), ("Green", RGB(0x00FF00)),
        ("Blue", RGB(0x0000FF)), ("Navy", RGB(0x123456)), ("Peach", RGB(0xFEDCBA)), ("Grey", RGB(0x808080)),
    ]

    private(set) var widgets: [Widget] = []

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        widgets = ColorsScene.patches.enumerated().map { index, patch in
            let column = index % 4, row = index / 4
            let left = column * width / 4, top = row * height / 2
            let rect = Rect(x: left, y: top, width: (column + 1) * width / 4 - left, height: (row + 1) * height / 2 - top)
            return Widget(name: patch.name, kind: .patch, rect: rect, extras: [("color", .string(patch.color.hexString))])
        }
    }

    func draw(on canvas: Canvas) {
        for (widget, patch) in zip(widgets, ColorsScene.patches) {
            canvas.fill(widget.rect, patch.color)
        }
    }
}
