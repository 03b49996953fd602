public import DesktopKit

/// One step of a scenario, with where it is written.
public struct ScenarioStep: Sendable, Hashable {
    /// What the step does.
    public var action: Action
    /// Where it is in the file.
    public var location: SourceLocation

    /// A step doing `action`, written at `location` (in Swift, by default the line that builds it).
    public init(_ action: Action, at location: SourceLocation = SourceLocation(file: #filePath, line: #line, column: 1)) {
        self.action = action
        self.location = location
    }

    /// What a step does.
    public enum Action: Sendable, Hashable, CustomStringConvertible {
        /// Click `count` times with `button` at a place.
        case click(PlaceQuery, button: MouseButton, count: Int)
        /// Move the pointer to a place.
        case move(PlaceQuery)
        /// Press at one place, move to another, release.
        case drag(from: PlaceQuery, to: PlaceQuery)
        /// Scroll `dy` notches down (negative: up) and `dx` right, at a place or where the pointer is.
        case scroll(dx: Int, dy: Int, at: PlaceQuery?)
        /// Type text.
        case type(String)
        /// Press a key combination.
        case key(KeyCombo)
        /// Wait until a condition holds, at most `timeout` seconds.
        case waitFor(WaitCondition, timeout: Double)
        /// Wait a fixed time, in seconds.
        case wait(Double)
        /// Run a command (not through a shell) and wait for it; a non-zero exit fails the step.
        case run([String])
        /// Let the agent carry out a task, in at most `maxSteps` model steps.
        case agent(task: String, maxSteps: Int)

        public var description: String {
            switch self {
            case .click(let place, let button, let count):
                let name = count == 2 ? "double_click" : count == 3 ? "triple_click" : button == .right ? "right_click" : button == .middle ? "middle_click" : "click"
                return "\(name) \(place)"
            case .move(let place): return "move \(place)"
            case .drag(let from, let to): return "drag \(from) → \(to)"
            case .scroll(let dx, let dy, let at): return "scroll dx \(dx) dy \(dy)" + (at.map { " at \($0)" } ?? "")
            case .type(let text): return "type \(text.debugDescription)"
            case .key(let combo): return "key \(combo)"
            case .waitFor(let condition, let timeout): return "wait_for \(condition) (\(timeout.formatted) s)"
            case .wait(let seconds): return "wait \(seconds.formatted) s"
            case .run(let command): return "run \(command.joined(separator: " "))"
            case .agent(let task, _): return "agent \(task.debugDescription)"
            }
        }
    }
}

/// What `wait_for` waits for.
public enum WaitCondition: Sendable, Hashable, CustomStringConvertible {
    /// A phrase appears (OCR).
    case text(String, exact: Bool, within: Rect?)
    /// A phrase is gone (OCR).
    case gone(String, exact: Bool, within: Rect?)
    /// A needle image appears.
    case image(path: String, threshold: Double, within: Rect?)
    /// A top-level window whose title or class contains this text.
    case window(String)
    /// The screen has not changed for `quiet` seconds.
    case screenStable(quiet: Double)

    public var description: String {
        switch self {
        case .text(let text, _, _): "text \(text.debugDescription)"
        case .gone(let text, _, _): "gone \(text.debugDescription)"
        case .image(let path, _, _): "image \(path)"
        case .window(let name): "window \(name.debugDescription)"
        case .screenStable(let quiet): "screen stable for \(quiet.formatted) s"
        }
    }
}

extension Double {
    /// `2` or `0.5`: no trailing `.0`.
    var formatted: String { self == rounded() && abs(self) < 1e9 ? String(Int(self)) : String(self) }
}
