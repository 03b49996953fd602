import Deskpilot
import Foundation
import MCP
import ScenarioKit

/// The two tools that take longer than a request usually does: `run_task` (Deskpilot's own agent loop on a
/// task, with the server's model) and `run_scenario` (scenario files through the test runner). Each reports
/// progress per step or per scenario when the call asked for it, writes into a folder of its own under the
/// server's runs folder, and names its artifacts in the result. Both pass the safety policy as a `tool`
/// action first, and the agent's actions then pass it one by one.
struct LongRunningTools {
    static let runTask = "run_task"
    static let runScenario = "run_scenario"
    static let names = [runTask, runScenario]

    struct RunTaskArguments: ToolArguments {
        var task: String
        var max_steps: Int?
        static let descriptions = [
            "task": "What to do, in plain words. {{secret:NAME}} stands for a secret the server was given; the model sees only the placeholder.",
            "max_steps": "The most model steps (default: the server's, 30 unless set).",
        ]
    }

    struct RunScenarioArguments: ToolArguments {
        var path: String
        var grep: String?
        static let descriptions = [
            "path": "A scenario file (.yaml) or a folder of them, on the server's machine (relative to where the server was started).",
            "grep": "Only scenarios whose name contains this text.",
        ]
    }

    static var definitions: [ToolDefinition] {
        get throws {
            [
                ToolDefinition(
                    name: runTask,
                    description: "Let Deskpilot's own agent (the vision model the server was started with) carry out a task on this desktop, "
                        + "step by step, under the server's safety policy. Sends a progress notification per step when asked; the result "
                        + "gives the outcome and the path of the run's trajectory and HTML report. " + DesktopTools.contract,
                    parameters: try RunTaskArguments.schema),
                ToolDefinition(
                    name: runScenario,
                    description: "Run scenario files (Deskpilot's YAML UI tests) with the test runner, each on a private display. Sends a "
                        + "progress notification per finished scenario when asked; the result gives the summary, each scenario's verdict "
                        + "and the paths of the JUnit and HTML reports.",
                    parameters: try RunScenarioArguments.schema),
            ]
        }
    }

    let server: DesktopMCPServer
    let ask: @Sendable (String) async -> DesktopMCPServer.Confirmation

    func call(_ name: String, arguments: JSONValue, progress: Progress?) async -> CallTool.Result {
        do {
            let data = try JSONEncoder().encode(arguments)
            if name == Self.runTask { return await runTask(try JSONDecoder().decode(RunTaskArguments.self, from: data), progress: progress) }
            return await runScenario(try JSONDecoder().decode(RunScenarioArguments.self, from: data), progress: progress)
        } catch let error as DecodingError {
            return DesktopMCPServer.error("The arguments of \(name) do not fit its schema: \(ToolRegistry.describe(error)).")
        } catch {
            return DesktopMCPServer.error("\(name) failed: \(error)")
        }
    }

    /// A new folder under the runs folder: `mcp-KIND-yyyyMMdd-HHmmss-XXXX`.
    private func folder(_ kind: String) -> URL {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let name = "mcp-\(kind)-\(formatter.string(from: Date()))-\(UUID().uuidString.prefix(4).lowercased())"
        return server.configuration.runs.appendingPathComponent(name)
    }

