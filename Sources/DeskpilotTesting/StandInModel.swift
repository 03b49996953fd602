import Foundation
public import ChildProcesses

/// Starts `deskpilot-mock-model`, the stand-in vision model, for tests.
public enum StandInModel {
    /// Starts the stand-in with the plan in `planFile` and extra `arguments`; returns it and its base URL
    /// once it listens (it is stopped when the returned process is released or stopped).
    ///
    /// - Throws: ``FixtureError`` when it exits or does not listen within 30 s.
    public static func start(planFile: String, arguments: [String] = []) async throws -> (ChildProcess, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-mock-\(UUID().uuidString).txt").path
        let mock = try ChildProcess([try BuildProducts.path(of: "deskpilot-mock-model"), "--plan", planFile] + arguments,
                                    standardOutput: output, standardError: output)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) {
                return (mock, String(line.dropFirst("listening on ".count)))
            }
            guard mock.isRunning else { throw FixtureError("the stand-in model exited: \(text)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        mock.stop()
        throw FixtureError("the stand-in model did not listen within 30 s")
    }
}
