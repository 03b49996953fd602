import Deskpilot
import DeskpilotTesting
import Foundation
import Glibc
import Testing

@Suite("deskpilot run")
struct RunCommandTests {
    @Test("Ctrl-C during a run leaves a valid record ending in 'interrupted', and exit status 130")
    func interrupt() async throws {
        let server = try await ScriptedHTTPServer(replies: [], fallback: .hang)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.path + ".log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess(
            [try BuildProducts.path(of: "deskpilot"), "run", "Wait for nothing", "--base-url", server.baseURL,
             "--virtual", "640x480", "--out", directory.path],
            standardOutput: log, standardError: log)
        // Wait until the first request is in flight, then interrupt.
        let deadline = ContinuousClock.now + .seconds(30)
        while server.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!server.requests.isEmpty)
        kill(run.pid, SIGINT)
        let status = run.waitForExit(timeout: .seconds(20))
        await server.shutdown()
        #expect(status == 130, "output: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        let data = try Data(contentsOf: directory.appendingPathComponent("trajectory.jsonl"))
        let events = try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(StepRecord.self, from: Data($0)) }
        #expect(events.first?.event == "start")
        #expect(events.last?.event == "end")
        #expect(events.last?.outcome == "interrupted")
    }

    @Test("without a model server the command says how to name one and exits 64")
    func noServer() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try ChildProcess([try BuildProducts.path(of: "deskpilot"), "run", "Do something"],
                                   environment: ["DESKPILOT_BASE_URL": ""], standardOutput: log, standardError: log)
        #expect(run.waitForExit(timeout: .seconds(20)) == 64)
        #expect(try String(contentsOfFile: log, encoding: .utf8).contains("pass --base-url URL or set DESKPILOT_BASE_URL"))
    }
}
