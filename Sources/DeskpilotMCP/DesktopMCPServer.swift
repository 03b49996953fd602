public import Deskpilot
import Foundation
import MCP

/// A desktop for other agents: `deskpilot mcp` serves the desktop's tools (screenshot, click, move, drag,
/// scroll, key, type, cursor, windows, focus, locate_text, locate_image, read_text, wait_for_text) over the Model Context
/// Protocol on standard input and output. A bad call is a tool result with `isError` and a sentence saying
/// what to do; the server never exits on one.
public struct DesktopMCPServer: Sendable {
    private let registry: ToolRegistry
    private let desktop: X11Desktop
    private let safety: SafetyPolicy?
    private let inspector: SafetyPolicy.Inspector
    private let secrets: Secrets

    /// A server driving `desktop`, reading text with `recognizer`; every input tool call first passes
    /// `safety`, when given.
    public init(desktop: X11Desktop, recognizer: TextRecognizer, safety: SafetyPolicy? = nil, secrets: Secrets = Secrets()) throws {
        self.desktop = desktop
        self.safety = safety
        self.secrets = secrets
        inspector = .screen(desktop, recognizer: recognizer)
        registry = try ToolRegistry(DesktopTools.all(desktop, recognizer: recognizer, secrets: secrets))
    }

    /// What the policy is asked about a call: one proposal per input it would send (none for observing tools).
    func proposals(_ name: String, _ arguments: [String: Value]) -> [SafetyPolicy.Proposal] {
        func int(_ key: String) -> Int? { arguments[key]?.intValue ?? arguments[key]?.doubleValue.map { Int($0) } }
        let point = int("x").flatMap { x in int("y").map { Point(x: x, y: $0) } }
        switch name {
        case "click":
            let button = arguments["button"]?.stringValue ?? "left", count = int("count") ?? 1
            let kind = count == 2 ? "double_click" : count == 3 ? "triple_click" : button == "left" ? "click" : "\(button)_click"
            return [SafetyPolicy.Proposal(kind: kind, point: point, inspect: inspector)]
        case "move", "scroll": return [SafetyPolicy.Proposal(kind: name, point: point, inspect: inspector)]
        case "drag":
            let first = arguments["path"]?.arrayValue?.first?.arrayValue.flatMap { pair -> Point? in
                guard pair.count == 2, let x = pair[0].intValue, let y = pair[1].intValue else { return nil }
                return Point(x: x, y: y)
            }
            return [SafetyPolicy.Proposal(kind: "drag", point: first, inspect: inspector)]
        case "type": return [SafetyPolicy.Proposal(kind: "type", typed: arguments["text"]?.stringValue ?? "", inspect: inspector)]
        case "key":
            return (arguments["keys"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { try? KeyCombo(parsing: $0) } }
                .map { SafetyPolicy.Proposal(kind: "key", key: $0, inspect: inspector) }
        case "focus": return [SafetyPolicy.Proposal(kind: "tool", tool: name, inspect: inspector)]
        default: return []
        }
    }

    /// The tools as MCP lists them: name, description, input schema (derived from the arguments type) and
    /// annotations.
    func tools() throws -> [Tool] {
        try registry.definitions(computerUse: ToolDefinition(name: ToolRegistry.computerUse, description: "", parameters: .object([:])))
            .filter { $0.name != ToolRegistry.computerUse }
            .map { definition in
                let readOnly = DesktopTools.readOnly.contains(definition.name)
                return Tool(name: definition.name, description: definition.description, inputSchema: try Self.value(definition.parameters),
                            annotations: .init(readOnlyHint: readOnly, destructiveHint: readOnly ? nil : true, openWorldHint: false))
            }
    }

    /// Serves on standard input and output until the client closes them.
    public func serveStandardIO() async throws {
        let server = Server(name: "deskpilot", version: "0.1.0", capabilities: .init(tools: .init(listChanged: false)))
        let tools = try tools()
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools) }
        await server.withMethodHandler(CallTool.self) { [self] parameters in await call(parameters.name, arguments: parameters.arguments) }
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }

    /// One tool call as a result: JSON text (also as structured content), an image when the tool made one,
    /// or `isError` with the reason.
    func call(_ name: String, arguments: [String: Value]?) async -> CallTool.Result {
        let json: JSONValue
        do {
            json = try Self.jsonValue(Value.object(arguments ?? [:]))
        } catch {
            return .init(content: [.text(text: "The arguments are not JSON: \(error)", annotations: nil, _meta: nil)], isError: true)
        }
        guard registry.resolve(name) != nil, name != ToolRegistry.computerUse else {
            let known = registry.names.filter { $0 != ToolRegistry.computerUse }.joined(separator: ", ")
            return .init(content: [.text(text: "There is no tool '\(name)'. The tools are: \(known).", annotations: nil, _meta: nil)], isError: true)
        }
        if let safety {
            for proposal in proposals(name, arguments ?? [:]) {
                let ruling = await safety.decide(proposal)
                switch ruling.verdict {
                case .allow: continue
                case .deny:
                    return .init(content: [.text(text: "Denied by the safety policy: \(ruling.rule) (\(ruling.location)). Nothing was done.",
                                                 annotations: nil, _meta: nil)], isError: true)
                case .confirm:
                    return .init(content: [.text(text: "The safety policy asks for confirmation (\(ruling.rule), \(ruling.location)), and this "
                                                 + "server cannot ask the person at the client yet: denied. Nothing was done.", annotations: nil, _meta: nil)],
                                 isError: true)
                }
            }
        }
        switch await registry.call(name, arguments: json, context: ToolContext(desktop: desktop, step: 0)) {
        case .failure(let message):
            // An error may quote what it was given: a secret's value never goes back.
            return .init(content: [.text(text: secrets.conceal(in: message), annotations: nil, _meta: nil)], isError: true)
        case .success(let output):
            var content: [Tool.Content] = []
            if let image = output.image, let png = try? image.pngData(.compact) {
                content.append(.image(data: Data(png).base64EncodedString(), mimeType: "image/png", annotations: nil, _meta: nil))
            }
            var structured: Value?
            if let text = output.text {
                content.append(.text(text: text, annotations: nil, _meta: nil))
                structured = try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
            }
            return .init(content: content, structuredContent: structured, isError: false)
        }
    }

    static func value(_ json: JSONValue) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(json))
    }

    static func jsonValue(_ value: Value) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
