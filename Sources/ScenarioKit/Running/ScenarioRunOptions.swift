public import Foundation
public import VisionModel

/// How scenarios are run.
public struct ScenarioRunOptions: Sendable {
    /// Where each scenario's artifacts go: `<output>/<name>/`.
    public var output: URL
    /// Write `screen_matches` references from the current screen instead of comparing.
    public var updateSnapshots: Bool
    /// The model for `target:` locators and `agent:` steps; without one (or a replaying cassette) such
    /// scenarios are skipped.
    public var model: ModelEndpoint?
    /// Model answers recorded here (with a model) or replayed from here (without one).
    public var cassette: Cassette?
    /// Keep a screenshot of every step (for the HTML report).
    public var keepStepScreenshots: Bool
    /// How long a locator keeps looking (OCR, image) before the step fails: the UI may not have drawn yet.
    public var locateTimeout: Double
    /// Folders searched first for launched programs (Deskpilot's own build products, such as `deskpilot-fixture`).
    public var programFolders: [String]

    /// The transport for model steps: the model's server, or the cassette alone when replaying; nil when
    /// there is neither.
    var modelTransport: ModelTransport? {
        if let model { return ModelTransport(endpoint: model, cassette: cassette) }
        guard let cassette, cassette.mode == .replay else { return nil }
        // Never contacted: every answer comes from the cassette.
        return ModelTransport(endpoint: ModelEndpoint(baseURL: "http://127.0.0.1:9/v1", model: "cassette"), cassette: cassette)
    }

    /// Options writing artifacts to `output`.
    public init(output: URL, updateSnapshots: Bool = false, model: ModelEndpoint? = nil, cassette: Cassette? = nil, keepStepScreenshots: Bool = false,
                locateTimeout: Double = 5, programFolders: [String] = []) {
        self.output = output
        self.updateSnapshots = updateSnapshots
        self.model = model
        self.cassette = cassette
        self.keepStepScreenshots = keepStepScreenshots
        self.locateTimeout = locateTimeout
        self.programFolders = programFolders
    }
}
