public import DesktopKit
public import VisionModel

/// Carries out the `computer_use` tool's actions, already mapped to screen pixels, on a `Desktop`.
public struct ScreenActionExecutor: Sendable {
    /// Wheel notches per unit of the model's `pixels` when it writes large values: Qwen-style models usually
    /// write notches (|v| ≤ 50); larger values are read as pixels, 100 per notch.
    public static let pixelsPerNotch = 100.0

    /// What an action meant for the run.
    public enum Outcome: Sendable, Equatable {
        /// Input was sent (or, in a dry run, would have been); the run goes on.
        case acted
        /// The model waited.
        case waited
        /// The model ended the task.
        case terminated(TerminationStatus)
        /// The model answered.
        case answered(String)
    }

    /// The desktop acted on.
    public let desktop: any Desktop
    /// When true, no input events are sent; the outcome is what would have happened.
    public let dryRun: Bool

    /// An executor for `desktop`.
    public init(desktop: any Desktop, dryRun: Bool = false) {
        self.desktop = desktop
        self.dryRun = dryRun
    }

    /// Performs `action`. A `wait` sleeps for its time (at most 60 s).
    public func perform(_ action: ScreenAction) async throws -> Outcome {
        switch action {
        case .terminate(let status): return .terminated(status)
        case .answer(let text): return .answered(text)
        case .wait(let seconds):
            try await Task.sleep(for: .milliseconds(Int(min(max(seconds, 0), 60) * 1000)))
            return .waited
        default:
            break
        }
        if dryRun { return .acted }
        switch action {
        case .key(let keys):
            try await desktop.key(KeyCombo(names: keys))
        case .type(let text):
            try await desktop.type(text)
        case .mouseMove(let point):
            try await desktop.move(to: Self.point(point))
        case .leftClick(let point):
            try await desktop.click(at: point.map(Self.point), button: .left, count: 1)
        case .rightClick(let point):
            try await desktop.click(at: point.map(Self.point), button: .right, count: 1)
        case .middleClick(let point):
            try await desktop.click(at: point.map(Self.point), button: .middle, count: 1)
        case .doubleClick(let point):
            try await desktop.click(at: point.map(Self.point), button: .left, count: 2)
        case .tripleClick(let point):
            try await desktop.click(at: point.map(Self.point), button: .left, count: 3)
        case .leftClickDrag(let point):
            try await desktop.drag(from: try await desktop.cursorPosition(), to: Self.point(point))
        case .scroll(let pixels, let point):
            // Positive scrolls up: wheel notches up are negative dy.
            try await desktop.scroll(dx: 0, dy: -Self.notches(pixels), at: point.map(Self.point))
        case .hscroll(let pixels, let point):
            try await desktop.scroll(dx: Self.notches(pixels), dy: 0, at: point.map(Self.point))
        case .terminate, .answer, .wait:
            break
        }
        return .acted
    }

    /// Wheel notches for the model's scroll amount (sign kept; at least one notch for a non-zero amount).
    public static func notches(_ amount: Double) -> Int {
        guard amount != 0 else { return 0 }
        let magnitude = abs(amount) <= 50 ? abs(amount) : abs(amount) / pixelsPerNotch
        return (amount < 0 ? -1 : 1) * max(1, Int(magnitude.rounded()))
    }

    private static func point(_ point: ScreenPoint) -> Point {
        Point(x: point.x, y: point.y)
    }
}

extension ScreenAction {
    /// Whether the action sends input (as opposed to waiting, terminating or answering).
    public var changesScreen: Bool {
        switch self {
        case .wait, .terminate, .answer: false
        default: true
        }
    }
}
