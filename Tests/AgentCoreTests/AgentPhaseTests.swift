import Deskpilot
import DeskpilotTesting
import Foundation
import Synchronization
import Testing

/// The loop's phases against a fake desktop and a scripted policy: no X server, no HTTP, milliseconds each.
@Suite("Agent phases (fake desktop, scripted policy)")
struct AgentPhaseTests {
    static let point = Point(x: 5, y: 5)
    static let click = PolicyStep.Outcome.decided(.act(.click(point, button: .left, count: 1)))
    /// A quick settle: the fake screen never animates.
    static let quick = AgentConfiguration(settleQuiet: .milliseconds(5), settleCap: .milliseconds(200))

    static func agent(_ desktop: FakeDesktop, _ policy: ScriptedPolicy, configuration: AgentConfiguration = quick, gate: Gate = Gate(),
                      tools: ToolRegistry = ToolRegistry(), events: EventLog? = nil) -> Agent {
        Agent(desktop: desktop, policy: policy, tools: tools, configuration: configuration, gate: gate, onEvent: { events?.append($0) })
    }

    /// A screen that changes with every input: actions always make progress.
    static func changing(size: Size = Size(width: 64, height: 48)) -> FakeDesktop {
        FakeDesktop(size: size) { inputs in
            var image = Image(width: size.width, height: size.height, filledWith: RGBA(r: 255, g: 255, b: 255))
            image.fill(x: inputs % size.width, y: 0, width: 1, height: size.height, with: RGBA(r: 0, g: 0, b: 0))
            return image
        }
    }

