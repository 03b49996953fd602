public import Foundation

/// The names of the scenarios that failed in the last run, kept in the output folder for `--last-failed`.
public enum LastRun {
    /// `output/.last-run.json`.
    public static func url(in output: URL) -> URL { output.appendingPathComponent(".last-run.json") }

    /// Records the failed scenarios of `results`.
    public static func save(_ results: [ScenarioResult], in output: URL) throws {
        let failed = results.filter { $0.verdict == .failed }.map(\.name).sorted()
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try JSONEncoder().encode(["failed": failed]).write(to: url(in: output), options: .atomic)
    }

    /// The failed scenarios of the last run, or nil when there is no record.
    public static func failed(in output: URL) -> Set<String>? {
        guard let data = try? Data(contentsOf: url(in: output)),
              let record = try? JSONDecoder().decode([String: [String]].self, from: data) else { return nil }
        return Set(record["failed"] ?? [])
    }
}
