import EditDistance
import Foundation
import Yams

/// A YAML node of a scenario file with typed, located accessors: each mismatch is a ``ScenarioError`` that
/// names the place, what was found and what was expected.
struct YAMLNode {
    let node: Node
    let file: String
    /// What `${NAME}` in text stands for: the scenario's `env:` over the process environment.
    var variables: [String: String] = [:]

    /// A child node of this one (same file, same variables).
    func child(_ node: Node) -> YAMLNode { YAMLNode(node: node, file: file, variables: variables) }

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func error(_ message: String) -> ScenarioError { ScenarioError(message, at: location) }

    /// What the node is, in words, for messages.
    var kind: String {
        switch node {
        case .scalar(let scalar): scalar.string.isEmpty ? "nothing" : "\(scalar.string.debugDescription)"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func string(_ what: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !(scalar.string.isEmpty && scalar.style == .plain) else {
            throw error("\(what) must be text, found \(kind)")
        }
        return try substituted(scalar.string)
    }

    /// `text` with each `${NAME}` replaced by its variable (`$${` writes a literal `${`).
    func substituted(_ text: String) throws(ScenarioError) -> String {
        guard text.contains("${") else { return text }
        var result = "", rest = Substring(text)
        while let start = rest.range(of: "${") {
            if rest[..<start.lowerBound].hasSuffix("$") {
                result += rest[..<rest.index(before: start.lowerBound)] + "${"
                rest = rest[start.upperBound...]
                continue
            }
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw error("'${' without its closing '}' in \(text.debugDescription); write $${ for a literal ${")
            }
            let name = String(rest[start.upperBound..<end])
            // Only `${NAME}`: shell forms such as `${DISPLAY#:}` in a `run: [sh, -c, …]` are left to the shell.
            guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                result += rest[start.lowerBound...end]
                rest = rest[rest.index(after: end)...]
                continue
            }
            guard let value = variables[name] else {
                throw error("${\(name)} is not set: define it under 'env:' in the scenario or in the environment of deskpilot test (for a shell's own variable, write $${\(name)})")
            }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    func int(_ what: String) throws(ScenarioError) -> Int {
        guard let value = node.int else { throw error("\(what) must be a whole number, found \(kind)") }
        return value
    }

    func double(_ what: String) throws(ScenarioError) -> Double {
        guard case .scalar = node, let value = node.float ?? node.int.map(Double.init) else {
            throw error("\(what) must be a number, found \(kind)")
        }
        return value
    }

    func bool(_ what: String) throws(ScenarioError) -> Bool {
        guard let value = node.bool else { throw error("\(what) must be true or false, found \(kind)") }
        return value
    }

    func list(_ what: String) throws(ScenarioError) -> [YAMLNode] {
        guard case .sequence(let sequence) = node else { throw error("\(what) must be a list, found \(kind)") }
        return sequence.map { child($0) }
    }

    /// A list of words: `[a, b, c]`.
    func words(_ what: String) throws(ScenarioError) -> [String] {
        var words: [String] = []
        for item in try list(what) { words.append(try item.string("each word of \(what)")) }
        guard !words.isEmpty else { throw error("\(what) must name a command, e.g. [sh, -c, \"echo hi\"]") }
        return words
    }

    /// The node as a mapping with only `allowed` keys.
    func fields(_ what: String, allowed: [String]) throws(ScenarioError) -> Fields {
        guard case .mapping(let mapping) = node else {
            throw error("\(what) must be a mapping with \(Self.list(allowed)), found \(kind)")
        }
        var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        for (key, value) in mapping {
            let keyNode = YAMLNode(node: key, file: file)  // keys are names: no substitution
            let name = try keyNode.string("a key of \(what)")
            guard allowed.contains(name) else {
                let hint = Self.closest(to: name, in: allowed).map { " — did you mean '\($0)'?" } ?? ""
                throw keyNode.error("unknown key '\(name)' in \(what)\(hint) (expected \(Self.list(allowed)))")
            }
            guard !entries.contains(where: { $0.key == name }) else { throw keyNode.error("'\(name)' appears twice in \(what)") }
            entries.append((name, keyNode, child(value)))
        }
        return Fields(what: what, owner: self, entries: entries)
    }

    /// Keys found in a mapping, read one by one.
    struct Fields {
        let what: String
        let owner: YAMLNode
        let entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]

        var keys: [String] { entries.map(\.key) }

        subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

        func required(_ key: String) throws(ScenarioError) -> YAMLNode {
            guard let value = self[key] else { throw owner.error("\(what) needs '\(key)'") }
            return value
        }

        /// The single entry of a one-key mapping (a step such as `click: …`).
        func single() throws(ScenarioError) -> (key: String, keyNode: YAMLNode, value: YAMLNode) {
            guard entries.count == 1 else {
                throw owner.error("\(what) must have exactly one key (the step's kind), found \(entries.count): \(keys.joined(separator: ", "))")
            }
            return entries[0]
        }
    }

    static func list(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }

    /// The allowed name nearest to `name` by edit distance, when it is close (a typo).
    static func closest(to name: String, in names: [String]) -> String? {
        let scored = names.map { ($0, editDistance(name, $0)) }.min { $0.1 < $1.1 }
        guard let (best, score) = scored, score <= max(1, best.count / 3) else { return nil }
        return best
    }
}
