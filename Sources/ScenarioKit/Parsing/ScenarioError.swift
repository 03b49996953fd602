/// A scenario file that cannot be run as written: where, and what was expected there.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong and what would be right.
    public var message: String

    /// An error at `location`.
    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    /// `file:line:column: error: message`, the form editors and CI logs turn into links.
    public var description: String { "\(location): error: \(message)" }
}
