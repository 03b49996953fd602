/// Three labelled text fields, a Submit button and a status line. ctrl+u clears the focused field.
///
/// Design (800×600): captions at x 40 (160 wide), fields at x 220 (540 wide), rows at y 60, 150, 240
/// (60 tall); Submit at (220, 340, 220, 80); Status at (40, 480, 720, 60).
final class FormScene: Scene {
    static let fieldNames = ["Name", "Email", "City"]

    private(set) var widgets: [Widget] = []
    private var values = ["", "", ""]
    private var focused = 0
    private var status = ""

    init(width: Int, height: Int) {
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        let scale = DesignScale(width: width, height: height)
        widgets = []
        for (row, name) in FormScene.fieldNames.enumerated() {
            let top = 60 + 90 * row
            widgets.append(Widget(name: name + "Label", kind: .label, rect: scale.rect(40, top, 160, 60)))
            widgets.append(Widget(name: name, kind: .field, rect: scale.rect(220, top, 540, 60)))
        }
        widgets.append(Widget(name: "Submit", kind: .button, rect: scale.rect(220, 340, 220, 80)))
        widgets.append(Widget(name: "Status", kind: .label, rect: scale.rect(40, 480, 720, 60)))
    }

    func draw(on canvas: Canvas) {
        for (index, name) in FormScene.fieldNames.enumerated() {
            if let caption = widgets.named(name + "Label") {
                canvas.drawLabel(name, in: caption.rect, alignment: .leading)
            }
            if let field = widgets.named(name) {
                canvas.drawField(values[index], in: field.rect, focused: index == focused)
            }
        }
        if let submit = widgets.named("Submit") {
            canvas.drawButton("Submit", in: submit.rect)
        }
        if let statusWidget = widgets.named("Status") {
            canvas.drawLabel(status, in: statusWidget.rect, alignment: .leading)
        }
    }

    func pointerPressed(_ input: PointerInput, target: String?, log: EventLog) -> Bool {
        guard input.button == 1, let target else { return false }
        if let index = FormScene.fieldNames.firstIndex(of: target) {
            focus(index, log: log)
            return true
        }
        if target == "Submit" {
            submit(log: log)
            return true
        }
        return false
    }

    func keyPressed(_ input: KeyInput, log: EventLog) -> Bool {
        let commandHeld = !input.modifiers.isDisjoint(with: [.ctrl, .alt, .superKey])
        switch input.keysym {
        case KeySymbols.tab, KeySymbols.isoLeftTab:
            guard !commandHeld else { return false }
            let backwards = input.modifiers.contains(.shift) || input.keysym == KeySymbols.isoLeftTab
            let count = FormScene.fieldNames.count
            focus((focused + (backwards ? count - 1 : 1)) % count, log: log)
            return true
        case KeySymbols.returnKey, KeySymbols.keypadEnter:
            submit(log: log)
            return true
        case KeySymbols.u where input.modifiers == .ctrl:
            // Kill-line, as in a terminal: reported even when the field was already empty.
            values[focused] = ""
            log.emit(.text(field: FormScene.fieldNames[focused], value: ""))
            return true
        case KeySymbols.backSpace:
            guard !values[focused].isEmpty else { return false }
            values[focused].removeLast()
            log.emit(.text(field: FormScene.fieldNames[focused], value: values[focused]))
            return true
        default:
            let printable = !input.text.isEmpty && input.text.unicodeScalars.allSatisfy { scalar in
                !(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
            }
            guard printable, !commandHeld else { return false }
            values[focused] += input.text
            log.emit(.text(field: FormScene.fieldNames[focused], value: values[focused]))
            return true
        }
    }

    private func focus(_ index: Int, log: EventLog) {
        focused = index
        log.emit(.focus(field: FormScene.fieldNames[index]))
    }

    private func submit(log: EventLog) {
        log.emit(.submit(values: Array(zip(FormScene.fieldNames, values)).map { (field: $0.0, value: $0.1) }))
        let filled = values.filter { !$0.isEmpty }
        status = "Submitted: " + (filled.isEmpty ? "(empty)" : filled.joined(separator: ", "))
    }
}
