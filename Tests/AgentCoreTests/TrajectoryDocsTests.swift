import Deskpilot
import Foundation
import Testing

/// docs/trajectory.md is the reader's reference for the record: every field a run can write is in it.
@Suite("The trajectory's documentation")
struct TrajectoryDocsTests {
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/trajectory.md")

    @Test("every field of every event names itself in docs/trajectory.md")
    func everyFieldDocumented() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let events: [Any] = [
            RunStart(task: "t", model: "m", screen: nil), StepEvent(step: 1), StepTimings(),
            ModelCallRecord(role: "model", promptTokens: 1, completionTokens: 1),
            RunEnd(steps: 1, outcome: "success", error: nil, totalTokens: 1, totalCost: nil, durationMilliseconds: 1),
        ]
        var fields: [String] = []
        for event in events { fields += Mirror(reflecting: event).children.compactMap(\.label) }
        #expect(fields.count > 30)  // the mirror saw the records' fields
        let missing = fields.filter { !text.contains("`\($0)`") }
        #expect(missing.isEmpty, "not in docs/trajectory.md: \(missing)")
    }
}
