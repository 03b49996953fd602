// A UI test kept next to the code it tests, written with Swift Testing and Deskpilot's scenario API.
// `swift test --filter FormUITests` runs it: each test gets its own private Xvfb, launches the app,
// drives it, checks the result, and stops everything it started.
import Deskpilot
import DeskpilotTesting
import Foundation
import ScenarioKit
import Testing
import Imaging

@Suite("Example: UI tests in Swift")
struct FormUITests {
    /// Where the runner looks for the app under test (here Deskpilot's own fixture) and writes artifacts.
    static func runner() throws -> ScenarioRunner {
        let programs = URL(fileURLWithPath: try BuildProducts.path(of: "deskpilot-fixture")).deletingLastPathComponent().path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-example-\(UUID().uuidString)")
        return try ScenarioRunner(options: ScenarioRunOptions(output: output, programFolders: [programs]))
    }

    @Test("a scenario built in Swift: fill in the form and submit it")
    func scenarioInSwift() async throws {
        let scenario = Scenario(
            name: "example-form",
            display: Size(width: 1280, height: 800),
            launch: [.init(command: ["deskpilot-fixture", "--scene", "form"], waitForWindow: ("Deskpilot Fixture", 10))],
            steps: [
                ScenarioStep(.desktop(.click(PlaceQuery(.text("Name", exact: true))))),
                ScenarioStep(.desktop(.key(try KeyCombo(parsing: "Tab")))),
                ScenarioStep(.desktop(.type("Ada Lovelace"))),
                ScenarioStep(.desktop(.click(PlaceQuery(.text("Submit", exact: true))))),
            ],
            expectations: [Expectation(.text("Submitted: Ada Lovelace", present: true, exact: true, within: nil))])
        let result = await (try Self.runner()).run(scenario)
        #expect(result.verdict == .passed, "\(result.reason ?? "") — artifacts in \(result.artifacts)")
        #expect(result.steps.count == 4 && result.expectations.count == 1)
        // Each step says what decided it, e.g. `OCR read "Submit" at 330,379`.
        #expect(result.steps[3].detail.contains("OCR read \"Submit\""))
    }

    @Test("a YAML scenario from Scenarios/, run from Swift")
    func yamlScenario() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Scenarios/form-submit.yaml").path
        let scenario = try ScenarioParser().parse(contentsOf: file)
        let result = await (try Self.runner()).run(scenario)
        #expect(result.verdict == .passed, "\(result.reason ?? "")")
    }
}
