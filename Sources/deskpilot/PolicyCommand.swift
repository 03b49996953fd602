import ArgumentParser
import Deskpilot
import Foundation
import ScenarioKit

/// `deskpilot policy check|explain`: validate a safety policy, or see which rule decides an action.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check a safety policy file, or explain which rule would decide an action (see docs/policy.md).",
        subcommands: [Check.self, Explain.self]
    )

    /// Reads `name` (a file or `safe`); a broken policy is a usage error at file:line:column.
    static func load(_ name: String) throws -> SafetyPolicy {
        do {
            return try SafetyPolicyParser.load(name)
        } catch {
            throw UsageFailure(error.description)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a policy: exit 0 and a summary, or exit 64 and file:line:column with what is wrong.",
            discussion: "Example: deskpilot policy check policy.yaml")
        @Argument(help: ArgumentHelp("The policy file, or 'safe' (the built-in preset).", valueName: "file.yaml")) var file: String

        func run() throws {
            let policy = try PolicyCommand.load(file)
            print("\(file): \(plural(policy.rules.count, "rule")), default \(policy.defaultVerdict.rawValue)")
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say which rule would decide an action, and what it would say.",
            discussion: """
                Actions: 'click X Y' (also double_click, right_click …), 'move X Y', 'scroll X Y', 'type TEXT', \
                'key COMBO', 'tool NAME'. Window and near_text rules look at the screen given with --display.
                Example: deskpilot policy explain policy.yaml --action 'click 400 300' --display :1
                """)
        @Argument(help: ArgumentHelp("The policy file, or 'safe'.", valueName: "file.yaml")) var file: String
        @Option(help: ArgumentHelp("The action, e.g. 'click 400 300', 'type hello', 'key alt+F4', 'tool lookup' (repeatable: one line each, in order).",
                                   valueName: "action"))
        var action: [String]
        @Option(help: ArgumentHelp("Look at this display for window and near_text rules.", valueName: "name")) var display: String?

        func run() async throws {
            let policy = try PolicyCommand.load(file)
            let proposals = try action.map(Self.proposal)
            let inspector = try display.map { SafetyPolicy.Inspector.screen(try X11Desktop(display: $0), recognizer: try TextRecognizer()) }
            for var proposal in proposals {
                proposal.inspect = inspector
                let ruling = await policy.decide(proposal)
                print("\(ruling.verdict.rawValue): \(ruling.rule) (\(ruling.location))")
            }
        }

        static func proposal(_ text: String) throws -> SafetyPolicy.Proposal {
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard let kind = words.first else { throw UsageFailure("--action is empty: give e.g. 'click 400 300' or 'type hello'.") }
            let rest = words.count > 1 ? words[1] : ""
            switch kind {
            case "type": return SafetyPolicy.Proposal(kind: kind, typed: rest)
            case "key":
                do { return SafetyPolicy.Proposal(kind: kind, key: try KeyCombo(parsing: rest)) } catch { throw UsageFailure("\(error)") }
            case "tool": return SafetyPolicy.Proposal(kind: kind, tool: rest)
            default:
                let numbers = rest.split(separator: " ").compactMap { Int($0) }
                guard numbers.count == 2 else { throw UsageFailure("'\(kind)' takes a point: '\(kind) X Y' (got '\(text)').") }
                return SafetyPolicy.Proposal(kind: kind, point: Point(x: numbers[0], y: numbers[1]))
            }
        }
    }
}
