import ArgumentParser
import Deskpilot
import DeskpilotMCP
import Foundation
import ScenarioKit

/// `deskpilot mcp`: the desktop as an MCP server for other agents.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve this desktop to other agents over the Model Context Protocol (stdio).",
        discussion: """
            Tools: screenshot, click, move, drag, scroll, key, type, cursor, windows, focus, locate_text, locate_image, \
            read_text, wait_for_text. Coordinates are screen pixels; a screenshot smaller than the screen states its scale. \
            A bad call is an error result (isError) with what to do; the server keeps serving. See docs/mcp.md for \
            client configuration (Claude Desktop, Cursor, an MCP SDK).

            Examples:
              deskpilot mcp                         # on $DISPLAY
              deskpilot mcp --virtual 1280x800      # on a private Xvfb, started and stopped with the server
            """
    )
    @OptionGroup var options: DisplayOptions
    @Option(help: ArgumentHelp("Serve a private Xvfb of this size instead of --display.", valueName: "WxH")) var virtual: String?
    @Option(help: ArgumentHelp("A safety policy (file.yaml or 'safe') every input tool call must pass (docs/policy.md).", valueName: "policy"))
    var policy: String?
    @Option(name: .customLong("secret"),
            help: ArgumentHelp("A secret the type tool may be given as {{secret:NAME}}: typed from $ENV, never sent back (repeatable).", valueName: "NAME=ENV"))
    var secretOptions: [String] = []

    func validate() throws {
        if let virtual, VirtualSize(virtual) == nil { throw ValidationError("--virtual takes WIDTHxHEIGHT, e.g. 1280x800 (got '\(virtual)').") }
        if let policy {
            do { _ = try SafetyPolicyParser.load(policy) } catch { throw ValidationError(error.description) }
        }
        do { _ = try Secrets(options: secretOptions) } catch { throw ValidationError(error.description) }
    }

    func run() async throws {
        var server: VirtualDisplay?
        defer { server?.stop() }
        if let virtual, let size = VirtualSize(virtual) { server = try VirtualDisplay(width: size.width, height: size.height) }
        let desktop = try X11Desktop(display: server?.name ?? options.display)
        // Standard output carries the protocol: what a person should read goes to standard error.
        FileHandle.standardError.write(Data("deskpilot mcp: serving \(desktop.displayName)\(server == nil ? "" : " (private Xvfb)") on stdio\n".utf8))
        let safety = try policy.map { try SafetyPolicyParser.load($0) }
        try await DesktopMCPServer(desktop: desktop, recognizer: try TextRecognizer(), safety: safety,
                                   secrets: try Secrets(options: secretOptions)).serveStandardIO()
    }
}
