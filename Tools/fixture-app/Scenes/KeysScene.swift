/// Shows the last key combo in very large text.
///
/// Design (800×600): LastKey at (40, 200, 720, 200).
final class KeysScene: Scene {
    private(set) var widgets: [Widget] = []
    private var lastKey = ""

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        let scale = DesignScale(width: width, height: height)
        widgets = [Widget(name: "LastKey", kind: .label, rect: scale.rect(40, 200, 720, 200))]
    }

    func draw(on canvas: Canvas) {
        if let label = widgets.named("LastKey") {
            canvas.drawLabel(lastKey, in: label.rect, font: .huge, alignment: .center)
        }
    }

    func keyPressed(_ input: KeyInput, log: EventLog) -> Bool {
        lastKey = input.combo
        return true
    }
}
