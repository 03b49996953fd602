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
    /// How a policy's `confirm` rule asks, given what would be done and the rule in words (`left_click (412,
    /// 300), which confirm near_text "Pay" (policy.yaml:4:5) asks about`), when `confirm` (which asks about every action) is not set or the
    /// decision is a tool call.
    public var askWhenPolicyConfirms: (@Sendable (String) async -> Bool)?

    /// A gate; by default everything passes.
    public init(dryRun: Bool = false, confirm: (@Sendable (DesktopAction<Point>) async -> Bool)? = nil,
                safety: SafetyPolicy? = nil, inspector: SafetyPolicy.Inspector? = nil,
                askWhenPolicyConfirms: (@Sendable (String) async -> Bool)? = nil) {
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

    /// The verdict on `decision`, and the safety policy's ruling when a policy is set and the decision is an
    /// action or a tool call (the record keeps it for every decision, allowed ones too). Finishing, waiting
    /// and custom tools (which honour the dry run themselves, through their context) always pass.
    public func check(_ decision: Decision) async -> (verdict: Verdict, ruling: SafetyPolicy.Ruling?) {
        var asked = false
        var ruling: SafetyPolicy.Ruling?
        if let safety {
            let proposal: SafetyPolicy.Proposal?
            switch decision {
            case .act(let action): proposal = SafetyPolicy.Proposal(action, inspect: inspector)
            case .callTool(let name, _): proposal = SafetyPolicy.Proposal(kind: "tool", tool: name, inspect: inspector)
            case .finish: proposal = nil
            }
            if let proposal {
                let decided = await safety.decide(proposal)
                ruling = decided
                switch decided.verdict {
                case .deny: return (.deny(reason: "denied by the safety policy: \(decided.rule) (\(decided.location))"), ruling)
                case .confirm:
                    let answer: Bool
                    if case .act(let action) = decision, let confirm {
                        answer = await confirm(action)
                    } else if let ask = askWhenPolicyConfirms {
                        answer = await ask("\(Self.words(decision)), which \(decided.rule) (\(decided.location)) asks about")
                    } else {
                        return (.deny(reason: "the safety policy asks for confirmation (\(decided.rule), \(decided.location)) and nobody can confirm here"), ruling)
                    }
                    guard answer else { return (.deny(reason: "declined by the user (\(decided.rule), \(decided.location))"), ruling) }
                    asked = true
                case .allow: break
                }
            }
        }
        return (await verdictWithoutPolicy(decision, asked: asked), ruling)
    }

    /// What `decision` would do, in words for a question.
    static func words(_ decision: Decision) -> String {
        switch decision {
        case .act(let action): action.description
        case .callTool(let name, _): "call the tool \(name)"
        case .finish(let finish): "finish (\(finish))"
        }
    }

    /// The dry run and `--confirm`, after the policy let `decision` through (`asked`: its confirm rule already asked).
    private func verdictWithoutPolicy(_ decision: Decision, asked: Bool) async -> Verdict {
        guard case .act(let action) = decision, action.sendsInput else { return .allow }
        if dryRun { return .dryRun }
        if !asked, let confirm, !(await confirm(action)) { return .deny(reason: "declined by the user") }
        return .allow
    }
}
