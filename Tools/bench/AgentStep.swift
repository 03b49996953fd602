import Deskpilot
import DeskpilotTesting
import Foundation
import Imaging

/// The agent's own cost per step for every model family, with stand-ins that answer at once in the family's
/// wire format (``InstantReplies``), on the busy screen: the step's wall-clock time less the settle wait
/// (capture, preparing the observation unless done while settling, saving the record, the HTTP exchange,
/// parsing, executing), the observation alone (resize and PNG; for the families that read the screen, also
/// OCR, the element list and the marks), the request's size and its visual tokens; for the default family
/// also each phase, and the settle time after a click on the fixture.
enum AgentStep {
    /// A family as measured: its name, and OpenAI's `detail` where it takes one.
    struct Case {
        var family: String
        var detail: String?
        var label: String { detail.map { "\(family) (detail \($0))" } ?? family }
    }

    static let cases = [Case(family: "qwen3-vl"), Case(family: "qwen3.5"), Case(family: "openai-tools", detail: "high"),
                        Case(family: "openai-som", detail: "high"), Case(family: "openai-som", detail: "low"), Case(family: "planner")]

    static func measure(_ desktop: X11Desktop, form: FixtureApp, samples: Int, log: (String) -> Void) async throws -> [Measurement] {
        let replies = InstantReplies(screen: try await desktop.screenSize(), submit: try form.center(of: "Submit"))
        var results: [Measurement] = []
        for measured in cases {
            log("agent: \(measured.label)…")
            results += try await measure(measured, desktop: desktop, replies: replies, steps: max(10, samples))
        }
        return results
    }

    private static func measure(_ measured: Case, desktop: X11Desktop, replies: InstantReplies, steps: Int) async throws -> [Measurement] {
        let planner = measured.family == "planner"
        let server = try await ScriptedHTTPServer { replies.reply(family: measured.family, to: $0) }
        let grounder = planner ? try await ScriptedHTTPServer { replies.reply(family: "grounder", to: $0) } : nil
        let recognizer = try TextRecognizer()
        let recipe = PolicyRecipe(
            family: try ModelFamilies.named(measured.family),
            model: HTTPChatModel(endpoint: ModelEndpoint(baseURL: (grounder ?? server).baseURL, model: "instant")),
            planner: planner ? HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "instant-planner")) : nil,
            detail: measured.detail, grounderProfile: try ModelProfiles.named("qwen3-vl"))
        let policy = try recipe.policy(desktop: desktop, recognizer: recognizer)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let agent = Agent(desktop: desktop, policy: policy, configuration: AgentConfiguration(maxSteps: steps, stuckRepeats: .max),
                          trajectory: try TrajectoryWriter(directory: directory))
        let result = await agent.run("Click Submit again and again")
        let requests = server.requests.filter { $0.method == "POST" }
        await server.shutdown()
        await grounder?.shutdown()

        let records = try TrajectoryEvent.read(from: directory.appendingPathComponent("trajectory.jsonl")).compactMap { event -> StepEvent? in
            if case .step(let step) = event { step } else { nil }
        }
        guard records.count == steps, records.allSatisfy({ $0.error == nil && $0.decision?.contains("click") == true }) else {
            throw FixtureError("agent bench, \(measured.label): expected \(steps) clicks, the run ended \(result.outcome) after \(records.count) steps: "
                               + (records.compactMap(\.error).first ?? records.last?.decision ?? "no step"))
        }
        let timed = records.dropFirst()  // the first step warms up
        let name = measured.label
        // The step's wall-clock time less the settle wait; the stand-in's own time (it answers at once) is in it.
        let overhead = timed.compactMap { record in record.durationMilliseconds.map { $0 - (record.timings?.settle ?? 0) } }
        let prepared = timed.filter { $0.observedWhileSettling == true }.count
        var results = [
            Measurement(group: "agent", name: "\(name): step overhead (wall less settle; \(prepared)/\(timed.count) observed while settling)",
                        samples_ms: overhead),
            Measurement(group: "agent", name: "\(name):   request size per step (history included)", samples_ms: requests.dropFirst().map { Double($0.body.count) }, unit: "bytes"),
            Measurement(group: "agent", name: "\(name):   visual tokens per step (history included)", samples_ms: timed.map { Double($0.requests?.reduce(0) { $0 + ($1.visualTokens ?? 0) } ?? 0) },
                        unit: "tokens"),
            Measurement(group: "agent", name: "\(name):   prompt tokens per step (client's estimate)",
                        samples_ms: timed.map { Double($0.requests?.first?.promptTokens ?? 0) }, unit: "tokens"),
        ]
        // The observation alone, on the screen as it is now: the same screen again (the OCR cache holds its
        // lines, as between two steps), and the first look (cache emptied).
        let screen = try await desktop.screenshot()
        results.append(Measurement(group: "agent", name: "\(name):   observe the same screen again",
                                   samples_ms: try await sample(max(10, steps / 2)) { _ = try await policy.observe(screen) }))
        if measured.family == "openai-som" || planner {
            results.append(Measurement(group: "agent", name: "\(name):   observe, first look (OCR cache emptied)",
                                       samples_ms: try await firstLooks(policy, recognizer: recognizer, screen: screen)))
            // A usual desktop: four of the six terminals painted over, as in the OCR group's lighter screen.
            var usual = screen
            for window in try await desktop.windows() where ["busy-0", "busy-1", "busy-2", "busy-3"].contains(window.title) {
                let frame = window.frame
                usual.fill(x: frame.x, y: frame.y, width: frame.width, height: frame.height, with: RGBA(r: 90, g: 120, b: 160))
            }
            results.append(Measurement(group: "agent", name: "\(name):   observe, first look, usual desktop (2 terminals)",
                                       samples_ms: try await firstLooks(policy, recognizer: recognizer, screen: usual)))
            results.append(Measurement(group: "agent", name: "\(name):   observe the same screen again, usual desktop",
                                       samples_ms: try await sample(max(10, steps / 2)) { _ = try await policy.observe(usual) }))
        }
        if measured.family == "qwen3-vl" {
            let phases: [(String, KeyPath<StepTimings, Double?>)] = [("capture", \.capture), ("observe", \.observe), ("save", \.save),
                                                                    ("decide", \.decide), ("gate", \.gate), ("execute", \.execute)]
            for (phase, path) in phases {
                results.append(Measurement(group: "agent", name: "\(name):   phase: \(phase)", samples_ms: timed.map { $0.timings?[keyPath: path] ?? 0 }))
            }
            results.append(Measurement(group: "agent", name: "\(name):   of which the HTTP exchange", samples_ms: timed.map { $0.requests?.first?.requestMilliseconds ?? 0 }))
            results.append(Measurement(group: "agent", name: "settle after a click on the fixture", samples_ms: timed.compactMap { $0.timings?.settle }))
        }
        return results
    }

    /// The observation of `screen` with the OCR cache emptied before each of three samples.
    private static func firstLooks(_ policy: any Policy, recognizer: TextRecognizer, screen: Image) async throws -> [Double] {
        try await sample(3, warmup: 1) {
            recognizer.clearCache()
            _ = try await policy.observe(screen)
        }
    }
}
