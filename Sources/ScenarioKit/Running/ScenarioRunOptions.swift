public import Foundation
public import VisionModel

/// How scenarios are run.
public struct ScenarioRunOptions: Sendable {
    /// Where each scenario's artifacts go: `<output>/<name>/`.
    public var output: URL
    /// Write `screen_matches` references from the current screen instead of comparing.
    public var updateSnapshots: Bool
    /// The model for `target:` locators and `agent:` steps — a server, or a cassette replaying one; without
    /// one, such scenarios are skipped.
    public var model: (any ChatModel)?
    /// How the model is spoken to.
    public var profile: ModelProfile
    /// Keep a screenshot of every step (for the HTML report).
    public var keepStepScreenshots: Bool
    /// How long a locator keeps looking (OCR, image) before the step fails: the UI may not have drawn yet.
    public var locateTimeout: Double
    /// Folders searched first for launched programs (Deskpilot's own build products, such as `deskpilot-fixture`).
    public var programFolders: [String]

    /// Options writing artifacts to `output`; the profile is the default family's unless given.
    public init(output: URL, updateSnapshots: Bool = false, model: (any ChatModel)? = nil, profile: ModelProfile? = nil,
                keepStepScreenshots: Bool = false, locateTimeout: Double = 5, programFolders: [String] = []) {
        self.output = output
        self.updateSnapshots = updateSnapshots
        self.model = model
        self.profile = profile ?? ModelProfiles.forModel(model?.modelName ?? "")
        self.keepStepScreenshots = keepStepScreenshots
        self.locateTimeout = locateTimeout
        self.programFolders = programFolders
    }
}
