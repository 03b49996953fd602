public import Imaging

/// The largest amounts one action may carry. Input comes from models, scenario files and outside agents;
/// some of it is wrong and some hostile, and a reply asking to scroll 10¹² notches must be a correction,
/// not an hour of wheel events. Every path checks its actions with ``DesktopAction/checked(against:screen:)``
/// before they reach a desktop.
public struct ActionLimits: Sendable, Hashable {
    /// Wheel notches one scroll may turn, on each axis.
    public var maxScrollNotches: Int
    /// The longest wait, in seconds.
    public var maxWaitSeconds: Double
    /// The most characters one `type` may carry.
    public var maxTextLength: Int
    /// The most names one key combo may be written with (modifiers and the key).
    public var maxKeysInCombo: Int
    /// The most points a drag path may have.
    public var maxDragPoints: Int

    /// Limits; by default 50 notches, 60 s, 5000 characters, 6 key names and 64 drag points.
    public init(maxScrollNotches: Int = 50, maxWaitSeconds: Double = 60, maxTextLength: Int = 5000, maxKeysInCombo: Int = 6,
                maxDragPoints: Int = 64) {
        self.maxScrollNotches = maxScrollNotches
        self.maxWaitSeconds = maxWaitSeconds
        self.maxTextLength = maxTextLength
        self.maxKeysInCombo = maxKeysInCombo
        self.maxDragPoints = maxDragPoints
    }
}

/// An action past a limit, or aimed off the screen. Each ``description`` says what was asked, what is
/// allowed, and what to do instead — it is sent back to a model as a correction as it is.
public enum ActionLimitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A click count other than 1, 2 or 3.
    case clickCount(Int)
    /// A scroll of more notches than allowed.
    case scrollTooFar(notches: Int, limit: Int)
    /// A wait that is negative, not a number, or too long.
    case waitOutOfRange(seconds: Double, limit: Double)
    /// Text longer than allowed.
    case textTooLong(length: Int, limit: Int)
    /// Empty text to type.
    case emptyText
    /// A drag path with no points, or too many.
    case dragPath(points: Int, limit: Int)
    /// A point that is not on the screen.
    case offScreen(Point, screen: Size)

    public var description: String {
        switch self {
        case .clickCount(let count):
            "A click count of \(count) is not possible: use 1 (single), 2 (double) or 3 (triple click)."
        case .scrollTooFar(let notches, let limit):
            "Scrolling \(notches) notches in one action is more than the \(limit) allowed: scroll by at most \(limit) and look again."
        case .waitOutOfRange(let seconds, let limit):
            "A wait of \(seconds) seconds is not allowed: wait between 0 and \(limit.compactDescription) seconds, then look again."
        case .textTooLong(let length, let limit):
            "The text to type has \(length) characters; at most \(limit) are allowed in one action. Split it into shorter steps."
        case .emptyText:
            "There is no text to type: give a non-empty text."
        case .dragPath(let points, let limit):
            points == 0 ? "A drag needs a point to drag to." : "A drag path of \(points) points is longer than the \(limit) allowed."
        case .offScreen(let point, let screen):
            "The point \(point) is off the \(screen) screen: x must lie in 0…\(screen.width - 1) and y in 0…\(screen.height - 1)."
        }
    }
}

extension DesktopAction {
    /// The action itself when every amount is within `limits` (and, with `screen`, every point on it).
    ///
    /// - Throws: ``ActionLimitError`` naming the first amount past its limit.
    public func checked(against limits: ActionLimits, screen: Size? = nil) throws(ActionLimitError) -> Self where Target == Point {
        try checkAmounts(limits)
        if let screen {
            for point in targets where !(0..<screen.width).contains(point.x) || !(0..<screen.height).contains(point.y) {
                throw .offScreen(point, screen: screen)
            }
        }
        return self
    }

    /// Checks every amount but the targets, whatever they are (model points are checked by their reader).
    ///
    /// - Throws: ``ActionLimitError``.
    public func checkAmounts(_ limits: ActionLimits) throws(ActionLimitError) {
        switch self {
        case .click(_, _, let count):
            guard (1...3).contains(count) else { throw .clickCount(count) }
        case .scroll(let dx, let dy, _):
            let worst = max(dx.magnitude, dy.magnitude)
            guard worst <= UInt(limits.maxScrollNotches) else { throw .scrollTooFar(notches: abs(dy) >= abs(dx) ? dy : dx, limit: limits.maxScrollNotches) }
        case .wait(let seconds):
            guard seconds.isFinite, seconds >= 0, seconds <= limits.maxWaitSeconds else {
                throw .waitOutOfRange(seconds: seconds, limit: limits.maxWaitSeconds)
            }
        case .type(let text):
            guard !text.isEmpty else { throw .emptyText }
            // Counting stops past the limit: a 250 KB reply costs no more than the limit to check.
            let length = text.prefix(limits.maxTextLength + 1).count
            guard length <= limits.maxTextLength else { throw .textTooLong(length: text.count, limit: limits.maxTextLength) }
        case .drag(let path, _):
            guard (1...max(1, limits.maxDragPoints)).contains(path.count) else { throw .dragPath(points: path.count, limit: limits.maxDragPoints) }
        case .move, .press, .release, .key:
            break
        }
    }
}
