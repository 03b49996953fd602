import Deskpilot
import DeskpilotTesting
import Foundation

/// The agent's own cost per step, with a stand-in model that answers at once: the step's wall-clock time
/// less the settle wait (capture, resize + PNG unless prepared while settling, saving the record, the HTTP
/// exchange with a request of up to five screenshots, parsing, executing), and the settle time after a click
/// on the fixture.
enum AgentStep {
    static func measure(_ desktop: X11Desktop, form: FixtureApp, samples: Int) async throws -> [Measurement] {
        let size = try await desktop.screenSize()
        let target = try form.center(of: "Submit")
        let point = "[\(target.x * 1000 / size.width), \(target.y * 1000 / size.height)]"
        let reply = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"Clicking Submit.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": \#(point)}}\n</tool_call>"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1400,"completion_tokens":30,"total_tokens":1430}}"#
        let server = try await ScriptedHTTPServer { _ in .json(reply) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let steps = max(10, samples)
        let agent = Agent(
            desktop: desktop,
            transport: ModelTransport(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "instant")),
            profile: Qwen3VLProfile(),
            configuration: AgentConfiguration(maxSteps: steps, stuckRepeats: .max),
            trajectory: try TrajectoryWriter(directory: directory))
        _ = await agent.run("Click Submit again and again")
        await server.shutdown()

        let data = try Data(contentsOf: directory.appendingPathComponent("trajectory.jsonl"))
        let records = try data.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(StepRecord.self, from: Data($0)) }
            .filter { $0.event == "step" }.dropFirst()  // the first step warms up
        // The step's wall-clock time less the settle wait; the stand-in's own time (it answers at once) is in it.
        let overhead = records.compactMap { record in record.durationMilliseconds.map { $0 - (record.timings?["settle"] ?? 0) } }
        // Steps whose screenshot was prepared during the previous action's settle wait.
        let prepared = records.filter { $0.observedWhileSettling == true }.count
        var results = [Measurement(group: "agent", name: "step overhead, instant model (wall time less settle; \(prepared)/\(records.count) observed while settling)",
                                   samples_ms: overhead)]
        let phases = ["capture", "encode", "save", "request", "parse", "execute"]
        for phase in phases {
            results.append(Measurement(group: "agent", name: "  phase: \(phase)", samples_ms: records.map { $0.timings?[phase] ?? 0 }))
        }
        results.append(Measurement(group: "agent", name: "settle after a click on the fixture", samples_ms: records.compactMap { $0.timings?["settle"] }))
        return results
    }
}
