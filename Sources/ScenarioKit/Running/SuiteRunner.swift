import Foundation

/// Runs many scenarios: chooses which (`--grep`, `--shard`, `--last-failed`), runs them on up to `jobs`
/// displays at once, retries failures (a pass on a retry is **flaky**), and reports each as it ends.
public struct SuiteRunner: Sendable {
    /// Runs each scenario.
    public let runner: ScenarioRunner
    /// Scenarios running at once, each on its own Xvfb.
    public var jobs: Int
    /// Extra attempts for a failed scenario.
    public var retries: Int

    /// A suite runner.
    public init(runner: ScenarioRunner, jobs: Int = 1, retries: Int = 0) {
        self.runner = runner
        self.jobs = max(1, jobs)
        self.retries = max(0, retries)
    }

    /// The scenarios to run, in name order: those whose name, tags or file match `grep` (a regular
    /// expression, case-insensitive), in shard `shard` of `shards` (1-based; every `shards`-th scenario
    /// from the `shard`-th, so every machine gets a fair, fixed slice), and, when `only` is given, only
    /// those named there.
    public static func select(_ scenarios: [Scenario], grep: String? = nil, shard: (index: Int, count: Int)? = nil,
                              only: Set<String>? = nil) throws -> [Scenario] {
        var chosen = scenarios.sorted { $0.name < $1.name }
        if let grep {
            let pattern = try NSRegularExpression(pattern: grep, options: [.caseInsensitive])
            chosen = chosen.filter { scenario in
                ([scenario.name, scenario.file] + scenario.tags).contains { text in
                    pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                }
            }
        }
        if let only { chosen = chosen.filter { only.contains($0.name) } }
        if let shard { chosen = chosen.enumerated().filter { $0.offset % shard.count == shard.index - 1 }.map(\.element) }
        return chosen
    }

    /// Runs `scenarios`; `report` is called as each one ends (with its position in the order of ending).
    /// Cancelling the calling task stops the scenarios in flight (cleaning up after them) and starts no more;
    /// the results so far are returned.
    public func run(_ scenarios: [Scenario], report: @escaping @Sendable (_ finished: Int, _ total: Int, ScenarioResult) -> Void) async -> [ScenarioResult] {
        await withTaskGroup(of: (Int, ScenarioResult).self) { group in
            var results = [ScenarioResult?](repeating: nil, count: scenarios.count)
            var next = 0
            var finished = 0
            func startNext() {
                guard next < scenarios.count, !Task.isCancelled else { return }
                let index = next
                next += 1
                group.addTask { (index, await attempts(scenarios[index])) }
            }
            for _ in 0..<min(jobs, scenarios.count) { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                finished += 1
                report(finished, scenarios.count, result)
                startNext()
            }
            return results.compactMap { $0 }
        }
    }

    /// One scenario with its retries.
    private func attempts(_ scenario: Scenario) async -> ScenarioResult {
        var result = await runner.run(scenario)
        var attempts = 1
        var earlier: [ScenarioResult] = []
        while result.verdict == .failed, attempts <= retries, !Task.isCancelled, result.reason != ScenarioResult.interruptedReason {
            // The failed attempt's artifacts move aside (`name-attempt-1`), so the report keeps every attempt's.
            let kept = result.artifacts + "-attempt-\(attempts)"
            try? FileManager.default.removeItem(atPath: kept)
            if (try? FileManager.default.moveItem(atPath: result.artifacts, toPath: kept)) != nil { result.artifacts = kept }
            result.attempts = attempts
            earlier.append(result)
            attempts += 1
            result = await runner.run(scenario)
            if result.verdict == .passed { result.verdict = .flaky }
        }
        result.attempts = attempts
        if !earlier.isEmpty { result.earlierAttempts = earlier }
        return result
    }
}
