public import AgentCore
import DesktopKit
import Foundation
import Imaging
import Yams

/// Reads a safety policy file (YAML, see docs/policy.md) into a ``SafetyPolicy``; every mistake is reported
/// at `file:line:column` before anything runs.
///
/// ```yaml
/// default: allow
/// rules:
///   - deny: { near_text: "Delete|Format|Pay" }
///   - confirm: { kind: [type, click], window: "xterm|Terminal" }
///   - deny: { key: [ctrl+alt+Delete] }
/// ```
public enum SafetyPolicyParser {
    static let conditionKeys = ["kind", "text", "key", "window", "region", "near_text", "tool"]
    static let kinds = ["click", "double_click", "triple_click", "right_click", "middle_click", "move", "drag", "scroll", "key", "type",
                        "press", "release", "tool", "run"]

    /// The built-in `--policy safe`: confirm typing into or clicking inside terminals, confirm key
    /// combinations that close windows or end the session, deny scenario `run:` steps, and deny custom
    /// tools (every tool but the MCP server's own `focus`, `run_task` and `run_scenario`, whose agent and
    /// scenarios obey the same policy).
    public static let safe = """
        default: allow
        rules:
          - confirm: { kind: [type, key, click, double_click, triple_click, right_click, middle_click], window: "xterm|terminal|konsole|urxvt|alacritty|kitty|tilix|terminator" }
          - confirm: { key: [alt+F4, ctrl+w, ctrl+q, ctrl+shift+q, ctrl+alt+Delete, ctrl+alt+BackSpace, super+l] }
          - deny: { kind: run }
          - deny: { kind: tool, tool: "^(?!(focus|run_task|run_scenario)$)" }
        """

    /// The policy `name` names: `safe`, or a file.
    public static func load(_ name: String) throws(ScenarioError) -> SafetyPolicy {
        if name == "safe" { return try parse(safe, file: "<built-in policy 'safe'>") }
        let text: String
        do {
            text = try String(contentsOfFile: name, encoding: .utf8)
        } catch {
            throw ScenarioError("cannot read the policy file (\(error.localizedDescription)); give a YAML file or 'safe'",
                                at: SourceLocation(file: name, line: 1, column: 1))
        }
        return try parse(text, file: name)
    }

    /// The policy written in `text`, read from `file`.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> SafetyPolicy {
        let root = YAMLNode(node: try ScenarioParser.compose(text, file: file, empty: "the policy is empty; it needs 'rules' (and may have 'default')"),
                            file: file)
        let top = try root.fields("a policy", allowed: ["default", "rules"])
        var policy = SafetyPolicy(rules: [])
        if let node = top["default"] {
            let name = try node.string("'default' (allow, confirm or deny)")
            guard let verdict = SafetyPolicy.Verdict(rawValue: name) else { throw node.error("'default' is allow, confirm or deny, found \(name.debugDescription)") }
            policy.defaultVerdict = verdict
            policy.defaultLocation = node.location.description
        }
        for item in try top.required("rules").list("'rules'") {
            let (key, keyNode, value) = try item.fields("a rule", allowed: SafetyPolicy.Verdict.allCases.map(\.rawValue)).single()
            guard let verdict = SafetyPolicy.Verdict(rawValue: key) else { throw keyNode.error("a rule is allow, confirm or deny") }
            policy.rules.append(SafetyPolicy.Rule(verdict: verdict, conditions: try conditions(value), location: item.location.description))
        }
        return policy
    }

    private static func conditions(_ node: YAMLNode) throws(ScenarioError) -> [SafetyPolicy.Condition] {
        let fields = try node.fields("a rule's conditions", allowed: conditionKeys)
        var conditions: [SafetyPolicy.Condition] = []
        for (key, _, value) in fields.entries {
            switch key {
            case "kind":
                let names = try words(value, "'kind'")
                for name in names where !kinds.contains(name) {
                    throw value.error("unknown action kind '\(name)'; the kinds are \(kinds.joined(separator: ", "))")
                }
                conditions.append(.kind(Set(names)))
            case "key":
                var combos: [KeyCombo] = []
                for name in try words(value, "'key' (a combination such as alt+F4)") {
                    do { combos.append(try KeyCombo(parsing: name)) } catch { throw value.error("\(error)") }
                }
                conditions.append(.key(combos))
            case "region":
                let numbers = try value.list("'region' [x, y, width, height]")
                var values: [Int] = []
                for number in numbers { values.append(try number.int("a region's number")) }
                guard values.count == 4, values[2] > 0, values[3] > 0 else { throw value.error("'region' is [x, y, width, height] with a positive size") }
                conditions.append(.region(Rect(x: values[0], y: values[1], width: values[2], height: values[3])))
            default:
                let pattern = try value.string("'\(key)' (a regular expression)")
                guard (try? NSRegularExpression(pattern: pattern)) != nil else {
                    throw value.error("'\(key)' is not a valid regular expression: \(pattern.debugDescription)")
                }
                switch key {
                case "text": conditions.append(.typed(pattern))
                case "window": conditions.append(.window(pattern))
                case "near_text": conditions.append(.nearText(pattern))
                default: conditions.append(.tool(pattern))
                }
            }
        }
        return conditions
    }

    /// A word or a list of words.
    private static func words(_ node: YAMLNode, _ what: String) throws(ScenarioError) -> [String] {
        if case .sequence = node.node { return try node.words(what) }
        return [try node.string(what)]
    }
}