    @Test("an unusable reply goes back as a correction; a usable one resets the count; too many in a row end the run")
    func corrections() async {
        let desktop = FakeDesktop()
        let policy = ScriptedPolicy([.unusable(correction: "fix A"), .unusable(correction: "fix B"), Self.click,
                                     .unusable(correction: "1"), .unusable(correction: "2"), .unusable(correction: "3")])
        let result = await Self.agent(desktop, policy).run("Click")
        #expect(result.outcome == .failed(reason: "the model gave no usable tool call 3 times in a row; last: 3"))
        #expect(result.steps == 6)
        #expect(policy.received.map(\.feedback) == [
            [], [.correction(reply: "reply 1", message: "fix A")], [.correction(reply: "reply 2", message: "fix B")], [],
            [.correction(reply: "reply 4", message: "1")], [.correction(reply: "reply 5", message: "2")],
        ])
        #expect(desktop.inputs == [.click(Self.point, button: .left, count: 1)])
        // Only the step that did something is history.
        #expect(policy.received.last?.history.map(\.summary) == ["step 3"])
    }

    @Test("budgets stop the run before the step that would pass them", arguments: [
        (AgentConfiguration(maxSteps: 3), "max-steps 3", 3),
        (AgentConfiguration(maxTokens: 2500), "max-tokens 2500", 3),
        (AgentConfiguration(maxCost: 1.0), "max-cost 1.0", 3),
        (AgentConfiguration(maxDuration: .zero), "max-seconds 0", 0),
    ])
    func budgets(configuration: AgentConfiguration, budget: String, steps: Int) async {
        let policy = ScriptedPolicy([.decided(.act(.wait(seconds: 0)))], requestTokens: 1000, cost: 0.4)
        let result = await Self.agent(FakeDesktop(), policy, configuration: configuration).run("Wait")
        #expect(result.outcome == .budgetExhausted(budget: budget))
        #expect(result.steps == steps)
        #expect(result.tokens == steps * 1000)
    }

    @Test("the same action on an unchanged screen is nudged, then ends the run; on a changing screen it is not")
    func stuck() async {
        let still = FakeDesktop()
        let policy = ScriptedPolicy([Self.click])
        let result = await Self.agent(still, policy).run("Click")
        #expect(result.outcome == .failed(reason: "stuck: left_click (5, 5) on an unchanged screen 4 times"))
        #expect(still.inputs.count == 3)  // the fourth was not sent
        #expect(policy.received.map(\.feedback) == [[], [], [], [.note("The screen did not change after left_click (5, 5) 3 times. Try something else.")]])

        let moving = Self.changing()
        var configuration = Self.quick
        configuration.maxSteps = 6
        let unstuck = await Self.agent(moving, ScriptedPolicy([Self.click]), configuration: configuration).run("Click")
        #expect(unstuck.outcome == .budgetExhausted(budget: "max-steps 6"))
        #expect(moving.inputs.count == 6)
    }

    @Test("the gate: a dry run sends nothing; a declined action is not sent and the model is told; waits always pass")
    func gate() async {
        let events = EventLog()
        let dry = FakeDesktop()
        let script: [PolicyStep.Outcome] = [Self.click, .decided(.act(.type("hello"))), .decided(.act(.wait(seconds: 0))), .decided(.finish(.success))]
        let dryResult = await Self.agent(dry, ScriptedPolicy(script), gate: Gate(dryRun: true), events: events).run("Click")
        #expect(dryResult.outcome == .dryRun(actions: 2))  // the click and the typing; the wait sends nothing
        #expect(dry.inputs.isEmpty)
        #expect(events.steps.map(\.gate) == ["dry run", "dry run", "allowed", "allowed"])
        #expect(events.steps.map(\.result) == ["dry run: not sent", "dry run: not sent", "waited", "terminate success"])

        let asked = Mutex<[String]>([])
        let declining = Gate(confirm: { action in
            asked.withLock { $0.append(action.description) }
            return action.name != "type"
        })
        let desktop = FakeDesktop()
        let policy = ScriptedPolicy(script)
        let result = await Self.agent(desktop, policy, gate: declining).run("Click")
        #expect(result.outcome == .succeeded)
        #expect(desktop.inputs == [.click(Self.point, button: .left, count: 1)])
        #expect(asked.withLock { $0 } == ["left_click (5, 5)", #"type "hello""#])  // the wait was not asked about
        #expect(policy.received[2].feedback == [.note(#"type "hello" was not carried out: declined by the user. Choose another way, or terminate."#)])
    }

    @Test("a tool's image output reaches the next request as an image")
    func toolImage() async throws {
        struct Snapshot: AgentTool {
            struct Arguments: ToolArguments { var width: Int }
            let name = "snapshot"
            let description = "A picture."
            func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
                ToolOutput(text: "here it is", image: Image(width: arguments.width, height: 10, filledWith: RGBA(r: 1, g: 2, b: 3)))
            }
        }
        let policy = ScriptedPolicy([.decided(.callTool(name: "snapshot", arguments: ["width": 20])), .decided(.finish(.answer("done")))])
        let result = await Self.agent(FakeDesktop(), policy, tools: try ToolRegistry([Snapshot()])).run("Look")
        #expect(result.outcome == .answered("done"))
        guard case .toolResult(let name, let text, let image?)? = policy.received[1].feedback.first else {
            Issue.record("no image in \(policy.received[1].feedback)")
            return
        }
        #expect(name == "snapshot" && text == "here it is")
        #expect(image.size == Size(width: 20, height: 10))
    }

    @Test("custom tools under a safety policy: allowed runs, denied does not, confirm asks in words and runs only on yes; the record names each rule")
    func toolsUnderPolicy() async throws {
        struct Lookup: AgentTool {
            struct Arguments: ToolArguments { var customer: String }
            let name: String
            let description = "Looks a customer up."
            let calls: Calls
            func call(arguments: Arguments, context: ToolContext) async throws -> ToolOutput {
                calls.append(name)
                return ToolOutput(text: "found \(arguments.customer)")
            }
        }
        final class Calls: Sendable {
            let names = Mutex<[String]>([])
            func append(_ name: String) { names.withLock { $0.append(name) } }
        }
        let calls = Calls(), questions = Calls()
        let safety = SafetyPolicy(rules: [
            .init(verdict: .allow, conditions: [.tool("^lookup_customer$")], location: "p.yaml:3:5"),
            .init(verdict: .deny, conditions: [.tool("^delete_")], location: "p.yaml:4:5"),
            .init(verdict: .confirm, conditions: [.tool("^refund")], location: "p.yaml:5:5"),
        ], defaultVerdict: .deny)
        let tools = try ToolRegistry(["lookup_customer", "delete_customer", "refund_order", "refund_all"].map { Lookup(name: $0, calls: calls) })
        let script: [PolicyStep.Outcome] = ["lookup_customer", "delete_customer", "refund_order", "refund_all"]
            .map { .decided(.callTool(name: $0, arguments: ["customer": "Ada"])) } + [.decided(.finish(.success))]
        let events = EventLog()
        let gate = Gate(safety: safety, askWhenPolicyConfirms: { question in
            questions.append(question)
            return question.contains("refund_order")
        })
        _ = await Self.agent(FakeDesktop(), ScriptedPolicy(script), gate: gate, tools: tools, events: events).run("Refund Ada")
        #expect(calls.names.withLock { $0 } == ["lookup_customer", "refund_order"])
        #expect(questions.names.withLock { $0 } == [#"call the tool refund_order, which confirm tool "^refund" (p.yaml:5:5) asks about"#,
                                                     #"call the tool refund_all, which confirm tool "^refund" (p.yaml:5:5) asks about"#])
        #expect(events.steps.prefix(4).map { $0.safety ?? "" } == [
            #"allow by allow tool "^lookup_customer$" (p.yaml:3:5)"#, #"deny by deny tool "^delete_" (p.yaml:4:5)"#,
            #"confirm by confirm tool "^refund" (p.yaml:5:5)"#, #"confirm by confirm tool "^refund" (p.yaml:5:5)"#,
        ], "\(events.steps.map { $0.safety ?? "" })")
        #expect(events.steps[1].gate?.contains(#"denied by the safety policy: deny tool "^delete_" (p.yaml:4:5)"#) == true)
        #expect(events.steps[3].gate?.contains(#"declined by the user (confirm tool "^refund", p.yaml:5:5)"#) == true)
    }

    @Test("finishing: success, a failure with the model's reason, an answer")
    func finishing() async {
        #expect(await Self.agent(FakeDesktop(), ScriptedPolicy([.decided(.finish(.success))])).run("T").outcome == .succeeded)
        #expect(await Self.agent(FakeDesktop(), ScriptedPolicy([.decided(.finish(.failure(reason: "no such button")))])).run("T").outcome
            == .failed(reason: "the model reported failure: no such button"))
        #expect(await Self.agent(FakeDesktop(), ScriptedPolicy([.decided(.finish(.answer("42")))])).run("T").outcome == .answered("42"))
    }

    @Test("every step is one typed event: what was decided, let through and done, with timings")
    func events() async {
        let events = EventLog()
        let policy = ScriptedPolicy([Self.click, .decided(.finish(.success))])
        _ = await Self.agent(Self.changing(), policy, events: events).run("Click")
        let all = events.all
        guard case .start(let start)? = all.first, case .end(let end)? = all.last else {
            Issue.record("events: \(all)")
            return
        }
        #expect(start == RunStart(task: "Click", model: "scripted policy", screen: [64, 48]))
        #expect(end.outcome == "success" && end.steps == 2 && end.totalTokens == 2000)
        let click = events.steps[0]
        #expect(click.decision == "left_click (5, 5)" && click.point == [5, 5] && click.gate == "allowed" && click.result == "acted")
        #expect(click.timings?.capture != nil && click.timings?.settle != nil && click.timings?.decide != nil)
        // The second step's screen was prepared while the first one's settled.
        #expect(events.steps[1].observedWhileSettling == true && events.steps[1].timings?.capture == nil)
    }
}

/// The events an agent reported, in order.
final class EventLog: Sendable {
    private let events = Mutex<[TrajectoryEvent]>([])
    func append(_ event: TrajectoryEvent) { events.withLock { $0.append(event) } }
    var all: [TrajectoryEvent] { events.withLock { $0 } }
    var steps: [StepEvent] { all.compactMap { if case .step(let step) = $0 { step } else { nil } } }
}
