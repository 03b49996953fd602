import AgentCore
import Foundation
import VisionModel

/// The models one scenario talks to: the run's (servers, or the run's cassette), or the scenario's own
/// cassette — replayed when the run has no model, recorded into with `--record`. Each request is keyed in a
/// cassette by the family that makes it (the planner's by `planner`, a grounder's by its profile).
struct ScenarioModels: Sendable {
    let live: (any ChatModel)?
    let livePlanner: (any ChatModel)?
    let cassette: Cassette?

    /// The models for `scenario` under `options`.
    ///
    /// - Throws: ``CassetteError`` when the scenario's cassette cannot be read or written.
    init(scenario: Scenario, options: ScenarioRunOptions) throws(CassetteError) {
        live = options.model
        livePlanner = options.planner
        guard let file = scenario.cassette else {
            cassette = nil
            return
        }
        let url = URL(fileURLWithPath: scenario.resolve(file))
        if options.recordsCassettes, options.model != nil {
            cassette = try Cassette(url: url, mode: .record)
        } else if options.model == nil {
            cassette = try Cassette(url: url, mode: .replay)
        } else {
            cassette = nil  // a live model, not recording: the cassette stays as it is
        }
    }

    /// Whether any model answers.
    var available: Bool { live != nil || cassette?.mode == .replay }

    /// The vision model, its requests keyed by `key`.
    func model(key: String) -> (any ChatModel)? {
        wrap(live, key: key)
    }

    /// The planner model.
    func planner() -> (any ChatModel)? {
        wrap(livePlanner, key: "planner")
    }

    private func wrap(_ model: (any ChatModel)?, key: String) -> (any ChatModel)? {
        guard let cassette else { return model }
        switch cassette.mode {
        case .replay: return cassette.replaying(profile: key)
        case .record: return model.map { cassette.recording($0, profile: key) }
        }
    }
}
