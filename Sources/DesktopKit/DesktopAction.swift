import Imaging

/// One thing done to a desktop: Deskpilot's single vocabulary of input, whoever decided it.
///
/// The same cases serve every path, and only the way a place is named differs, which is the `Target`:
/// - `DesktopAction<Point>`: screen pixels, what ``Desktop/perform(_:)`` executes;
/// - `DesktopAction<ModelPoint>`: as a vision model wrote it, in its own coordinate space;
/// - a scenario's locators (`DesktopAction<PlaceQuery>` in ScenarioKit), resolved by OCR, needles or a model.
///
/// ``map(_:)`` turns one kind into another (mapping model points to the screen, resolving locators), so no
/// other code switches over the cases to convert them.
public enum DesktopAction<Target: Sendable & Hashable>: Sendable, Hashable {
    /// Clicks `button` `count` times (1: single, 2: double, 3: triple) at the target, or where the pointer is
    /// when the target is nil.
    case click(Target?, button: MouseButton = .left, count: Int = 1)
    /// Moves the pointer to the target.
    case move(to: Target)
    /// Presses `button` at the first target, moves through the others and releases at the last. A path of one
    /// target starts where the pointer is (a model's `left_click_drag`).
    case drag(along: [Target], button: MouseButton = .left)
    /// Turns the wheel by notches: `dy` > 0 down, < 0 up; `dx` > 0 right, < 0 left; at the target when given.
    case scroll(dx: Int, dy: Int, at: Target?)
    /// Presses `button` where the pointer is and keeps it down.
    case press(MouseButton)
    /// Releases `button`.
    case release(MouseButton)
    /// Taps a key combo.
    case key(KeyCombo)
    /// Types text exactly (`\n` types Return, `\t` Tab).
    case type(String)
    /// Waits, then looks again.
    case wait(seconds: Double)

    /// The same action with each target transformed, in order.
    public func map<T>(_ transform: (Target) throws -> T) rethrows -> DesktopAction<T> {
        switch self {
        case .click(let target, let button, let count): .click(try target.map(transform), button: button, count: count)
        case .move(let target): .move(to: try transform(target))
        case .drag(let path, let button): .drag(along: try path.map(transform), button: button)
        case .scroll(let dx, let dy, let target): .scroll(dx: dx, dy: dy, at: try target.map(transform))
        case .press(let button): .press(button)
        case .release(let button): .release(button)
        case .key(let combo): .key(combo)
        case .type(let text): .type(text)
        case .wait(let seconds): .wait(seconds: seconds)
        }
    }

    /// The targets the action addresses, in order (empty for keys, typing, waiting).
    public var targets: [Target] {
        switch self {
        case .click(let target, _, _), .scroll(_, _, let target): target.map { [$0] } ?? []
        case .move(let target): [target]
        case .drag(let path, _): path
        case .press, .release, .key, .type, .wait: []
        }
    }

    /// The last target: where the pointer ends up, and what a report marks.
    public var point: Target? { targets.last }

    /// Whether the action sends input (everything but ``wait(seconds:)``).
    public var sendsInput: Bool {
        if case .wait = self { false } else { true }
    }

    /// The action's name as records and the `computer_use` tool say it: `left_click`, `double_click`,
    /// `right_click`, `mouse_move`, `left_click_drag`, `scroll`, `key`, `type`, `wait`, …
    public var name: String {
        switch self {
        case .click(_, let button, let count):
            switch (button, count) {
            case (.left, 2): "double_click"
            case (.left, 3): "triple_click"
            case (_, 1): "\(button)_click"
            default: "\(button)_click×\(count)"
            }
        case .move: "mouse_move"
        case .drag(_, let button): button == .left ? "left_click_drag" : "\(button)_drag"
        case .scroll: "scroll"
        case .press(let button): "press_\(button)"
        case .release(let button): "release_\(button)"
        case .key: "key"
        case .type: "type"
        case .wait: "wait"
        }
    }

    /// One line for people and records, each target written by `target`: `left_click (412, 300)`,
    /// `scroll down 3 at (412, 300)`, `type "Ada"`, `key ctrl+s`.
    public func description(target: (Target) -> String) -> String {
        var parts = [name]
        switch self {
        case .scroll(let dx, let dy, _):
            if dy != 0 { parts.append(dy > 0 ? "down \(dy)" : "up \(-dy)") }
            if dx != 0 { parts.append(dx > 0 ? "right \(dx)" : "left \(-dx)") }
            if let at = point { parts.append("at " + target(at)) }
            return parts.joined(separator: " ")
        case .key(let combo): parts.append(combo.description)
        case .type(let text): parts.append(text.debugDescription)
        case .wait(let seconds): parts.append("\(seconds.compactDescription) s")
        default: break
        }
        let places = targets.map(target)
        if !places.isEmpty { parts.append(places.joined(separator: " → ")) }
        return parts.joined(separator: " ")
    }
}

extension DesktopAction: CustomStringConvertible where Target: CustomStringConvertible {
    /// ``description(target:)`` with each target's own description.
    public var description: String { description { $0.description } }
}

extension Double {
    /// `2` or `0.5`: no trailing `.0`.
    var compactDescription: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
