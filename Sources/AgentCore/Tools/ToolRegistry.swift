import Foundation
public import VisionModel

/// The tools an agent offers, by name: the built-in `computer_use` first, then custom tools in the order
/// they were registered. It is the one place that knows which names exist: a call of any other name is a
/// correction listing these.
///
/// `computer_use` is declared as the model family wants it (its resolution depends on the profile) and its
/// calls become desktop actions that pass the gate; custom tools are called here. Calling a custom tool
/// never throws: arguments that do not decode and errors the tool throws become text the model reads at its
/// next step.
public struct ToolRegistry: Sendable {
    /// The built-in tool's name.
    public static let computerUse = "computer_use"
    /// Other names models use for it.
    static let computerUseAliases: Set<String> = ["computer", "computer-use", "computeruse"]

    private var tools: [String: any AgentTool] = [:]
    private var customDefinitions: [ToolDefinition] = []

    /// A registry offering `computer_use` alone.
    public init() {}

    /// A registry offering `computer_use` and `tools`.
    ///
    /// - Throws: ``ToolRegistryError``.
    public init(_ tools: [any AgentTool]) throws(ToolRegistryError) {
        for tool in tools { try register(tool) }
    }

    /// Adds `tool`. Names must be unique, plain, and not `computer_use`; its arguments' schema must be
    /// derivable (or written by hand).
    ///
    /// - Throws: ``ToolRegistryError``.
    public mutating func register(_ tool: any AgentTool) throws(ToolRegistryError) {
        guard !tool.name.isEmpty, tool.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw .invalidName(tool.name)
        }
        guard tools[tool.name] == nil, tool.name != Self.computerUse, !Self.computerUseAliases.contains(tool.name) else {
            throw .duplicateName(tool.name)
        }
        customDefinitions.append(try Self.definition(of: tool))
        tools[tool.name] = tool
    }

    /// Every name, `computer_use` first.
    public var names: [String] { [Self.computerUse] + customDefinitions.map(\.name) }

    /// The definitions to declare: `computerUse` (as the profile words it), then the custom tools.
    public func definitions(computerUse: ToolDefinition) -> [ToolDefinition] {
        [computerUse] + customDefinitions
    }

    /// Which tool a called name means.
    public enum Tool: Sendable, Hashable {
        /// The built-in `computer_use`.
        case computerUse
        /// The custom tool of that name.
        case custom(String)
    }

    /// The tool `name` calls (`computer` for `computer_use` too), or nil.
    public func resolve(_ name: String) -> Tool? {
        if name == Self.computerUse || Self.computerUseAliases.contains(name.lowercased()) { return .computerUse }
        return tools[name] == nil ? nil : .custom(name)
    }

    /// The result of one call.
    public enum Result: Sendable {
        /// The tool ran.
        case success(ToolOutput)
        /// The call failed; `message` is for the model (what went wrong and how to call correctly).
        case failure(message: String)
    }

    /// Decodes `arguments` for the custom tool called `name` and runs it.
    public func call(_ name: String, arguments: JSONValue, context: ToolContext) async -> Result {
        guard let tool = tools[name] else {
            return .failure(message: ToolRegistryError.unknownTool(name, known: names).description)
        }
        return await Self.call(tool, arguments: arguments, context: context)
    }

    private static func definition<Tool: AgentTool>(of tool: Tool) throws(ToolRegistryError) -> ToolDefinition {
        do {
            return ToolDefinition(name: tool.name, description: tool.description, parameters: try Tool.Arguments.schema)
        } catch {
            throw .schemaUnavailable(tool: tool.name, reason: String(describing: error))
        }
    }

    private static func call<Tool: AgentTool>(_ tool: Tool, arguments: JSONValue, context: ToolContext) async -> Result {
        let decoded: Tool.Arguments
        do {
            let data = try JSONEncoder().encode(arguments)
            decoded = try JSONDecoder().decode(Tool.Arguments.self, from: data)
        } catch {
            let schema = (try? Tool.Arguments.schema).map { " Expected arguments: \($0)." } ?? ""
            return .failure(message: "Invalid arguments for tool '\(tool.name)': \(describe(error)).\(schema)")
        }
        do {
            return .success(try await tool.call(arguments: decoded, context: context))
        } catch {
            return .failure(message: "Tool '\(tool.name)' failed: \(error)")
        }
    }

    /// A decoding error as one short line: which field, what was wrong.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the arguments" : "'\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)'" + (context.codingPath.isEmpty ? "" : " in \(path(context))")
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context)) should be \(type), not null"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return String(describing: error)
        }
    }
}

/// A tool that cannot be registered, or a call of a tool that does not exist.
public enum ToolRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two tools share a name (or a tool is named like the built-in `computer_use`).
    case duplicateName(String)
    /// A name with characters other than letters, digits, `_` and `-`.
    case invalidName(String)
    /// The tool's arguments type does not describe itself.
    case schemaUnavailable(tool: String, reason: String)
    /// The model called a tool that is not offered.
    case unknownTool(String, known: [String])

    public var description: String {
        switch self {
        case .duplicateName(let name): "A tool named '\(name)' is already registered — give each tool its own name (computer_use is built in)."
        case .invalidName(let name): "Tool name '\(name)' is not usable — use letters, digits, '_' and '-' only."
        case .schemaUnavailable(let tool, let reason): "Tool '\(tool)' cannot be offered: \(reason)"
        case .unknownTool(let name, let known):
            "There is no tool named \(name.count > 60 ? String(name.prefix(60)).debugDescription + "…" : name.debugDescription). Available tools: \(known.joined(separator: ", "))."
        }
    }
}
