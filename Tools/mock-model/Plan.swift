import Foundation

/// A stand-in model's script: one step per line, answered in order, one per request.
///
/// ```
/// # comments and blank lines are skipped
/// click "Name"               # left_click on the text, found by OCR in the screenshot received
/// double_click "OK" | right_click "OK" | triple_click "OK" | move "OK" | drag "Bin"
/// click "Submit" described   # a planner names the target by description instead of element number
/// click_at 500 500           # a click at 0–1000 of the screenshot, whatever is there
/// double_click @500,500      # any pointer step at 0–1000 of the screenshot (also scroll -3 @500,500)
/// type "Ada Lovelace"
/// key ctrl+s                 # keys joined by +, sent as the tool's keys list
/// scroll -3 "List"           # notches (positive up), at the text when given
/// wait 0.5
/// tool lookup_customer {"customer": "Ada"}   # a custom tool call
/// say "free text without a call"             # a raw reply, for malformed-reply tests
/// answer "42"
/// terminate success | terminate failure
/// ```
struct Plan {
    /// One step.
    enum Step: Equatable {
        case pointer(action: String, target: String, described: Bool)
        /// A click at a point given in 0–1000 of the screenshot, whatever is there.
        case clickAt(x: Int, y: Int)
        case type(String)
        case key([String])
        case scroll(notches: Int, target: String?)
        case wait(Double)
        case tool(name: String, arguments: String)
        case say(String)
        case answer(String)
        case terminate(String)
    }

    var steps: [Step]

    /// Reads a plan file; errors name the file, line and what was expected.
    init(contentsOf path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw PlanError("\(path): cannot read the plan file")
        }
        try self.init(parsing: text, file: path)
    }

    init(parsing text: String, file: String = "plan") throws {
        steps = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            do {
                steps.append(try Self.step(line))
            } catch let error as PlanError {
                throw PlanError("\(file):\(index + 1): \(error.message) in: \(line)")
            }
        }
        guard !steps.isEmpty else { throw PlanError("\(file): the plan has no steps") }
    }

    private static func step(_ line: String) throws -> Step {
        let verb = String(line.prefix { !$0.isWhitespace })
        let rest = line.dropFirst(verb.count).trimmingCharacters(in: .whitespaces)
        switch verb {
        case "click", "left_click", "double_click", "right_click", "middle_click", "triple_click", "move", "drag":
            let action = ["click": "left_click", "move": "mouse_move", "drag": "left_click_drag"][verb] ?? verb
            if let point = try place(rest) { return .pointer(action: action, target: point, described: false) }
            let described = rest.hasSuffix(" described")
            return .pointer(action: action, target: try quoted(described ? String(rest.dropLast(" described".count)) : rest), described: described)
        case "click_at":
            let numbers = rest.split(separator: " ").compactMap { Int($0) }
            guard numbers.count == 2 else { throw PlanError("'click_at' needs two numbers, 0-1000 of the screenshot") }
            return .clickAt(x: numbers[0], y: numbers[1])
        case "type": return .type(try quoted(rest))
        case "say": return .say(try quoted(rest))
        case "answer": return .answer(try quoted(rest))
        case "key":
            guard !rest.isEmpty else { throw PlanError("'key' needs keys such as ctrl+s") }
            return .key(rest.split(separator: "+").map(String.init))
        case "scroll":
            let notches = Int(rest.prefix { !$0.isWhitespace })
            guard let notches else { throw PlanError("'scroll' needs a number of notches (positive: up)") }
            let target = rest.drop { !$0.isWhitespace }.trimmingCharacters(in: .whitespaces)
            return .scroll(notches: notches, target: target.isEmpty ? nil : try place(target) ?? quoted(target))
        case "wait":
            guard let seconds = Double(rest) else { throw PlanError("'wait' needs seconds") }
            return .wait(seconds)
        case "tool":
            let name = String(rest.prefix { !$0.isWhitespace })
            let arguments = rest.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, (try? JSONSerialization.jsonObject(with: Data(arguments.utf8))) is [String: Any] else {
                throw PlanError("'tool' needs a name and a JSON object of arguments")
            }
            return .tool(name: name, arguments: arguments)
        case "terminate":
            guard ["success", "failure"].contains(rest) else { throw PlanError("'terminate' takes success or failure") }
            return .terminate(rest)
        default:
            throw PlanError("unknown step '\(verb)' (expected click, double_click, right_click, middle_click, triple_click, move, drag, type, key, scroll, wait, tool, say, answer, terminate)")
        }
    }

    /// The text between double quotes.
    /// `@X,Y` (0–1000 of the screenshot) as the locator's given-point target, nil for anything else.
    private static func place(_ text: String) throws -> String? {
        guard text.hasPrefix("@") else { return nil }
        let numbers = text.dropFirst().split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 2 else { throw PlanError("a place is @X,Y with X and Y in 0-1000 of the screenshot") }
        return "\u{0}\(numbers[0]),\(numbers[1])"
    }

    private static func quoted(_ text: String) throws -> String {
        guard text.count >= 2, text.first == "\"", text.last == "\"" else { throw PlanError("expected text in double quotes") }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\n", with: "\n")
    }
}

/// A plan file that cannot be used.
struct PlanError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