    private func runTask(_ arguments: RunTaskArguments, progress: Progress?) async -> CallTool.Result {
        guard let recipe = server.configuration.agent else {
            return DesktopMCPServer.error("run_task needs a model, and this server has none: start it with --base-url URL (or set "
                                          + "DESKPILOT_BASE_URL), and --model/--profile as for deskpilot run.")
        }
        guard !arguments.task.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return DesktopMCPServer.error("The task is empty: say in words what the agent should do.")
        }
        let maxSteps = arguments.max_steps ?? server.configuration.maxSteps
        guard maxSteps > 0 else { return DesktopMCPServer.error("max_steps must be at least 1 (got \(maxSteps)).") }
        let directory = folder("task")
        let trajectory: TrajectoryWriter
        let policy: any Policy
        do {
            trajectory = try TrajectoryWriter(directory: directory)
            policy = try recipe.policy(desktop: server.desktop, recognizer: server.recognizer)
        } catch {
            return DesktopMCPServer.error("run_task could not start: \(error)")
        }
        // Steps are reported in order, by one task reading what the loop hands over.
        let (events, sink) = AsyncStream.makeStream(of: TrajectoryEvent.self)
        let reporter = Task {
            for await event in events {
                guard case .step(let step) = event, let line = ConsoleLine.describe(event) else { continue }
                await progress?.report(step.step, total: maxSteps, server.configuration.secrets.conceal(in: line))
            }
        }
        let ask = ask
        let agent = Agent(
            desktop: SecretTypingDesktop(server.desktop, secrets: server.configuration.secrets),
            policy: policy,
            configuration: AgentConfiguration(maxSteps: maxSteps),
            gate: Gate(safety: server.configuration.safety, inspector: server.inspector, askWhenPolicyConfirms: { what in
                if case .yes = await ask("Deskpilot's agent, on the task you gave, wants to: \(SafeText.line(what)).") { return true }
                return false
            }),
            trajectory: trajectory,
            onEvent: { sink.yield($0) })
        let result = await agent.run(arguments.task)
        sink.finish()
        await reporter.value
        let report = try? TrajectoryReport.write(for: directory)
        let text = DesktopTools.json([
            "outcome": server.configuration.secrets.conceal(in: SafeText.line(result.outcome.description, limit: 2000)),
            "steps": result.steps, "tokens": result.tokens,
            "trajectory": directory.appendingPathComponent("trajectory.jsonl").path,
            "report": report?.path ?? NSNull(),
        ])
        let failed: Bool
        switch result.outcome {
        case .failed, .budgetExhausted, .interrupted: failed = true
        case .succeeded, .answered, .dryRun, .declined: failed = false
        }
        return DesktopMCPServer.result(json: text, isError: failed)
    }

    private func runScenario(_ arguments: RunScenarioArguments, progress: Progress?) async -> CallTool.Result {
        guard var options = server.configuration.scenarios else {
            return DesktopMCPServer.error("run_scenario is not available on this server (it was started without the test runner's settings).")
        }
        var scenarios: [Scenario] = []
        var problems: [String] = []
        do {
            for file in try ScenarioParser.files(in: [arguments.path]) {
                do { scenarios.append(try ScenarioParser().parse(contentsOf: file)) } catch { problems.append(error.description) }
            }
        } catch {
            problems.append(error.description)
        }
        guard problems.isEmpty else {
            return DesktopMCPServer.error("The scenarios cannot run as written:\n" + problems.joined(separator: "\n"))
        }
        let chosen: [Scenario]
        do {
            chosen = try SuiteRunner.select(scenarios, grep: arguments.grep, shard: nil, only: nil)
        } catch {
            return DesktopMCPServer.error("\(error)")
        }
        guard !chosen.isEmpty else {
            return DesktopMCPServer.error("No scenario to run in \(arguments.path)" + (arguments.grep.map { " whose name contains '\($0)'" } ?? "") + ".")
        }
        let directory = folder("scenario")
        options.output = directory
        options.keepStepScreenshots = true
        // The scenarios' agent: and run: steps obey the server's policy; nobody can confirm inside a test run.
        options.safety = server.configuration.safety
        options.confirmsPolicy = false
        let runner: ScenarioRunner
        do {
            runner = try ScenarioRunner(options: options)
        } catch {
            return DesktopMCPServer.error("run_scenario could not start: \(error)")
        }
        let (finished, sink) = AsyncStream.makeStream(of: (Int, Int, ScenarioResult).self)
        let reporter = Task {
            for await (done, total, result) in finished {
                await progress?.report(done, total: total, ConsoleReport.line(finished: done, total: total, result))
            }
        }
        let start = ContinuousClock.now
        let results = await SuiteRunner(runner: runner).run(chosen) { done, total, result in sink.yield((done, total, result)) }
        sink.finish()
        await reporter.value
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let junit = directory.appendingPathComponent("junit.xml"), html = directory.appendingPathComponent("report")
        var written: [String: Any] = [:]
        do {
            try JUnitReport.write(results, seconds: seconds, interrupted: false, to: junit)
            written["junit"] = junit.path
            written["report"] = try HTMLReport.write(results, seconds: seconds, interrupted: false, to: html).path
        } catch {
            written["report_error"] = "\(error)"
        }
        let text = DesktopTools.json(written.merging([
            "summary": ConsoleReport.summary(results, seconds: seconds),
            "passed": results.filter { $0.verdict == .passed }.count,
            "failed": results.filter { $0.verdict == .failed }.count,
            "scenarios": results.map { result -> [String: Any] in
                ["name": result.name, "file": result.file, "verdict": result.verdict.rawValue, "reason": result.reason ?? NSNull()]
            },
            "output": directory.path,
        ]) { $1 })
        return DesktopMCPServer.result(json: text, isError: results.contains { $0.verdict == .failed })
    }
}
