public import AgentCore
public import Foundation
public import Imaging

/// A scripted UI test: a private display, programs to launch, steps, and what must hold at the end.
/// Written as YAML in `Scenarios/` (see docs/scenarios.md) and read with ``ScenarioParser``.
public struct Scenario: Sendable, Hashable {
    /// A short unique name (`form-submit`).
    public var name: String
    /// What it checks, in a sentence.
    public var description: String
    /// The file it was read from.
    public var file: String
    /// The private Xvfb's size.
    public var display: Size
    /// The longest the whole scenario may take.
    public var timeout: Double
    /// Programs started on the display before the steps, in order.
    public var launch: [Launch]
    /// The steps, in order.
    public var steps: [ScenarioStep]
    /// What must hold at the end.
    public var expectations: [Expectation]
    /// Free-form labels, matched by `--grep` like the name.
    public var tags: [String]
    /// Its own cassette of recorded model answers (a path relative to the file): replayed when no model is
    /// given, recorded into with `--record`.
    public var cassette: String?
    /// Steps run after the launch and before ``steps``; when one fails, the steps are not run.
    public var setup: [ScenarioStep] = []
    /// Steps run at the end whatever happened (failure, timeout, Ctrl-C): closing dialogs, removing files.
    /// Their failures are reported but do not hide the scenario's own.
    public var teardown: [ScenarioStep] = []
    /// Variables (`env:`) given to every launched program and `run` step, and substituted for `${NAME}`.
    public var environment: [String: String] = [:]
    /// Secrets (`secrets:`): a name for each, and the environment variable holding its value. A `type:`
    /// step writes `{{secret:NAME}}`; the value is read when the step runs and typed, and appears nowhere
    /// else: reports, JUnit and the console show the placeholder.
    public var secrets: [String: String] = [:]

    /// The scenario's secrets with their values from `environment`: `type` steps and `agent:` steps type
    /// `{{secret:NAME}}` through them; one whose variable is not set fails the step that types it.
    public func secretValues(environment: [String: String] = ProcessInfo.processInfo.environment) -> Secrets {
        Secrets(variables: secrets, environment: environment)
    }

    /// A scenario built in Swift; `file` is where relative paths start from (and what reports name).
    public init(name: String, description: String = "", file: String = FileManager.default.currentDirectoryPath + "/inline.yaml",
                display: Size = Size(width: 1280, height: 800), timeout: Double = 60, launch: [Launch] = [],
                steps: [ScenarioStep] = [], expectations: [Expectation] = [], tags: [String] = [], cassette: String? = nil) {
        self.name = name
        self.description = description
        self.file = file
        self.display = display
        self.timeout = timeout
        self.launch = launch
        self.steps = steps
        self.expectations = expectations
        self.tags = tags
        self.cassette = cassette
    }

    /// A program to start, and optionally a window to wait for.
    public struct Launch: Sendable, Hashable {
        /// The command, not through a shell; the first word is looked up on `PATH` (build products of
        /// Deskpilot, such as `deskpilot-fixture`, are found too).
        public var command: [String]
        /// A window title or class (substring) to wait for, and how long.
        public var waitForWindow: (name: String, timeout: Double)?
        /// Where it is in the file.
        public var location: SourceLocation

        /// A program to start; in Swift, `location` defaults to the line that builds it.
        public init(command: [String], waitForWindow: (name: String, timeout: Double)? = nil,
                    location: SourceLocation = SourceLocation(file: #filePath, line: #line, column: 1)) {
            self.command = command
            self.waitForWindow = waitForWindow
            self.location = location
        }

        public static func == (a: Launch, b: Launch) -> Bool {
            a.command == b.command && a.waitForWindow?.name == b.waitForWindow?.name && a.waitForWindow?.timeout == b.waitForWindow?.timeout
                && a.location == b.location
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(command)
            hasher.combine(waitForWindow?.name)
            hasher.combine(location)
        }
    }

    /// The folder of the file: needle and reference paths are relative to it.
    public var directory: URL { URL(fileURLWithPath: file).deletingLastPathComponent() }

    /// A path written in the scenario, made absolute against its folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : directory.appendingPathComponent(path).standardizedFileURL.path
    }
}
