import AgentCore
public import Foundation

/// JUnit XML, the format CI systems (GitLab, Jenkins, GitHub actions' test reporters) read: one test case
/// per scenario; failures with the reason and the failing step, skips with their reason, flaky scenarios
/// as passes with a note, and the artifacts folder in `system-out`.
public enum JUnitReport {
    /// The XML for `results`, which took `seconds` in all.
    public static func xml(_ results: [ScenarioResult], seconds: Double, interrupted: Bool = false) -> String {
        let failures = results.filter { $0.verdict == .failed }.count
        let skipped = results.filter { $0.verdict == .skipped }.count
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<testsuites name="deskpilot" tests="\#(results.count)" failures="\#(failures)" skipped="\#(skipped)" time="\#(format(seconds))">"# + "\n"
        xml += #"  <testsuite name="scenarios" tests="\#(results.count)" failures="\#(failures)" skipped="\#(skipped)" time="\#(format(seconds))">"# + "\n"
        if interrupted { xml += "    <properties><property name=\"interrupted\" value=\"true\"/></properties>\n" }
        for result in results {
            xml += #"    <testcase name="\#(escape(result.name))" classname="\#(escape(result.file))" time="\#(format(result.seconds))">"# + "\n"
            switch result.verdict {
            case .failed:
                let steps = (result.steps + result.expectations).map { "\($0.verdict == .failed ? "✗" : "✓") \($0.location) \($0.description) — \($0.detail)" }
                xml += #"      <failure message="\#(escape(result.reason ?? "failed"))">\#(escape(steps.joined(separator: "\n")))</failure>"# + "\n"
            case .skipped:
                xml += #"      <skipped message="\#(escape(result.reason ?? "skipped"))"/>"# + "\n"
            case .flaky:
                xml += #"      <properties><property name="flaky" value="passed on attempt \#(result.attempts)"/></properties>"# + "\n"
            case .passed:
                break
            }
            // Jenkins' and GitLab's attachment convention links the film from the test case.
            let video = result.video.map { "\n[[ATTACHMENT|\(result.artifacts)/\($0)]]" } ?? ""
            xml += "      <system-out>\(escape("artifacts: \(result.artifacts)" + video))</system-out>\n"
            xml += "    </testcase>\n"
        }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    /// Writes the XML to `url`.
    public static func write(_ results: [ScenarioResult], seconds: Double, interrupted: Bool = false, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(xml(results, seconds: seconds, interrupted: interrupted).utf8).write(to: url, options: .atomic)
    }

    static func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// Text escaped for markup; control and bidirectional characters shown as `U+XXXX` (XML allows no
    /// control characters, and a page must not be reordered by what an application or a model wrote).
    static func escape(_ text: String) -> String { SafeText.html(text) }
}
