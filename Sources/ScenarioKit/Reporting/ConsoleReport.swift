import AgentCore
import Foundation

/// Lines for a terminal: one per finished scenario, and the summary.
public enum ConsoleReport {
    /// `[3/12] form-submit ✓ 4.2s`, with the reason on the next line for failures and skips.
    public static func line(finished: Int, total: Int, _ result: ScenarioResult) -> String {
        let mark: String
        switch result.verdict {
        case .passed: mark = "✓"
        case .failed: mark = "✗"
        case .flaky: mark = "⚠ flaky (passed on attempt \(result.attempts))"
        case .skipped: mark = "- skipped"
        }
        var line = "[\(finished)/\(total)] \(result.name) \(mark) \(String(format: "%.1fs", result.seconds))"
        if let reason = result.reason, result.verdict == .failed || result.verdict == .skipped {
            line += "\n      \(SafeText.line(reason, limit: 600))"
            if result.verdict == .failed { line += "\n      artifacts: \(result.artifacts)" }
        }
        return line
    }

    /// `N passed, N failed, N flaky, N skipped` (and the time).
    public static func summary(_ results: [ScenarioResult], seconds: Double) -> String {
        func count(_ verdict: Verdict) -> Int { results.filter { $0.verdict == verdict }.count }
        return "\(count(.passed)) passed, \(count(.failed)) failed, \(count(.flaky)) flaky, \(count(.skipped)) skipped"
            + String(format: " (%.1fs)", seconds)
    }
}
