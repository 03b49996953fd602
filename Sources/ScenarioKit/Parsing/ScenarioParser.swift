import AgentCore
import DesktopKit
import Foundation
import Yams
import Imaging

/// Reads scenario files (YAML, see docs/scenarios.md) into ``Scenario`` values, reporting any mistake with
/// `file:line:column` and what was expected — before anything runs.
public struct ScenarioParser: Sendable {
    /// When true, `screen_matches` references may be missing (`--update-snapshots` writes them).
    public var referencesMayBeMissing: Bool

    /// A parser.
    public init(referencesMayBeMissing: Bool = false) {
        self.referencesMayBeMissing = referencesMayBeMissing
    }

    /// The amounts a step may carry: those of the agent, but waits up to 10 minutes.
    static let limits = ActionLimits(maxWaitSeconds: 600, maxTextLength: 100_000)

    static let topKeys = ["name", "description", "tags", "display", "timeout", "env", "secrets", "launch", "setup", "steps", "teardown", "expect", "cassette"]
    static let stepKinds = ["click", "double_click", "triple_click", "right_click", "middle_click", "move", "drag", "scroll", "type",
                            "key", "wait_for", "wait", "run", "agent"]
    static let expectKinds = ["text", "not_text", "window", "file", "command", "screen_matches"]
    static let locatorKeys = ["x", "y", "text", "exact", "image", "threshold", "target", "nth", "within", "needle", "offset", "max_distance"]
        + PlaceRelation.Side.allCases.map(\.rawValue)
    /// Keys a step may have beside its kind.
    static let stepExtras = ["name", "timeout"]

