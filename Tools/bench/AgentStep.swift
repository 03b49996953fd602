import Deskpilot
import DeskpilotTesting
import Foundation

/// The agent's own cost per step, with a stand-in model that answers at once: everything but the model's
/// time (capture, resize + PNG, saving the record, the HTTP exchange with a 1–2 MB request, parsing,
/// executing), and the settle time after a click on the fixture.
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
        let phases = ["capture", "encode", "save", "request", "parse", "execute"]
        let overhead = records.map { record in phases.reduce(0) { $0 + (record.timings?[$1] ?? 0) } }
        var results = [Measurement(group: "agent", name: "step overhead, instant model (all but the model's time)", samples_ms: overhead)]
        for phase in phases {
            results.append(Measurement(group: "agent", name: "  phase: \(phase)", samples_ms: records.compactMap { $0.timings?[phase] }))
        }
        results.append(Measurement(group: "agent", name: "settle after a click on the fixture", samples_ms: records.compactMap { $0.timings?["settle"] }))
        return results
    }
}
