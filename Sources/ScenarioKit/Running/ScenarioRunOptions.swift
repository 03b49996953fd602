public import AgentCore
public import Foundation
public import VisionModel

/// How scenarios are run.
public struct ScenarioRunOptions: Sendable {
    /// Where each scenario's artifacts go: `<output>/<name>/`.
    public var output: URL
    /// Write `screen_matches` references from the current screen instead of comparing.
    public var updateSnapshots: Bool
    /// The model for `target:` locators and `agent:` steps — a server, or a cassette replaying one; without
    /// one (and without a scenario's own cassette) such scenarios are skipped.
    public var model: (any ChatModel)?
    /// The planner model, for `agent:` steps of the planner family.
    public var planner: (any ChatModel)?
    /// How `target:` locators are grounded: the vision profile the model speaks.
    public var profile: ModelProfile
    /// The family `agent:` steps use when they name none.
    public var family: ModelFamily
    /// Record the models' answers into each scenario's own cassette (`--record`), instead of replaying it.
    public var recordsCassettes: Bool
    /// How a family's policy is built from its models (call options, thinking, detail).
    public var recipe: @Sendable (ModelFamily, _ model: any ChatModel, _ planner: (any ChatModel)?) -> PolicyRecipe
    /// Keep a screenshot of every step (for the HTML report).
    public var keepStepScreenshots: Bool
    /// How long a locator keeps looking (OCR, image) before the step fails: the UI may not have drawn yet.
    public var locateTimeout: Double
    /// Folders searched first for launched programs (Deskpilot's own build products, such as `deskpilot-fixture`).
    public var programFolders: [String]
    /// The safety policy `agent:` steps obey (`--policy`).
    public var safety: SafetyPolicy?
    /// Whether a policy's `confirm` rules pass (`--yes`); otherwise they deny, as nobody can be asked.
    public var confirmsPolicy = false
    /// Whether each scenario's display is filmed (`video.webm` in its artifacts).
    public var video: VideoMode = .off
    /// Show each scenario's private display as a Xephyr window on this display (`--headed`) instead of a
    /// hidden Xvfb.
    public var headedOn: String?
    /// Called after a scenario fails, before anything it started is stopped, with its display's name: the
    /// scenario waits until it returns (`--pause-on-failure` waits for a key).
    public var pauseOnFailure: (@Sendable (_ display: String, _ result: ScenarioResult) async -> Void)?

    /// Options writing artifacts to `output`; the profile and family are the model name's unless given.
    public init(output: URL, updateSnapshots: Bool = false, model: (any ChatModel)? = nil, planner: (any ChatModel)? = nil,
                profile: ModelProfile? = nil, family: ModelFamily? = nil, recordsCassettes: Bool = false,
                recipe: @escaping @Sendable (ModelFamily, any ChatModel, (any ChatModel)?) -> PolicyRecipe = { PolicyRecipe(family: $0, model: $1, planner: $2) },
                keepStepScreenshots: Bool = false, locateTimeout: Double = 5, programFolders: [String] = []) {
        self.output = output
        self.updateSnapshots = updateSnapshots
        self.model = model
        self.planner = planner
        self.profile = profile ?? ModelProfiles.forModel(model?.modelName ?? "")
        self.family = family ?? ModelFamilies.forModel(model?.modelName ?? "")
        self.recordsCassettes = recordsCassettes
        self.recipe = recipe
        self.keepStepScreenshots = keepStepScreenshots
        self.locateTimeout = locateTimeout
        self.programFolders = programFolders
    }
}
