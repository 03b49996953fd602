public import DesktopKit
public import Imaging

/// One step of a scenario, with where it is written.
public struct ScenarioStep: Sendable, Hashable {
    /// What the step does.
    public var action: Action
    /// Where it is in the file.
    public var location: SourceLocation
    /// What the step is for, in the tester's words (`name:`): shown in reports instead of the action.
    public var name: String?
    /// Seconds its locators keep looking (`timeout:`), instead of the run's `--locate-timeout`.
    public var timeout: Double?

    /// A step doing `action`, written at `location` (in Swift, by default the line that builds it).
    public init(_ action: Action, at location: SourceLocation = SourceLocation(file: #filePath, line: #line, column: 1),
                name: String? = nil, timeout: Double? = nil) {
        self.action = action
        self.location = location
        self.name = name
        self.timeout = timeout
    }

    /// `name: action` when named, else the action.
    public var caption: String {
        name.map { "\($0): \(action)" } ?? action.description
    }

    /// What a step does: an action on the desktop at places named by locators (the same vocabulary the agent
    /// and the command line use), or one of the things only scenarios do.
    public enum Action: Sendable, Hashable, CustomStringConvertible {
        /// Click, move, drag, scroll, keys, typing or a fixed wait; places are found when the step runs.
        case desktop(DesktopAction<PlaceQuery>)
        /// Wait until a condition holds, at most `timeout` seconds.
        case waitFor(WaitCondition, timeout: Double)
        /// Run a command (not through a shell) and wait for it; a non-zero exit fails the step.
        case run([String])
        /// Let the agent carry out a task, in at most `maxSteps` model steps, with the model family `profile`
        /// (nil: the run's).
        case agent(task: String, maxSteps: Int, profile: String? = nil)

        public var description: String {
            switch self {
            case .desktop(let action): action.description
            case .waitFor(let condition, let timeout): "wait_for \(condition) (\(timeout.formatted) s)"
            case .run(let command): "run \(command.joined(separator: " "))"
            case .agent(let task, _, let profile): "agent \(task.debugDescription)" + (profile.map { " (\($0))" } ?? "")
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
