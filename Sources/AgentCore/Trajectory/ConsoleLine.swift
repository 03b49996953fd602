/// The line a run prints for each event: what the step decided and what came of it. Everything in it that a
/// model wrote is made safe for a terminal and cut to 300 characters, so a run prints a few hundred bytes a
/// step whatever its replies; the trajectory keeps them whole.
public enum ConsoleLine {
    /// The most characters of model text a line shows.
    public static let limit = 300

    /// The line for `event`, or nil for events the command reports itself (start, end).
    public static func describe(_ event: TrajectoryEvent) -> String? {
        guard case .step(let step) = event else { return nil }
        let prefix = "step \(step.step): "
        guard let decision = step.decision else {
            let problem = step.error ?? step.result ?? "no decision"
            return prefix + (step.error != nil && step.requests != nil ? "unusable reply, asking again — " : "") + SafeText.line(problem, limit: limit)
        }
        var line = SafeText.line(decision, limit: limit)
        switch step.gate {
        case "dry run"?: line += " (dry run)"
        case let gate? where gate.hasPrefix("denied"): line += " — \(SafeText.line(gate, limit: 120))"
        default: break
        }
        // A tool's output is worth a look; the loop's own words for acting are not.
        let routine = ["acted", "waited", "dry run: not sent"]
        if let result = step.result, !routine.contains(result), !decision.hasPrefix("terminate"), !decision.hasPrefix("answer") {
            line += " → " + SafeText.line(result, limit: limit)
        }
        return prefix + line
    }
}
