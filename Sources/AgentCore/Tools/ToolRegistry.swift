import Foundation
public import VisionModel

/// The tools an agent offers, by name. Calling through the registry never throws: unknown tools, arguments
/// that do not decode, and errors the tool throws all become text the model reads at its next step.
public struct ToolRegistry: Sendable {
    private var tools: [String: any AgentTool] = [:]
    private var order: [String] = []

    /// An empty registry.
    public init() {}

    /// A registry holding `tools`.
    public init(_ tools: [any AgentTool]) throws(ToolRegistryError) {
        for tool in tools { try register(tool) }
    }

    /// Adds `tool`. Names must be unique.
    public mutating func register(_ tool: any AgentTool) throws(ToolRegistryError) {
        guard tools[tool.name] == nil else { throw .duplicateName(tool.name) }
        guard !tool.name.isEmpty, tool.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw .invalidName(tool.name)
        }
        tools[tool.name] = tool
        order.append(tool.name)
    }

    /// The registered tools' names, in registration order.
    public var names: [String] { order }

    /// The tool definitions for the prompt, in registration order.
    public var definitions: [ToolDefinition] { order.compactMap { tools[$0]?.definition } }

    /// The result of one call.
    public enum Result: Sendable {
        /// The tool ran.
        case success(ToolOutput)
        /// The call failed; `message` is for the model (what went wrong and how to call correctly).
        case failure(message: String)
    }

    /// Decodes `arguments` for the tool called `name` and runs it.
    public func call(_ name: String, arguments: JSONValue, context: ToolContext) async -> Result {
        guard let tool = tools[name] else {
            return .failure(message: "Unknown tool '\(name)'. Available tools: \(order.joined(separator: ", ")).")
        }
        return await Self.call(tool, arguments: arguments, context: context)
    }

    private static func call<Tool: AgentTool>(_ tool: Tool, arguments: JSONValue, context: ToolContext) async -> Result {
        let decoded: Tool.Arguments
        do {
            let data = try JSONEncoder().encode(arguments)
            decoded = try JSONDecoder().decode(Tool.Arguments.self, from: data)
        } catch {
            return .failure(message: "Invalid arguments for tool '\(tool.name)': \(describe(error)). Expected arguments: \(Tool.Arguments.schema).")
        }
        do {
            return .success(try await tool.call(arguments: decoded, context: context))
        } catch {
            return .failure(message: "Tool '\(tool.name)' failed: \(error)")
        }
    }

    /// A decoding error as one short line: which field, what was wrong.
    private static func describe(_ error: any Error) -> String {
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

/// A tool that cannot be registered.
public enum ToolRegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two tools share a name.
    case duplicateName(String)
    /// A name with characters other than letters, digits, `_` and `-`.
    case invalidName(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "A tool named '\(name)' is already registered — give each tool its own name."
        case .invalidName(let name): "Tool name '\(name)' is not usable — use letters, digits, '_' and '-' only."
        }
    }
}
