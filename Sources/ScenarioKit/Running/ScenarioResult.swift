import Foundation
public import Imaging

/// How a scenario, a step or an expectation ended.
public enum Verdict: String, Sendable, Codable, Hashable {
    /// It held.
    case passed
    /// It did not.
    case failed
    /// It failed, then passed on a retry: not trustworthy.
    case flaky
    /// It was not run (the reason says why).
    case skipped
}

/// What happened to one step or expectation.
public struct CheckOutcome: Sendable, Hashable, Codable {
    /// The step or expectation, in words (`click text "Name"`).
    public var description: String
    /// Where it is written (`file:line:column`).
    public var location: String
    /// How it ended.
    public var verdict: Verdict
    /// How long it took, in milliseconds.
    public var milliseconds: Double
    /// What decided it: the evidence (`OCR found "Name" at (412, 300)`), or why it failed.
    public var detail: String
    /// The screen point acted on, if any.
    public var point: Point?
    /// A screenshot taken before the step acted (in the artifacts folder), when screenshots are kept.
    public var screenshot: String?
    /// When a locator matched several places: all of them, in the order the message numbers them.
    public var places: [Rect]?
    /// When a text locator found nothing: the text OCR read where it looked.
    public var readText: String?
    /// The step's name (`name:`), when it has one.
    public var name: String?
}

/// A program a scenario launched, as it ended.
public struct LaunchRecord: Sendable, Codable, Hashable {
    /// The command line.
    public var command: [String]
    /// Its standard output and error (a file in the artifacts folder).
    public var log: String
    /// How it ended: `exited with status 0`, `killed by signal 9`, or `still running; stopped at the end`.
    public var exit: String
}

/// The result of running one scenario (the last attempt, with how many there were).
public struct ScenarioResult: Sendable, Codable {
    /// The reason of a scenario stopped by Ctrl-C: skipped, not failed (it says nothing of the app).
    public static let interruptedReason = "interrupted (Ctrl-C) before it finished"

    /// The scenario's name.
    public var name: String
    /// Its file.
    public var file: String
    /// How it ended over all attempts.
    public var verdict: Verdict
    /// Attempts made (1 + retries used).
    public var attempts: Int
    /// Wall-clock time of the last attempt, in seconds.
    public var seconds: Double
    /// Why it failed or was skipped, with the location of the step or expectation.
    public var reason: String?
    /// Files `--update-snapshots` wrote (references and refreshed needles), absolute paths.
    public var updatedFiles: [String]?
    /// The programs the scenario launched, with their output and how they ended.
    public var launched: [LaunchRecord]?
    /// Failed attempts before this one (`--retries`), each with its own reason and artifacts folder.
    public var earlierAttempts: [ScenarioResult]?
    /// The screen at the end (`final.png` in the artifacts), when step screenshots are kept.
    public var finalScreenshot: String?
    /// The film of the scenario's display (`video.webm` in the artifacts), when one was kept.
    public var video: String?
    /// The steps, in order, as far as they ran.
    public var steps: [CheckOutcome]
    /// The expectations, when the steps all passed.
    public var expectations: [CheckOutcome]
    /// The folder with this scenario's artifacts (screenshots, application output, OCR text).
    public var artifacts: String
    /// The private display's size, `[width, height]` (for marking points on screenshots).
    public var screen: [Int]
}
