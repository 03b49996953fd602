public import Deskpilot
public import Foundation
public import MCP
public import ScenarioKit

/// A desktop for other agents: `deskpilot mcp` serves the desktop's tools (screenshot, click, move, drag,
/// scroll, key, type, cursor, windows, focus, locate_text, locate_image, read_text, wait_for_text, run_task,
/// run_scenario) over the Model Context Protocol, on standard input and output or on loopback HTTP. A bad
/// call is a tool result with `isError` and a sentence saying what to do; the server never exits on one.
public struct DesktopMCPServer: Sendable {
    /// What the server obeys and what its long-running tools use.
    public struct Configuration: Sendable {
        /// Every input a tool call would send passes it first.
        public var safety: SafetyPolicy?
        /// The secrets `type` (and `run_task`'s model) may name as `{{secret:NAME}}`.
        public var secrets: Secrets
        /// `run_task`'s model; without one, `run_task` answers how to configure it.
        public var agent: PolicyRecipe?
        /// `run_task`'s step limit when the call gives none.
        public var maxSteps: Int
        /// `run_scenario`'s settings (its output folder is chosen per call).
        public var scenarios: ScenarioRunOptions?
        /// The folder `run_task` and `run_scenario` write into, one subfolder per call.
        public var runs: URL

        public init(safety: SafetyPolicy? = nil, secrets: Secrets = Secrets(), agent: PolicyRecipe? = nil, maxSteps: Int = 30,
                    scenarios: ScenarioRunOptions? = nil, runs: URL = URL(fileURLWithPath: "runs")) {
            self.safety = safety
            self.secrets = secrets
            self.agent = agent
            self.maxSteps = maxSteps
            self.scenarios = scenarios
            self.runs = runs
        }
    }

    let registry: ToolRegistry
    let desktop: X11Desktop
    let recognizer: TextRecognizer
    let inspector: SafetyPolicy.Inspector
    let configuration: Configuration

    /// A server driving `desktop`, reading text with `recognizer`.
    public init(desktop: X11Desktop, recognizer: TextRecognizer, configuration: Configuration = Configuration()) throws {
        self.desktop = desktop
        self.recognizer = recognizer
        self.configuration = configuration
        inspector = .screen(desktop, recognizer: recognizer)
        registry = try ToolRegistry(DesktopTools.all(desktop, recognizer: recognizer, secrets: configuration.secrets))
    }

