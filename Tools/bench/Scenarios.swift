import Deskpilot
import DeskpilotTesting
import Foundation
import ScenarioKit
import Imaging

/// The scenario runner: its own cost per scripted step (beyond the step's own wait), and the project's
/// scenario suite on one display at a time against two at once.
enum ScenarioBench {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func measure(samples: Int) async throws -> [Measurement] {
        let programs = URL(fileURLWithPath: try BuildProducts.path(of: "deskpilot-fixture")).deletingLastPathComponent().path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-bench-scenarios-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let runner = try ScenarioRunner(options: ScenarioRunOptions(output: output, programFolders: [programs]))

        // Scripted steps on the fixture's buttons: clicks at pixels, keys, and 20 ms waits.
        var steps: [ScenarioStep] = []
        for index in 0..<max(10, samples) {
            steps.append(ScenarioStep(.desktop(.click(PlaceQuery(.point(Point(x: 150 + (index % 3) * 250, y: 103))), button: .left, count: 1))))
            steps.append(ScenarioStep(.desktop(.key(try KeyCombo(parsing: "Tab")))))
            steps.append(ScenarioStep(.desktop(.wait(seconds: 0.02))))
        }
        let scenario = Scenario(name: "bench-steps", display: Size(width: 1024, height: 768),
                                launch: [.init(command: ["deskpilot-fixture", "--scene", "buttons"], waitForWindow: ("Deskpilot Fixture", 10))],
                                steps: steps)
        let result = await runner.run(scenario)
        guard result.verdict == .passed else { throw FixtureError("scenario bench: the step scenario failed: \(result.reason ?? "")") }
        func overhead(_ prefix: String, less wait: Double) -> [Double] {
            result.steps.filter { $0.description.hasPrefix(prefix) }.map { $0.milliseconds - wait }
        }
        var measurements = [
            Measurement(group: "scenario", name: "runner overhead per step: click at pixels", samples_ms: overhead("left_click", less: 0)),
            Measurement(group: "scenario", name: "runner overhead per step: key", samples_ms: overhead("key", less: 0)),
            Measurement(group: "scenario", name: "runner overhead per step: wait 20 ms, beyond the wait", samples_ms: overhead("wait", less: 20)),
            Measurement(group: "scenario", name: "a scenario of \(steps.count) steps, start to end (Xvfb, launch, clean-up)",
                        samples_ms: [result.seconds * 1000]),
        ]

        // The project's suite, one display at a time, then two at once (scenarios needing a model are skipped).
        let folder = root.appendingPathComponent("Scenarios").path
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        let suite = try files.map { try ScenarioParser().parse(contentsOf: folder + "/" + $0) }.filter { !ScenarioRunner.needsModel($0) }
        var wall: [Double] = []
        for jobs in [1, 2] {
            let start = ContinuousClock.now
            let results = await SuiteRunner(runner: runner, jobs: jobs).run(suite) { _, _, _ in }
            wall.append(milliseconds(ContinuousClock.now - start))
            if let failed = results.first(where: { $0.verdict != .passed }) {
                throw FixtureError("scenario bench: \(failed.name) did not pass with --jobs \(jobs): \(failed.reason ?? "")")
            }
            measurements.append(Measurement(group: "scenario", name: "suite of \(suite.count) scenarios, --jobs \(jobs)", samples_ms: [wall[jobs - 1]]))
        }
        measurements.append(Measurement(group: "scenario", name: String(format: "suite --jobs 2 / --jobs 1 wall time: %.2f", wall[1] / wall[0]),
                                        samples_ms: [wall[1] / wall[0]]))
        return measurements
    }
}