    /// The scenario files named by `paths`: files as given, folders searched (recursively) for YAML, sorted.
    ///
    /// - Throws: ``ScenarioError`` at a path that does not exist.
    public static func files(in paths: [String]) throws(ScenarioError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw ScenarioError("no such file or folder (give scenario files, or folders holding *.yaml)", at: SourceLocation(file: path, line: 1, column: 1))
            }
            guard isFolder.boolValue else {
                files.append(path)
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .map { (path as NSString).appendingPathComponent($0) }
            files += found.sorted()
        }
        return files
    }

    /// The scenario in the file at `path`.
    ///
    /// - Throws: ``ScenarioError`` for a file that cannot be read or is not a valid scenario.
    public func parse(contentsOf path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError("cannot read the scenario file (\(error.localizedDescription))", at: SourceLocation(file: path, line: 1, column: 1))
        }
        return try parse(text, file: path)
    }

    /// The scenario written in `text`, which came from `file` (for messages and relative paths).
    ///
    /// - Throws: ``ScenarioError``.
    public func parse(_ text: String, file: String) throws(ScenarioError) -> Scenario {
        let root = try Self.compose(text, file: file, empty: "the file is empty; a scenario needs at least 'name' and 'steps'")
        // `env:` first: its values may use the process environment, and every other text may use both.
        var variables = ProcessInfo.processInfo.environment
        var environment: [String: String] = [:]
        if let env = try YAMLNode(node: root, file: file).fields("a scenario", allowed: Self.topKeys)["env"] {
            guard case .mapping(let mapping) = env.node else { throw env.error("'env' must be a mapping of NAME: value, found \(env.kind)") }
            for (key, value) in mapping {
                let name = try YAMLNode(node: key, file: file).string("a variable's name")
                guard name.first.map({ $0.isLetter || $0 == "_" }) == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw YAMLNode(node: key, file: file).error("a variable's name is letters, digits and '_', found \(name.debugDescription)")
                }
                let text = try YAMLNode(node: value, file: file, variables: variables).string("the value of \(name)")
                environment[name] = text
                variables[name] = text
            }
        }
        let top = try YAMLNode(node: root, file: file, variables: variables).fields("a scenario", allowed: Self.topKeys)
        let name = try top.required("name").string("'name'")
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw try top.required("name").error("'name' may hold letters, digits, '-', '_' and '.' only (it names report files), found \(name.debugDescription)")
        }
        var scenario = Scenario(
            name: name, description: try top["description"]?.string("'description'") ?? "", file: file,
            display: Size(width: 1280, height: 800), timeout: 60, launch: [], steps: [], expectations: [], tags: [])
        if let tags = top["tags"] { scenario.tags = try tags.list("'tags'").map { item throws(ScenarioError) in try item.string("a tag") } }
        if let display = top["display"] {
            let fields = try display.fields("'display'", allowed: ["width", "height"])
            let width = try fields.required("width").int("the display's width"), height = try fields.required("height").int("the display's height")
            guard (64...8192).contains(width), (64...8192).contains(height) else {
                throw display.error("the display must be 64 to 8192 pixels a side, found \(width)x\(height)")
            }
            scenario.display = Size(width: width, height: height)
        }
        if let timeout = top["timeout"] {
            scenario.timeout = try timeout.double("'timeout' (seconds)")
            guard scenario.timeout > 0 else { throw timeout.error("'timeout' must be more than 0 seconds") }
        }
        if let cassette = top["cassette"] {
            scenario.cassette = try cassette.string("'cassette' (a file of recorded model answers, relative to the scenario)")
        }
        if let launch = top["launch"] {
            for item in try launch.list("'launch'") { scenario.launch.append(try parseLaunch(item)) }
        }
        scenario.environment = environment
        if let secrets = top["secrets"] {
            guard case .mapping(let mapping) = secrets.node else {
                throw secrets.error("'secrets' must be a mapping of NAME: ENVIRONMENT_VARIABLE, found \(secrets.kind)")
            }
            for (key, value) in mapping {
                let name = try YAMLNode(node: key, file: file).string("a secret's name")
                scenario.secrets[name] = try YAMLNode(node: value, file: file).string("the environment variable holding \(name)")
            }
        }
        if let setup = top["setup"] { scenario.setup = try parseSteps(setup, "'setup'", scenario: scenario, chain: [file]) }
        scenario.steps = try parseSteps(try top.required("steps"), "'steps'", scenario: scenario, chain: [file])
        if let teardown = top["teardown"] { scenario.teardown = try parseSteps(teardown, "'teardown'", scenario: scenario, chain: [file]) }
        if let expect = top["expect"] {
            for item in try expect.list("'expect'") { scenario.expectations.append(try parseExpectation(item, scenario: scenario)) }
        }
        return scenario
    }

    // MARK: Parts

    private func parseLaunch(_ node: YAMLNode) throws(ScenarioError) -> Scenario.Launch {
        let fields = try node.fields("a 'launch' entry", allowed: ["run", "wait_for"])
        let command = try fields.required("run").words("'run'")
        var wait: (String, Double)?
        if let waitFor = fields["wait_for"] {
            let waitFields = try waitFor.fields("the launch's 'wait_for'", allowed: ["window", "timeout"])
            wait = (try waitFields.required("window").string("'window' (a title or class)"),
                    try waitFields["timeout"]?.double("'timeout' (seconds)") ?? 10)
        }
        return Scenario.Launch(command: command, waitForWindow: wait, location: node.location)
    }

    /// A list of steps; `- include: FILE` puts the steps of another file (relative to this one) in its place.
    private func parseSteps(_ node: YAMLNode, _ what: String, scenario: Scenario, chain: [String]) throws(ScenarioError) -> [ScenarioStep] {
        var steps: [ScenarioStep] = []
        for item in try node.list(what) {
            if case .mapping(let mapping) = item.node, mapping.count == 1, mapping.keys.first?.string == "include" {
                let value = try item.fields("an include", allowed: ["include"]).required("include")
                steps += try included(value, scenario: scenario, chain: chain)
            } else {
                steps.append(try parseStep(item, scenario: scenario))
            }
        }
        return steps
    }

    /// The steps of the file an `include:` names: a list of steps, or a mapping with `steps:`.
    private func included(_ node: YAMLNode, scenario: Scenario, chain: [String]) throws(ScenarioError) -> [ScenarioStep] {
        let name = try node.string("'include' (a file of shared steps)")
        let path = name.hasPrefix("/") ? name
            : URL(fileURLWithPath: node.file).deletingLastPathComponent().appendingPathComponent(name).standardizedFileURL.path
        guard !chain.contains(path) else {
            throw node.error("'\(name)' includes itself (\((chain + [path]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → ")))")
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw node.error("cannot read the included file '\(name)' (looked at \(path))")
        }
        let root = try Self.compose(text, file: path, empty: "the included file is empty")
        var list = YAMLNode(node: root, file: path, variables: node.variables)
        if case .mapping = root { list = try list.fields("an included file", allowed: ["description", "steps"]).required("steps") }
        return try parseSteps(list, "the included steps", scenario: scenario, chain: chain + [path])
    }

    private func parseStep(_ node: YAMLNode, scenario: Scenario) throws(ScenarioError) -> ScenarioStep {
        let fields = try node.fields("a step", allowed: Self.stepKinds + Self.stepExtras)
        let kinds = fields.entries.filter { Self.stepKinds.contains($0.key) }
        guard kinds.count == 1 else {
            throw node.error("a step must have exactly one key naming its kind (\(Self.stepKinds.joined(separator: ", "))), found \(kinds.count)"
                             + (kinds.isEmpty ? "" : ": \(kinds.map(\.key).joined(separator: ", "))"))
        }
        let (kind, keyNode, value) = kinds[0]
        let name = try fields["name"]?.string("'name' (what the step is for)")
        var timeout: Double?
        if let node = fields["timeout"] {
            timeout = try node.double("'timeout' (seconds its locators keep looking)")
            guard let seconds = timeout, seconds > 0, seconds <= 600 else { throw node.error("a step's 'timeout' must be more than 0 and at most 600 seconds") }
        }
        let action: ScenarioStep.Action
        switch kind {
        case "click": action = .desktop(.click(try place(value, scenario: scenario), button: .left, count: 1))
        case "double_click": action = .desktop(.click(try place(value, scenario: scenario), button: .left, count: 2))
        case "triple_click": action = .desktop(.click(try place(value, scenario: scenario), button: .left, count: 3))
        case "right_click": action = .desktop(.click(try place(value, scenario: scenario), button: .right, count: 1))
        case "middle_click": action = .desktop(.click(try place(value, scenario: scenario), button: .middle, count: 1))
        case "move": action = .desktop(.move(to: try place(value, scenario: scenario)))
        case "drag":
            let fields = try value.fields("'drag'", allowed: ["from", "to"])
            action = .desktop(.drag(along: [try place(try fields.required("from"), scenario: scenario), try place(try fields.required("to"), scenario: scenario)]))
        case "scroll":
            let fields = try value.fields("'scroll'", allowed: ["dx", "dy", "at"])
            let dx = try fields["dx"]?.int("'dx' (notches right)") ?? 0, dy = try fields["dy"]?.int("'dy' (notches down)") ?? 0
            guard dx != 0 || dy != 0 else { throw value.error("'scroll' needs 'dy' (notches down, negative for up) or 'dx'") }
            action = .desktop(.scroll(dx: dx, dy: dy, at: try fields["at"].map { node throws(ScenarioError) in try place(node, scenario: scenario) }))
        case "type":
            let text = try value.string("'type' (the text to type)")
            for match in text.matches(of: /\{\{secret:([^}]*)\}\}/) where scenario.secrets[String(match.1)] == nil {
                throw value.error("{{secret:\(match.1)}} is not declared: add it under 'secrets:' with the environment variable that holds it")
            }
            action = .desktop(.type(text))
        case "key":
            let text = try value.string("'key' (e.g. ctrl+s, Return, Tab)")
            do {
                action = .desktop(.key(try KeyCombo(parsing: text)))
            } catch {
                throw value.error("\(error)")
            }
        case "wait_for": action = try waitFor(value, scenario: scenario)
        case "wait":
            let seconds = try value.double("'wait' (seconds)")
            guard (0...600).contains(seconds) else { throw value.error("'wait' must be 0 to 600 seconds") }
            action = .desktop(.wait(seconds: seconds))
        case "run": action = .run(try value.words("'run'"))
        case "agent":
            if case .scalar = value.node {
                action = .agent(task: try value.string("the agent's task"), maxSteps: 15)
                break
            }
            let fields = try value.fields("'agent'", allowed: ["task", "max_steps", "profile"])
            var profile: String?
            if let node = fields["profile"] {
                let name = try node.string("'profile' (a model family)")
                guard ModelFamilies.names.contains(name) else {
                    throw node.error("unknown profile '\(name)'; choose one of \(ModelFamilies.names.joined(separator: ", "))")
                }
                profile = name
            }
            action = .agent(task: try fields.required("task").string("the agent's 'task'"), maxSteps: try fields["max_steps"]?.int("'max_steps'") ?? 15,
                            profile: profile)
        default: throw keyNode.error("unknown step '\(kind)'")
        }
        if case .desktop(let desktopAction) = action {
            do {
                try desktopAction.checkAmounts(Self.limits)
            } catch {
                throw value.error("\(error)")
            }
        }
        return ScenarioStep(action, at: node.location, name: name, timeout: timeout)
    }

    private func waitFor(_ node: YAMLNode, scenario: Scenario) throws(ScenarioError) -> ScenarioStep.Action {
        let fields = try node.fields("'wait_for'", allowed: ["text", "gone", "image", "window", "screen_stable", "timeout", "exact", "within", "threshold"])
        let timeout = try fields["timeout"]?.double("'timeout' (seconds)") ?? 10
        let exact = try fields["exact"]?.bool("'exact'") ?? true
        let within = try fields["within"].map { node throws(ScenarioError) in try rect(node) }
        let kinds = fields.keys.filter { ["text", "gone", "image", "window", "screen_stable"].contains($0) }
        guard kinds.count == 1, let kind = kinds.first, let value = fields[kind] else {
            throw node.error("'wait_for' needs exactly one of 'text', 'gone', 'image', 'window', 'screen_stable'")
        }
        let condition: WaitCondition
        switch kind {
        case "text": condition = .text(try value.string("'text'"), exact: exact, within: within)
        case "gone": condition = .gone(try value.string("'gone' (the text that must disappear)"), exact: exact, within: within)
        case "image":
            condition = .image(path: try needle(value, scenario: scenario), threshold: try fields["threshold"]?.double("'threshold'") ?? 0.9, within: within)
        case "window": condition = .window(try value.string("'window' (a title or class)"))
        default: condition = .screenStable(quiet: try value.double("'screen_stable' (seconds without change)"))
        }
        return .waitFor(condition, timeout: timeout)
    }

    /// A locator: `{x, y}`, `{text}`, `{image}` or `{target}`, with `nth` and `within`.
    private func place(_ node: YAMLNode, scenario: Scenario) throws(ScenarioError) -> PlaceQuery {
        let fields = try node.fields("a locator", allowed: Self.locatorKeys)
        let nth = try fields["nth"]?.int("'nth' (which match, from 1)")
        if let nth, nth < 1 { throw node.error("'nth' counts from 1") }
        let within = try fields["within"].map { node throws(ScenarioError) in try rect(node) }
        if let needleNode = fields["needle"] {
            // A recorded place: x, y and the needle, with text and target as fallbacks.
            let point = Point(x: try fields.required("x").int("'x'"), y: try fields.required("y").int("'y'"))
            return PlaceQuery(.recorded(point: point, needle: try needle(needleNode, scenario: scenario),
                                        text: try fields["text"]?.string("'text'"), target: try fields["target"]?.string("'target'")))
        }
        let sides = fields.keys.filter { PlaceRelation.Side(rawValue: $0) != nil }
        var relation: PlaceRelation?
        if sides.count > 1 { throw node.error("a locator takes one of \(PlaceRelation.Side.allCases.map(\.rawValue).joined(separator: ", ")), found \(sides.joined(separator: " and "))") }
        if let side = sides.first.flatMap(PlaceRelation.Side.init(rawValue:)), let anchorNode = fields[side.rawValue] {
            let maxDistance = try fields["max_distance"]?.int("'max_distance' (pixels between the two places)")
            if let maxDistance, maxDistance < 0 { throw try fields.required("max_distance").error("'max_distance' cannot be negative") }
            let anchor = try place(anchorNode, scenario: scenario)
            switch anchor.locator {
            case .text, .image, .point: break
            case .target, .recorded: throw anchorNode.error("the place '\(side.rawValue)' is measured from is found by text:, image: or {x, y}")
            }
            relation = PlaceRelation(side, of: anchor, maxDistance: maxDistance)
        } else if fields["max_distance"] != nil {
            throw try fields.required("max_distance").error("'max_distance' limits right_of, left_of, above, below or near; add one of them")
        }
        var offset: Point?
        if let node = fields["offset"] {
            let items = try node.list("'offset' [dx, dy]")
            var numbers: [Int] = []
            for item in items { numbers.append(try item.int("an offset's number")) }
            guard numbers.count == 2 else { throw node.error("'offset' is [dx, dy] in pixels, e.g. [150, 0]") }
            offset = Point(x: numbers[0], y: numbers[1])
        }
        let kinds = fields.keys.filter { ["text", "image", "target", "x"].contains($0) }
        if relation != nil, kinds != ["text"], kinds != ["image"] {
            throw node.error("\(sides[0]) narrows the matches of a text or image locator; add text: or image: (a point or a target names one place)")
        }
        guard kinds.count == 1 else {
            throw node.error("a locator needs exactly one of {x, y}, {text: …}, {image: …} or {target: …}, found \(fields.keys.joined(separator: ", "))")
        }
        switch kinds[0] {
        case "x":
            let point = Point(x: try fields.required("x").int("'x'"), y: try fields.required("y").int("'y'"))
            let size = scenario.display
            guard point.x >= 0, point.y >= 0, point.x < size.width, point.y < size.height else {
                throw node.error("(\(point.x), \(point.y)) is off the scenario's \(size.width)x\(size.height) display (see 'display:')")
            }
            return PlaceQuery(.point(point), offset: offset)
        case "text":
            return PlaceQuery(.text(try fields.required("text").string("'text'"), exact: try fields["exact"]?.bool("'exact'") ?? true), nth: nth, within: within,
                              relation: relation, offset: offset)
        case "image":
            let threshold = try fields["threshold"]?.double("'threshold'") ?? 0.9
            guard (0...1).contains(threshold) else { throw node.error("'threshold' must be within 0…1") }
            return PlaceQuery(.image(path: try needle(try fields.required("image"), scenario: scenario), threshold: threshold), nth: nth, within: within,
                              relation: relation, offset: offset)
        default:
            return PlaceQuery(.target(try fields.required("target").string("'target' (a description for the model)")), nth: nth, within: within,
                              offset: offset)
        }
    }

    /// A needle path, which must exist (relative to the scenario file).
    private func needle(_ node: YAMLNode, scenario: Scenario) throws(ScenarioError) -> String {
        var path = try node.string("an image path")
        // In an included file, relative to that file.
        if node.file != scenario.file, !path.hasPrefix("/") {
            path = URL(fileURLWithPath: node.file).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
        }
        guard FileManager.default.fileExists(atPath: scenario.resolve(path)) else {
            throw node.error("the needle image '\(path)' does not exist (looked at \(scenario.resolve(path))); cut one with `deskpilot screenshot --region`")
        }
        return path
    }

    /// `[x, y, width, height]`.
    private func rect(_ node: YAMLNode) throws(ScenarioError) -> Rect {
        let items = try node.list("a region [x, y, width, height]")
        var numbers: [Int] = []
        for item in items { numbers.append(try item.int("a region's number")) }
        guard numbers.count == 4, numbers[2] > 0, numbers[3] > 0 else {
            throw node.error("a region is [x, y, width, height] with width and height above 0")
        }
        return Rect(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
    }

    private func parseExpectation(_ node: YAMLNode, scenario: Scenario) throws(ScenarioError) -> Expectation {
        let (kind, keyNode, value) = try node.fields("an expectation", allowed: Self.expectKinds).single()
        let check: Expectation.Check
        switch kind {
        case "text", "not_text":
            if case .mapping = value.node {
                let fields = try value.fields("'\(kind)'", allowed: ["text", "exact", "within"])
                check = .text(try fields.required("text").string("'text'"), present: kind == "text", exact: try fields["exact"]?.bool("'exact'") ?? true,
                              within: try fields["within"].map { node throws(ScenarioError) in try rect(node) })
            } else {
                check = .text(try value.string("'\(kind)'"), present: kind == "text", exact: true, within: nil)
            }
        case "window":
            if case .mapping = value.node {
                let fields = try value.fields("'window'", allowed: ["title", "class"])
                guard let name = fields["title"] ?? fields["class"] else { throw value.error("'window' needs 'title' or 'class'") }
                check = .window(try name.string("the window's title or class"))
            } else {
                check = .window(try value.string("'window'"))
            }
        case "file":
            let fields = try value.fields("'file'", allowed: ["path", "contains"])
            check = .file(path: try fields.required("path").string("'path'"), contains: try fields["contains"]?.string("'contains'"))
        case "command":
            let fields = try value.fields("'command'", allowed: ["run", "exit"])
            let exit = try fields["exit"]?.int("'exit' (the expected status)") ?? 0
            check = .command(try fields.required("run").words("'run'"), exit: Int32(clamping: exit))
        case "screen_matches":
            let fields = try value.fields("'screen_matches'", allowed: ["reference", "region", "tolerance"])
            let reference = try fields.required("reference").string("'reference' (a PNG path)")
            if !referencesMayBeMissing, !FileManager.default.fileExists(atPath: scenario.resolve(reference)) {
                throw try fields.required("reference").error("the reference '\(reference)' does not exist; run with --update-snapshots to write it")
            }
            let tolerance = try fields["tolerance"]?.double("'tolerance' (the share of pixels that may differ)") ?? 0.01
            guard (0...1).contains(tolerance) else { throw value.error("'tolerance' must be within 0…1") }
            check = .screenMatches(reference: reference, region: try fields["region"].map { node throws(ScenarioError) in try rect(node) }, tolerance: tolerance)
        default:
            throw keyNode.error("unknown expectation '\(kind)'")
        }
        return Expectation(check, at: node.location)
    }

    /// The YAML tree of `text` (read from `file`); libyaml's problems as located errors, `empty` when there
    /// is nothing in it.
    static func compose(_ text: String, file: String, empty: String) throws(ScenarioError) -> Node {
        do {
            guard let composed = try Yams.compose(yaml: text) else { throw ScenarioError(empty, at: SourceLocation(file: file, line: 1, column: 1)) }
            return composed
        } catch let error as ScenarioError {
            throw error
        } catch let error as YamlError {
            throw yamlError(error, file: file)
        } catch {
            throw ScenarioError("not YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Yams's error as a located scenario error.
    static func yamlError(_ error: YamlError, file: String) -> ScenarioError {
        let context: YamlError.Context?, problem: String, mark: Mark, yaml: String
        switch error {
        case let .scanner(c, p, m, y), let .parser(c, p, m, y), let .composer(c, p, m, y): (context, problem, mark, yaml) = (c, p, m, y)
        case let .duplicatedKeysInMapping(duplicates, c):
            return ScenarioError("not valid YAML: the key\(duplicates.count == 1 ? "" : "s") \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) "
                                 + "appear\(duplicates.count == 1 ? "s" : "") twice in one mapping", at: SourceLocation(file: file, line: c.mark.line, column: c.mark.column))
        default: return ScenarioError("not valid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        // libyaml's own words, first: "did not find expected ',' or '}'", then what it was reading and where.
        var message = "not valid YAML: \(problem)"
        if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let line = mark.line >= 1 && mark.line <= lines.count ? lines[mark.line - 1] : ""
        if problem.contains("tab") || line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
            message += " — YAML does not allow tabs for indentation; indent with spaces"
        }
        return ScenarioError(message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
    }
}