    /// What the policy is asked about a call: one proposal per input it would send (none for observing tools).
    func proposals(_ name: String, _ arguments: [String: Value]) -> [SafetyPolicy.Proposal] {
        func int(_ key: String) -> Int? { arguments[key]?.intValue ?? arguments[key]?.doubleValue.map { Int($0) } }
        let point = int("x").flatMap { x in int("y").map { Point(x: x, y: $0) } }
        // The actions the call would send, proposed as the agent's are (one naming of click kinds, drags by their start).
        let actions: [DesktopAction<Point>]
        switch name {
        case "click":
            // A button the schema does not know is refused when the arguments are decoded.
            let button = arguments["button"]?.stringValue.flatMap(MouseButton.init(rawValue:)) ?? .left
            actions = [.click(point, button: button, count: int("count") ?? 1)]
        case "drag":
            actions = [.drag(along: (arguments["path"]?.arrayValue ?? []).compactMap { pair -> Point? in
                guard let pair = pair.arrayValue, pair.count == 2, let x = pair[0].intValue, let y = pair[1].intValue else { return nil }
                return Point(x: x, y: y)
            })]
        case "type": actions = [.type(arguments["text"]?.stringValue ?? "")]
        case "key": actions = (arguments["keys"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { try? KeyCombo(parsing: $0) } }.map { .key($0) }
        // The point may be missing here (the call is refused when decoded): proposed by kind and point as given.
        case "move", "scroll": return [SafetyPolicy.Proposal(kind: name, point: point, inspect: inspector)]
        case "focus", LongRunningTools.runTask, LongRunningTools.runScenario:
            return [SafetyPolicy.Proposal(kind: "tool", tool: name, inspect: inspector)]
        default: return []
        }
        return actions.compactMap { SafetyPolicy.Proposal($0, inspect: inspector) }
    }

    /// The tools as MCP lists them: name, description, input schema (derived from the arguments type) and
    /// annotations.
    func tools() throws -> [Tool] {
        let desktopTools = try registry.definitions(computerUse: ToolDefinition(name: ToolRegistry.computerUse, description: "", parameters: .object([:])))
            .filter { $0.name != ToolRegistry.computerUse }
            .map { definition in
                let readOnly = DesktopTools.readOnly.contains(definition.name)
                return Tool(name: definition.name, description: definition.description, inputSchema: try Self.value(definition.parameters),
                            annotations: .init(readOnlyHint: readOnly, destructiveHint: readOnly ? nil : true, openWorldHint: false))
            }
        return try desktopTools + (try LongRunningTools.definitions).map { definition in
            Tool(name: definition.name, description: definition.description, inputSchema: try Self.value(definition.parameters),
                 annotations: .init(readOnlyHint: false, destructiveHint: true, openWorldHint: definition.name == LongRunningTools.runTask))
        }
    }

    /// A new MCP session: a server with this desktop's tools, started on `transport`. `notifyCall`, when
    /// given, carries progress notifications on their call's own stream (HTTP); else they are sent as usual.
    public func session(on transport: any Transport, notifyCall: StreamableHTTPListener.CallNotifier? = nil) async throws -> Server {
        try await start(on: transport, notifyCall: notifyCall).server
    }

    /// A session's server, and its calls (which a client's cancellation, or its leaving, stops).
    private func start(on transport: any Transport, notifyCall: StreamableHTTPListener.CallNotifier?) async throws
        -> (server: Server, calls: CancellableCalls) {
        let server = Server(name: "deskpilot", version: deskpilotVersion, instructions: try await instructions(),
                            capabilities: .init(tools: .init(listChanged: false)))
        let tools = try tools()
        await server.withMethodHandler(ListTools.self) { _ in .init(tools: tools) }
        // A client's notifications/cancelled stops the call it names (the SDK does not).
        let calls = CancellableCalls(transport)
        await server.withMethodHandler(CallTool.self) { [self, server] parameters in
            await calls.run(parameters._meta?[CancellableCalls.requestKey]?.stringValue) {
                await call(parameters.name, arguments: parameters.arguments,
                           progress: parameters._meta?.progressToken.map { Progress(server, token: $0, notifyCall: notifyCall) },
                           ask: { question in await Self.elicitConfirmation(question, from: server) })
            }
        }
        try await server.start(transport: calls)
        return (server, calls)
    }

    /// What the client's model is told at `initialize`: the screen, the coordinate contract, the policy in
    /// force and the secrets it may name.
    func instructions() async throws -> String {
        let screen = try await desktop.screenSize()
        var text = "Deskpilot drives the X11 desktop \(desktop.displayName), \(screen.width)x\(screen.height) pixels. "
            + "Take a screenshot first; find targets with locate_text (or locate_image) rather than by eye. " + DesktopTools.contract
        if let safety = configuration.safety {
            text += " A safety policy is in force (\(safety.rules.count) rules, default \(safety.defaultVerdict.rawValue)): a denied call is an "
                + "error result naming the rule, and nothing is done; a confirm rule asks the person at the client first."
        }
        let secrets = configuration.secrets.names
        if !secrets.isEmpty {
            text += " Secrets: type " + secrets.map { "{{secret:\($0)}}" }.joined(separator: ", ")
                + " to type a secret's value without seeing it; results never show it."
        }
        return text
    }

    /// Serves on standard input and output until the client closes them.
    public func serveStandardIO() async throws {
        let (server, calls) = try await start(on: StandardIOTransport(), notifyCall: nil)
        await server.waitUntilCompleted()
        // The client left: calls still running were cancelled; let them write their ends before the process does.
        await calls.endAll()
    }

    /// Asks the person at the client, through MCP elicitation, whether to go on; nil when the client cannot
    /// be asked (it did not declare elicitation), with the reason.
    static func elicitConfirmation(_ question: String, from server: Server) async -> Confirmation {
        let schema = Elicitation.RequestSchema(
            properties: ["confirm": .object(["type": .string("boolean"), "title": .string("Do it"),
                                             "description": .string("Yes to let Deskpilot send this input; no to refuse it.")])],
            required: ["confirm"])
        do {
            let answer = try await server.requestElicitation(message: question, requestedSchema: schema)
            return answer.action == .accept && answer.content?["confirm"]?.boolValue == true ? .yes : .no(answer.action.rawValue)
        } catch {
            return .cannotAsk("\(error)")
        }
    }

    /// What the person at the client said to a confirmation.
    enum Confirmation: Sendable {
        case yes
        /// declined, cancelled, or accepted without saying yes.
        case no(String)
        /// The client cannot be asked.
        case cannotAsk(String)
    }

    /// One tool call as a result: JSON text (also as structured content), an image when the tool made one,
    /// or `isError` with the reason. `ask` puts a policy's confirmation to the person at the client.
    func call(_ name: String, arguments: [String: Value]?, progress: Progress? = nil,
              ask: @escaping @Sendable (String) async -> Confirmation = { _ in .cannotAsk("no client") }) async -> CallTool.Result {
        let json: JSONValue
        do {
            json = try Self.jsonValue(Value.object(arguments ?? [:]))
        } catch {
            return Self.error("The arguments are not JSON: \(error)")
        }
        let isLongRunning = LongRunningTools.names.contains(name)
        guard isLongRunning || (registry.resolve(name) != nil && name != ToolRegistry.computerUse) else {
            let known = (registry.names.filter { $0 != ToolRegistry.computerUse } + LongRunningTools.names).joined(separator: ", ")
            return Self.error("There is no tool '\(name)'. The tools are: \(known).")
        }
        if let refusal = await refusal(of: name, arguments: arguments ?? [:], ask: ask) { return Self.error(refusal) }
        if isLongRunning {
            return await LongRunningTools(server: self, ask: ask).call(name, arguments: json, progress: progress)
        }
        switch await registry.call(name, arguments: json, context: ToolContext(desktop: desktop, step: 0)) {
        case .failure(let message):
            // An error may quote what it was given: a secret's value never goes back.
            return Self.error(configuration.secrets.conceal(in: message))
        case .success(let output):
            let png = output.image.flatMap { image in output.png ?? (try? image.pngData(.compact)) }
            return Self.result(json: output.text, png: png)
        }
    }

    /// A result: the PNG as an image block, the JSON text as a text block and as structured content.
    static func result(json text: String?, png: [UInt8]? = nil, isError: Bool = false) -> CallTool.Result {
        var content: [Tool.Content] = []
        if let png { content.append(.image(data: Data(png).base64EncodedString(), mimeType: "image/png", annotations: nil, _meta: nil)) }
        if let text { content.append(.text(text: text, annotations: nil, _meta: nil)) }
        return .init(content: content, structuredContent: text.flatMap { try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }, isError: isError)
    }

    /// Why the safety policy stops this call, or nil when every input it would send may go. A `confirm`
    /// rule asks the person at the client; a client that cannot be asked gets a denial that says so.
    private func refusal(of name: String, arguments: [String: Value], ask: @Sendable (String) async -> Confirmation) async -> String? {
        guard let safety = configuration.safety else { return nil }
        for proposal in proposals(name, arguments) {
            let ruling = await safety.decide(proposal)
            switch ruling.verdict {
            case .allow: continue
            case .deny: return "Denied by the safety policy: \(ruling.rule) (\(ruling.location)). Nothing was done."
            case .confirm:
                let what = configuration.secrets.conceal(in: Self.describe(name, arguments))
                switch await ask("Deskpilot's safety policy asks before this: \(what). Rule: \(ruling.rule) (\(ruling.location)).") {
                case .yes: continue
                case .no(let answer):
                    return "Not confirmed (the answer was '\(answer)') to the safety policy's question (\(ruling.rule), \(ruling.location)). Nothing was done."
                case .cannotAsk:
                    return "The safety policy asks for confirmation (\(ruling.rule), \(ruling.location)), and this client cannot be asked "
                        + "(it does not support MCP elicitation): denied. Nothing was done."
                }
            }
        }
        return nil
    }

    /// A call in words, for a confirmation question: `click at (120, 340)`, `type "hello"`.
    static func describe(_ name: String, _ arguments: [String: Value]) -> String {
        let shown = arguments.sorted { $0.key < $1.key }.map { key, value -> String in
            if case .string(let text) = value { return "\(key): \"\(SafeText.line(text, limit: 80))\"" }
            return "\(key): \(value)"
        }
        return shown.isEmpty ? name : "\(name) (\(shown.joined(separator: ", ")))"
    }

    static func error(_ message: String) -> CallTool.Result {
        .init(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
    }

    static func value(_ json: JSONValue) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(json))
    }

    static func jsonValue(_ value: Value) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}

/// Progress notifications for one call that asked for them (with a `progressToken`).
struct Progress: Sendable {
    let server: Server
    let token: ProgressToken
    let notifyCall: StreamableHTTPListener.CallNotifier?

    init(_ server: Server, token: ProgressToken, notifyCall: StreamableHTTPListener.CallNotifier? = nil) {
        self.server = server
        self.token = token
        self.notifyCall = notifyCall
    }

    /// Sends `progress` of `total` (when known) with a sentence.
    func report(_ progress: Int, total: Int?, _ message: String) async {
        let notification = ProgressNotification.message(.init(progressToken: token, progress: Double(progress),
                                                               total: total.map(Double.init), message: message))
        if let notifyCall, let data = try? JSONEncoder().encode(notification), await notifyCall(token, data) { return }
        try? await server.notify(notification)
    }
}
