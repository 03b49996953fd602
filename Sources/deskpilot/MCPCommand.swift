import ArgumentParser
import Deskpilot
import DeskpilotMCP
import Foundation
import ScenarioKit

/// `deskpilot mcp`: the desktop as an MCP server for other agents.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve this desktop to other agents over the Model Context Protocol (stdio, or HTTP on loopback).",
        discussion: """
            Tools: screenshot, click, move, drag, scroll, key, type, cursor, windows, focus, locate_text, locate_image, \
            read_text, wait_for_text, run_task (Deskpilot's own agent, with the model given here) and run_scenario. \
            Coordinates are screen pixels; a screenshot smaller than the screen states its scale. A bad call is an error \
            result (isError) with what to do; the server keeps serving. See docs/mcp.md for client configuration \
            (Claude Desktop, Cursor, an MCP SDK).

            With --http, the server listens on a loopback address only, and every request must carry \
            'Authorization: Bearer TOKEN': the token is read from --token-env, or made up and printed once on \
            standard error. Standard output and error never carry a secret's or an API key's value.

            Examples:
              deskpilot mcp                       # stdio, on $DISPLAY
              deskpilot mcp --virtual 1280x800    # a private Xvfb, for the server's life
              deskpilot mcp --policy safe --http 127.0.0.1:8765 \\
                  --token-env DESKPILOT_MCP_TOKEN
              deskpilot mcp --base-url http://127.0.0.1:8000/v1   # run_task's model
            """
    )
    @OptionGroup var options: DisplayOptions
    @Option(help: ArgumentHelp("Serve a private Xvfb of this size instead of --display.", valueName: "WxH")) var virtual: String?
    @Option(help: ArgumentHelp("Serve streamable HTTP on this loopback address instead of stdio (port 0: any free port).", valueName: "127.0.0.1:PORT"))
    var http: String?
    @Option(help: ArgumentHelp("With --http: the bearer token clients must send, read from this environment variable (default: a new one, printed once).",
                               valueName: "NAME"))
    var tokenEnv: String?
    @Option(help: ArgumentHelp("A safety policy (file.yaml or 'safe') every input tool call must pass (docs/policy.md).", valueName: "policy"))
    var policy: String?
    @Option(name: .customLong("secret"),
            help: ArgumentHelp("A secret the type tool may be given as {{secret:NAME}}: typed from $ENV, never sent back (repeatable).", valueName: "NAME=ENV"))
    var secretOptions: [String] = []
    @OptionGroup(title: "run_task's model") var models: ModelOptions
    @Option(help: "run_task's step limit when a call gives none.") var maxSteps = 30
    @Option(help: ArgumentHelp("Where run_task and run_scenario write, one folder per call.", valueName: "dir")) var runs = "runs"

    func validate() throws {
        if let virtual, VirtualSize(virtual) == nil { throw ValidationError("--virtual takes WIDTHxHEIGHT, e.g. 1280x800 (got '\(virtual)').") }
        if let http {
            guard let address = HTTPAddress(http) else {
                throw ValidationError("--http takes HOST:PORT on loopback, e.g. 127.0.0.1:8765 (got '\(http)').")
            }
            guard StreamableHTTPListener.isLoopback(address.host) else {
                throw ValidationError("--http serves on loopback only (127.0.0.1, localhost or [::1]): '\(address.host)' would expose this desktop to the network.")
            }
        }
        if let tokenEnv {
            guard http != nil else { throw ValidationError("--token-env goes with --http (stdio needs no token).") }
            guard let token = ProcessInfo.processInfo.environment[tokenEnv], token.count >= 16 else {
                throw ValidationError("--token-env \(tokenEnv): the variable is not set, or shorter than 16 characters (too easy to guess).")
            }
        }
        if let policy {
            do { _ = try SafetyPolicyParser.load(policy) } catch { throw ValidationError(error.description) }
        }
        do { _ = try Secrets(options: secretOptions) } catch { throw ValidationError(error.description) }
        guard maxSteps > 0 else { throw ValidationError("--max-steps must be at least 1.") }
    }

    func run() async throws {
        var server: VirtualDisplay?
        defer { server?.stop() }
        if let virtual, let size = VirtualSize(virtual) { server = try VirtualDisplay(width: size.width, height: size.height) }
        let desktop = try X11Desktop(display: server?.name ?? options.display)
        let recognizer = try TextRecognizer()
        let endpoint = models.endpoint
        let settings = models
        let family = models.family(for: endpoint)
        let planner = models.plannerEndpoint.map { models.chatModel($0) }
        let vision = models.visionProfile(family: family, endpoint: endpoint)
        let model = endpoint.map { models.chatModel($0) }
        let configuration = DesktopMCPServer.Configuration(
            safety: try policy.map { try SafetyPolicyParser.load($0) },
            secrets: try Secrets(options: secretOptions),
            agent: model.map { models.recipe(family: family, model: $0, planner: planner) },
            maxSteps: maxSteps,
            scenarios: ScenarioRunOptions(output: URL(fileURLWithPath: runs), model: model, planner: planner, profile: vision, family: family,
                                          recipe: { settings.recipe(family: $0, model: $1, planner: $2) },
                                          programFolders: [TestCommand.executableFolder]),
            runs: URL(fileURLWithPath: runs))
        let mcp = try DesktopMCPServer(desktop: desktop, recognizer: recognizer, configuration: configuration)
        let where_ = "\(desktop.displayName)\(server == nil ? "" : " (private Xvfb)")"
        let modelNote = endpoint.map { "; run_task's model: \($0)" } ?? "; run_task has no model (give --base-url)"

        guard let http, let address = HTTPAddress(http) else {
            // Standard output carries the protocol: what a person should read goes to standard error.
            Self.say("deskpilot mcp: serving \(where_) on stdio\(modelNote)")
            try await mcp.serveStandardIO()
            return
        }
        let token = tokenEnv.flatMap { ProcessInfo.processInfo.environment[$0] } ?? Self.newToken()
        let listener = try await StreamableHTTPListener(host: address.host, port: address.port, token: token) { transport, notifyCall in
            try await mcp.session(on: transport, notifyCall: notifyCall)
        }
        let url = "http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(listener.port)\(StreamableHTTPListener.path)"
        Self.say("deskpilot mcp: serving \(where_) at \(url)\(modelNote)")
        if tokenEnv == nil { Self.say("deskpilot mcp: token (send 'Authorization: Bearer TOKEN'; shown only now): \(token)") }
        Self.say("deskpilot mcp: Ctrl-C stops the server")
        let serving = Task { try await listener.serve() }
        // Weak: the signal sources are disposed on a dispatch thread, possibly while the process exits; had they
        // held the last reference to the listener, the desktop's X connection would close there, after
        // libXext's exit handlers had run (a crash one exit in seven).
        let stop: @Sendable () -> Void = { [weak listener] in Task { await listener?.close() } }
        let interrupt = SignalTrap(SIGINT, handler: stop), terminate = SignalTrap(SIGTERM, handler: stop)
        defer {
            interrupt.cancel()
            terminate.cancel()
        }
        try await serving.value
    }

    /// A line on standard error, at once (a pipe is block-buffered, and a client may be waiting for it).
    static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// 32 random bytes as hex.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }
}

/// `HOST:PORT`, `[IPv6]:PORT`.
struct HTTPAddress {
    let host: String
    let port: Int
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        (self.host, self.port) = (host, port)
    }
}
