public import DesktopKit
import Foundation
import Synchronization
public import Imaging
public import TextRecognition

/// A safety policy: rules in order, the first whose conditions all hold decides — `allow`, `confirm` or
/// `deny` — and a default for actions no rule matches. Every path that sends input obeys it: `deskpilot
/// run` (through the ``Gate``), scenario `agent:` steps, and `deskpilot mcp`. Read from YAML by
/// `ScenarioKit.SafetyPolicyParser` (see docs/policy.md).
public struct SafetyPolicy: Sendable {
    /// What a rule (or the default) says.
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        case allow, confirm, deny
    }

    /// One rule: its verdict, its conditions (all must hold), and where it is written.
    public struct Rule: Sendable {
        public var verdict: Verdict
        public var conditions: [Condition]
        /// `file:line:column` of the rule, for every decision it makes.
        public var location: String

        public init(verdict: Verdict, conditions: [Condition], location: String) {
            self.verdict = verdict
            self.conditions = conditions
            self.location = location
        }
    }

    /// What a rule looks at. Patterns are regular expressions, matched anywhere, ignoring case.
    public enum Condition: Sendable {
        /// The action's kind: `click`, `double_click`, `right_click`, `move`, `drag`, `scroll`, `key`, `type`,
        /// `tool` (a custom or MCP tool).
        case kind(Set<String>)
        /// The text typed.
        case typed(String)
        /// The key combination pressed (compared as combos: `ctrl+alt+delete` is `Ctrl+Alt+Delete`).
        case key([KeyCombo])
        /// The title or class of the window under the target point (or the focused one when there is none).
        case window(String)
        /// The target point lies in this part of the screen.
        case region(Rect)
        /// The text OCR reads at or near the target point (within 60 px).
        case nearText(String)
        /// The tool's name.
        case tool(String)
    }

    public var rules: [Rule]
    /// The verdict when no rule matches.
    public var defaultVerdict: Verdict
    /// Where the default is written (or "the default" when it is not).
    public var defaultLocation: String

    public init(rules: [Rule], defaultVerdict: Verdict = .allow, defaultLocation: String = "the policy's default") {
        self.rules = rules
        self.defaultVerdict = defaultVerdict
        self.defaultLocation = defaultLocation
    }

    /// An action about to be done, with what the rules may look at.
    public struct Proposal: Sendable {
        public var kind: String
        public var point: Point?
        public var typed: String?
        public var key: KeyCombo?
        public var tool: String?
        /// Looks up the window under a point (or the focused one) and the text near it, only when a rule asks.
        public var inspect: Inspector?

        public init(kind: String, point: Point? = nil, typed: String? = nil, key: KeyCombo? = nil, tool: String? = nil, inspect: Inspector? = nil) {
            self.kind = kind
            self.point = point
            self.typed = typed
            self.key = key
            self.tool = tool
            self.inspect = inspect
        }

        /// The proposal for a desktop action (nil for one that sends no input).
        public init?(_ action: DesktopAction<Point>, inspect: Inspector? = nil) {
            guard action.sendsInput else { return nil }
            switch action {
            case .click(let point, let button, let count):
                let kind = count == 2 ? "double_click" : count == 3 ? "triple_click" : button == .left ? "click" : "\(button.rawValue)_click"
                self.init(kind: kind, point: point, inspect: inspect)
            case .move(let point): self.init(kind: "move", point: point, inspect: inspect)
            case .drag(let path, _): self.init(kind: "drag", point: path.first, inspect: inspect)
            case .scroll(_, _, let point): self.init(kind: "scroll", point: point, inspect: inspect)
            case .key(let combo): self.init(kind: "key", key: combo, inspect: inspect)
            case .type(let text): self.init(kind: "type", typed: text, inspect: inspect)
            case .press: self.init(kind: "press", inspect: inspect)
            case .release: self.init(kind: "release", inspect: inspect)
            case .wait: return nil
            }
        }
    }

    /// What the rules may ask of the screen.
    public struct Inspector: Sendable {
        /// The title and class of the window under `point` (the focused window for nil).
        public var window: @Sendable (Point?) async -> String?
        /// The text OCR reads within `radius` pixels of `point`.
        public var textNear: @Sendable (Point, Int) async -> String?

        public init(window: @escaping @Sendable (Point?) async -> String?, textNear: @escaping @Sendable (Point, Int) async -> String?) {
            self.window = window
            self.textNear = textNear
        }
    }

    /// What decided a proposal: the verdict, and the rule (or default) that gave it.
    public struct Ruling: Sendable, CustomStringConvertible {
        public var verdict: Verdict
        /// `policy.yaml:7:5`, or the default's place.
        public var location: String
        /// The rule in words (`deny near_text "Delete"`), or `default`.
        public var rule: String

        public var description: String { "\(verdict.rawValue) by \(rule) (\(location))" }
    }

    /// The first rule that matches `proposal` decides; else the default.
    /// The screen is looked at once per decision: the window and the text near the point are read at the
    /// first rule that asks and reused by the rules after it.
    public func decide(_ proposal: Proposal) async -> Ruling {
        var proposal = proposal
        proposal.inspect = proposal.inspect.map(Self.remembering)
        for rule in rules where await Self.holds(rule.conditions, for: proposal) {
            return Ruling(verdict: rule.verdict, location: rule.location, rule: "\(rule.verdict.rawValue) \(Self.describe(rule.conditions))")
        }
        return Ruling(verdict: defaultVerdict, location: defaultLocation, rule: "the default")
    }

    /// `inspector`, each answer kept for the same question (one decision's lifetime).
    private static func remembering(_ inspector: Inspector) -> Inspector {
        let windows = Answers<Point?>(), texts = Answers<[Int]>()
        return Inspector(
            window: { point in await windows.answer(point) { await inspector.window(point) } },
            textNear: { point, radius in await texts.answer([point.x, point.y, radius]) { await inspector.textNear(point, radius) } })
    }

    /// Answers already given, by question.
    private actor Answers<Question: Hashable & Sendable> {
        private var known: [Question: String?] = [:]

        func answer(_ question: Question, _ compute: () async -> String?) async -> String? {
            if let known = known[question] { return known }
            let answer = await compute()
            known[question] = answer
            return answer
        }
    }

    private static func holds(_ conditions: [Condition], for proposal: Proposal) async -> Bool {
        for condition in conditions {
            switch condition {
            case .kind(let kinds):
                guard kinds.contains(proposal.kind) || (kinds.contains("click") && proposal.kind.hasSuffix("_click")) else { return false }
            case .typed(let pattern):
                guard let typed = proposal.typed, matches(pattern, typed) else { return false }
            case .key(let combos):
                guard let key = proposal.key, combos.contains(key) else { return false }
            case .window(let pattern):
                guard let name = await proposal.inspect?.window(proposal.point), matches(pattern, name) else { return false }
            case .region(let rect):
                guard let point = proposal.point, rect.contains(point) else { return false }
            case .nearText(let pattern):
                guard let point = proposal.point, let text = await proposal.inspect?.textNear(point, 60), matches(pattern, text) else { return false }
            case .tool(let pattern):
                guard let tool = proposal.tool, matches(pattern, tool) else { return false }
            }
        }
        return true
    }

    /// Whether `pattern` (a regular expression, any case) matches anywhere in `text`. Each pattern is compiled
    /// once per process: compiling it at every decision made typing through 12 text rules cost 6 ms.
    static func matches(_ pattern: String, _ text: String) -> Bool {
        compiledPatterns.withLock { cache in
            if cache[pattern] == nil { cache[pattern] = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) }
            guard let regex = cache[pattern] ?? nil else { return false }
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }

    private static let compiledPatterns = Mutex<[String: NSRegularExpression?]>([:])

    static func describe(_ conditions: [Condition]) -> String {
        conditions.map { condition in
            switch condition {
            case .kind(let kinds): "kind \(kinds.sorted().joined(separator: "|"))"
            case .typed(let pattern): "text \(pattern.debugDescription)"
            case .key(let combos): "key \(combos.map(\.description).joined(separator: "|"))"
            case .window(let pattern): "window \(pattern.debugDescription)"
            case .region(let rect): "region \(rect)"
            case .nearText(let pattern): "near_text \(pattern.debugDescription)"
            case .tool(let pattern): "tool \(pattern.debugDescription)"
            }
        }.joined(separator: ", ")
    }
}

extension SafetyPolicy.Inspector {
    /// Looks at `desktop`: the topmost window containing the point (the focused one without a point), as
    /// "title class"; the text `recognizer` reads in a box around the point.
    public static func screen(_ desktop: any Desktop, recognizer: TextRecognizer) -> Self {
        Self(
            window: { point in
                let window: WindowInfo?
                if let point {
                    window = (try? await desktop.windows())?.last { $0.frame.contains(point) }
                } else {
                    window = (try? await desktop.activeWindow()) ?? nil
                }
                return window.map { "\($0.title) \($0.className)" }
            },
            textNear: { point, radius in
                // Only the square around the point is captured: it is all that is read.
                guard let screen = try? await desktop.screenSize() else { return nil }
                let left = max(0, point.x - radius), top = max(0, point.y - radius)
                let box = Rect(x: left, y: top, width: min(screen.width - left, 2 * radius), height: min(screen.height - top, 2 * radius))
                guard box.width > 0, box.height > 0, let around = try? await desktop.screenshot(region: box),
                      let lines = try? await recognizer.recognize(around) else { return nil }
                return lines.map(\.text).joined(separator: "\n")
            })
    }
}
