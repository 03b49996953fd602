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

    /// The safety policy's rules, when one is set: they decide before the dry run and `--confirm`.
    public var safety: SafetyPolicy?
    /// What the policy's window and OCR rules look at.
    public var inspector: SafetyPolicy.Inspector?
    /// How a policy's `confirm` rule asks when `confirm` (which asks about every action) is not set.
    public var askWhenPolicyConfirms: (@Sendable (DesktopAction<Point>) async -> Bool)?

    /// A gate; by default everything passes.
    public init(dryRun: Bool = false, confirm: (@Sendable (DesktopAction<Point>) async -> Bool)? = nil,
                safety: SafetyPolicy? = nil, inspector: SafetyPolicy.Inspector? = nil,
                askWhenPolicyConfirms: (@Sendable (DesktopAction<Point>) async -> Bool)? = nil) {
        self.dryRun = dryRun
        self.confirm = confirm
        self.safety = safety
        self.inspector = inspector
        self.askWhenPolicyConfirms = askWhenPolicyConfirms
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
        var asked = false
        if let safety {
            let proposal: SafetyPolicy.Proposal?
            switch decision {
            case .act(let action): proposal = SafetyPolicy.Proposal(action, inspect: inspector)
            case .callTool(let name, _): proposal = SafetyPolicy.Proposal(kind: "tool", tool: name, inspect: inspector)
            case .finish: proposal = nil
            }
            if let proposal {
                let ruling = await safety.decide(proposal)
                switch ruling.verdict {
                case .deny: return .deny(reason: "denied by the safety policy: \(ruling.rule) (\(ruling.location))")
                case .confirm:
                    guard case .act(let action) = decision, let confirm = confirm ?? askWhenPolicyConfirms else {
                        return .deny(reason: "the safety policy asks for confirmation (\(ruling.rule), \(ruling.location)) and nobody can confirm here")
                    }
                    guard await confirm(action) else { return .deny(reason: "declined by the user (\(ruling.rule), \(ruling.location))") }
                    asked = true
                case .allow: break
                }
            }
        }
        guard case .act(let action) = decision, action.sendsInput else { return .allow }
        if dryRun { return .dryRun }
        if !asked, let confirm, !(await confirm(action)) { return .deny(reason: "declined by the user") }
        return .allow
    }
}
