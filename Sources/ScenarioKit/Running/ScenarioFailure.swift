/// Why a step or expectation failed: the message a report shows.
struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A scenario needs something this run does not have (a model); it is skipped, not failed.
struct ScenarioSkip: Error, CustomStringConvertible {
    var description: String
}
