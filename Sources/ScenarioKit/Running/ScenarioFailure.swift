import Imaging

/// Why a step or expectation failed: the message a report shows, with what the locator saw.
struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
    /// Every place a locator found when it needed one (drawn, numbered as in the message).
    var places: [Rect] = []
    /// The text OCR read where a text locator looked, when it found nothing.
    var readText: String?
    /// The part of the screen searched (nil: all of it).
    var region: Rect?
    init(_ description: String, places: [Rect] = [], readText: String? = nil, region: Rect? = nil) {
        self.description = description
        self.places = places
        self.readText = readText
        self.region = region
    }
}

/// A scenario needs something this run does not have (a model); it is skipped, not failed.
struct ScenarioSkip: Error, CustomStringConvertible {
    var description: String
}
