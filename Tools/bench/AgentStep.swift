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
        let profile = try ModelProfiles.named("qwen3-vl")
        let agent = Agent(
            desktop: desktop,
            policy: VisionModelPolicy(model: HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "instant")), profile: profile),
            configuration: AgentConfiguration(maxSteps: steps, stuckRepeats: .max),
            trajectory: try TrajectoryWriter(directory: directory))
        _ = await agent.run("Click Submit again and again")
        await server.shutdown()

        let records = try TrajectoryEvent.read(from: directory.appendingPathComponent("trajectory.jsonl")).compactMap { event -> StepEvent? in
            if case .step(let step) = event { step } else { nil }
        }.dropFirst()  // the first step warms up
        // The step's wall-clock time less the settle wait; the stand-in's own time (it answers at once) is in it.
        let overhead = records.compactMap { record in record.durationMilliseconds.map { $0 - (record.timings?.settle ?? 0) } }
        // Steps whose screenshot was prepared during the previous action's settle wait.
        let prepared = records.filter { $0.observedWhileSettling == true }.count
        var results = [Measurement(group: "agent", name: "step overhead, instant model (wall time less settle; \(prepared)/\(records.count) observed while settling)",
                                   samples_ms: overhead)]
        let phases: [(String, KeyPath<StepTimings, Double?>)] = [("capture", \.capture), ("observe", \.observe), ("save", \.save),
                                                                ("decide", \.decide), ("gate", \.gate), ("execute", \.execute)]
        for (name, path) in phases {
            results.append(Measurement(group: "agent", name: "  phase: \(name)", samples_ms: records.map { $0.timings?[keyPath: path] ?? 0 }))
        }
        results.append(Measurement(group: "agent", name: "  of which the HTTP exchange", samples_ms: records.map { $0.requests?.first?.requestMilliseconds ?? 0 }))
        results.append(Measurement(group: "agent", name: "settle after a click on the fixture", samples_ms: records.compactMap { $0.timings?.settle }))
        return results
    }
}
