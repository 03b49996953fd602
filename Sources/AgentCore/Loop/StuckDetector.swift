public import DesktopKit
public import Imaging

/// Notices a run going nowhere: the same action again and again on a screen that does not change. After
/// ``limit`` repeats the model is nudged; one more, and the run fails.
///
/// The screens are compared only when the action repeats, so a run that makes progress pays nothing.
public struct StuckDetector: Sendable {
    /// Repeats that get a nudge; one more fails the run.
    public let limit: Int
    private var last: (action: DesktopAction<Point>, screen: Image)?
    private var repeats = 0

    /// A detector nudging after `limit` repeats.
    public init(limit: Int) {
        self.limit = limit
    }

    /// What to do about an action about to be taken on `screen`.
    public enum Verdict: Sendable, Equatable {
        /// Go on.
        case proceed
        /// Go on, and tell the model (the message) that its action changes nothing.
        case nudge(String)
        /// Stop the run: `reason` says why.
        case stuck(reason: String)
    }

    /// Notes `action` on `screen` and says what to do.
    public mutating func note(_ action: DesktopAction<Point>, on screen: Image) -> Verdict {
        if let last, last.action == action, last.screen.pixels == screen.pixels {
            repeats += 1
        } else {
            repeats = 1
        }
        last = (action, screen)
        if repeats > limit { return .stuck(reason: "stuck: \(action) on an unchanged screen \(repeats) times") }
        if repeats == limit { return .nudge("The screen did not change after \(action) \(repeats) times. Try something else.") }
        return .proceed
    }
}
