public import DesktopKit
public import Imaging

/// The one place every decision passes before it is carried out: the dry run, `--confirm`, and (with the
/// safety policy) the rules of a policy file. A decision that does not pass is not executed; the model is
/// told why.
public struct Gate: Sendable {
    /// When true, no input is sent: actions are recorded as what would have been done.
    public var dryRun: Bool
    /// Asked before each input action when set; `false` declines it.
    public var confirm: (@Sendable (DesktopAction<Point>) async -> Bool)?

    /// A gate; by default everything passes.
    public init(dryRun: Bool = false, confirm: (@Sendable (DesktopAction<Point>) async -> Bool)? = nil) {
        self.dryRun = dryRun
        self.confirm = confirm
    }

    /// What the gate says of one decision.
    public enum Verdict: Sendable, Hashable {
        /// Carry it out.
        case allow
        /// Record it as done, send nothing (a dry run).
        case dryRun
        /// Do not carry it out; `reason` is for the model and the record.
        case deny(reason: String)
    }

    /// The verdict on `decision`. Finishing, waiting and custom tools (which honour the dry run themselves,
    /// through their context) always pass.
    public func check(_ decision: Decision) async -> Verdict {
        guard case .act(let action) = decision, action.sendsInput else { return .allow }
        if dryRun { return .dryRun }
        if let confirm, !(await confirm(action)) { return .deny(reason: "declined by the user") }
        return .allow
    }
}
