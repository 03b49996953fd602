import ChildProcesses
import Foundation

/// The MCP client the tests drive `deskpilot mcp` with: `Tests/X11DesktopTests/MCPClient/drive.py`, run by
/// the official Python SDK's interpreter in `.mcp-venv/` (installed by `Tools/bootstrap --mcp`). It prints one
/// JSON object per call.
public enum MCPTestClient {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// What one run of the client printed, and how it ended.
    public struct Run: Sendable {
        /// The exit status (nil: it did not end within the time given, and was stopped).
        public var status: Int32?
        /// Its standard output: one JSON object per line.
        public var output: String
        /// Its standard error: the server's messages, and a Python traceback when the client failed.
        public var errors: String

        /// The objects printed, by their `step` (the last of each name).
        public var steps: [String: [String: Any]] {
            var steps: [String: [String: Any]] = [:]
            for line in output.split(separator: "\n") {
                if let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any], let step = object["step"] as? String {
                    steps[step] = object
                }
            }
            return steps
        }
    }

    /// Runs the client against `deskpilot mcp` on `display` with `arguments` (see drive.py's usage).
    ///
    /// - Throws: ``FixtureError`` when the SDK is not installed, or the client cannot start.
    public static func run(display: String, _ arguments: [String] = [], environment: [String: String] = [:],
                           timeout: Duration = .seconds(120)) async throws -> Run {
        let python = root.appendingPathComponent(".mcp-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw FixtureError("no MCP client: run Tools/bootstrap --mcp (make test does)")
        }
        return try await withTemporaryFolder("deskpilot-mcp-client") { folder in
            let output = folder.appendingPathComponent("out.jsonl").path, errors = folder.appendingPathComponent("err.log").path
            let client = try ChildProcess([python, root.appendingPathComponent("Tests/X11DesktopTests/MCPClient/drive.py").path,
                                           try BuildProducts.path(of: "deskpilot"), display] + arguments,
                                          environment: environment, standardOutput: output, standardError: errors)
            let status = await client.waitForExit(timeout: timeout)
            if status == nil { client.stop() }
            return Run(status: status, output: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "",
                       errors: (try? String(contentsOfFile: errors, encoding: .utf8)) ?? "")
        }
    }
}
