public import Imaging

/// What must hold when a scenario's steps are done, with where it is written.
public struct Expectation: Sendable, Hashable {
    /// What is checked.
    public var check: Check
    /// Where it is in the file.
    public var location: SourceLocation

    /// An expectation written at `location` (in Swift, by default the line that builds it).
    public init(_ check: Check, at location: SourceLocation = SourceLocation(file: #filePath, line: #line, column: 1)) {
        self.check = check
        self.location = location
    }

    /// What an expectation checks.
    public enum Check: Sendable, Hashable, CustomStringConvertible {
        /// OCR finds the phrase on screen (or, with `present` false, does not).
        case text(String, present: Bool, exact: Bool, within: Rect?)
        /// A top-level window's title or class contains this text.
        case window(String)
        /// A file exists and, if given, contains this text.
        case file(path: String, contains: String?)
        /// A command exits with this status.
        case command([String], exit: Int32)
        /// The screen (or a region) matches a reference PNG within a tolerance: the share of pixels that may
        /// differ (by more than a small amount).
        case screenMatches(reference: String, region: Rect?, tolerance: Double)

        public var description: String {
            switch self {
            case .text(let text, let present, _, _): (present ? "text " : "not_text ") + text.debugDescription
            case .window(let name): "window \(name.debugDescription)"
            case .file(let path, let contains): "file \(path)" + (contains.map { " contains \($0.debugDescription)" } ?? "")
            case .command(let command, let exit): "command \(command.joined(separator: " ")) exits \(exit)"
            case .screenMatches(let reference, let region, _): "screen matches \(reference)" + (region.map { " in \($0)" } ?? "")
            }
        }
    }
}
