public import Imaging

/// How a step names a place on the screen.
public enum Locator: Sendable, Hashable, CustomStringConvertible {
    /// Screen pixels.
    case point(Point)
    /// A phrase, found by OCR.
    case text(String, exact: Bool)
    /// A needle image (a path relative to the scenario file), found by template matching.
    case image(path: String, threshold: Double)
    /// A description the vision model grounds ("the Submit button"); needs a model or a cassette.
    case target(String)
    /// A place recorded from an agent run: its screen point and a needle cut around it, with its OCR text
    /// and a description as fallbacks. Found by the needle at the recorded place first, then by the needle
    /// anywhere (the UI moved), then by the text, then — with a model — by grounding the description.
    case recorded(point: Point, needle: String, text: String?, target: String?)

    public var description: String {
        switch self {
        case .point(let point): "(\(point.x), \(point.y))"
        case .text(let text, let exact): "text \(text.debugDescription)" + (exact ? "" : " (fuzzy)")
        case .image(let path, _): "image \(path)"
        case .target(let description): "target \(description.debugDescription)"
        case .recorded(let point, let needle, let text, _):
            "recorded place (\(point.x), \(point.y)) \(needle)" + (text.map { " \($0.debugDescription)" } ?? "")
        }
    }
}

/// A locator with what narrows it down: which of several matches (`nth`, from 1) and where to look (`within`).
public struct PlaceQuery: Sendable, Hashable, CustomStringConvertible {
    /// What to find.
    public var locator: Locator
    /// Which match, from 1 (top to bottom, left to right for text; best first for images); nil takes the
    /// only or best one.
    public var nth: Int?
    /// Only this part of the screen.
    public var within: Rect?
    /// Only matches in this position relative to another place (closest first).
    public var relation: PlaceRelation?
    /// Pixels added to the found point: "the entry 150 px right of the Customer label".
    public var offset: Point?

    /// A query for `locator`.
    public init(_ locator: Locator, nth: Int? = nil, within: Rect? = nil, relation: PlaceRelation? = nil, offset: Point? = nil) {
        self.locator = locator
        self.nth = nth
        self.within = within
        self.relation = relation
        self.offset = offset
    }

    public var description: String {
        var text = locator.description
        if let relation { text += " \(relation)" }
        if let nth { text += " #\(nth)" }
        if let within { text += " within \(within)" }
        if let offset { text += " offset (\(offset.x), \(offset.y))" }
        return text
    }
}

/// Where a place lies relative to another place, its anchor (found by its own query), as in Playwright's
/// layout locators. The matches of the main locator are kept when their box lies on that side of an
/// anchor's box, at most `maxDistance` pixels between the boxes; the closest comes first, so `nth: 1` is
/// the nearest. Left and right mean on the same line (the boxes share rows: a field right of its label);
/// above and below mean any higher or lower box, the sideways gap counting in the distance.
public struct PlaceRelation: Sendable, Hashable, CustomStringConvertible {
    /// The side, or `near` (any side, boxes at most `maxDistance` apart; 50 px unless given).
    public enum Side: String, Sendable, Hashable, CaseIterable {
        case rightOf = "right_of", leftOf = "left_of", above, below, near
    }

    /// Which side of the anchor.
    public var side: Side
    /// The gap allowed between the two boxes, in pixels; nil: any (for `near`, 50).
    public var maxDistance: Int?
    /// The anchor's query (in an array only because a struct cannot hold itself directly).
    private var anchors: [PlaceQuery]

    /// The place the relation is measured from.
    public var anchor: PlaceQuery { anchors[0] }

    /// Matches on `side` of the place `anchor` finds, at most `maxDistance` pixels away.
    public init(_ side: Side, of anchor: PlaceQuery, maxDistance: Int? = nil) {
        self.side = side
        self.anchors = [anchor]
        self.maxDistance = maxDistance
    }

    /// The gap between `box` and `anchor` when `box` is on this side of it, else nil.
    public func distance(of box: Rect, from anchor: Rect) -> Int? {
        let rowsOverlap = box.y < anchor.y + anchor.height && anchor.y < box.y + box.height
        // The gaps between the boxes across and down (0 when they overlap that way).
        let dx = max(0, max(anchor.x - (box.x + box.width), box.x - (anchor.x + anchor.width)))
        let dy = max(0, max(anchor.y - (box.y + box.height), box.y - (anchor.y + anchor.height)))
        // A box may start a pixel or two inside the anchor's (anti-aliased edges, OCR boxes).
        let slack = 2
        let gap: Int?
        switch side {
        case .rightOf: gap = rowsOverlap && box.x >= anchor.x + anchor.width - slack ? dx : nil
        case .leftOf: gap = rowsOverlap && box.x + box.width <= anchor.x + slack ? dx : nil
        case .below: gap = box.y >= anchor.y + anchor.height - slack ? dy + dx : nil
        case .above: gap = box.y + box.height <= anchor.y + slack ? dy + dx : nil
        case .near: gap = Int((Double(dx * dx + dy * dy)).squareRoot().rounded())
        }
        guard let gap, gap <= (maxDistance ?? (side == .near ? 50 : .max)) else { return nil }
        return gap
    }

    public var description: String {
        "\(side.rawValue) \(anchor)" + (maxDistance.map { " (at most \($0) px)" } ?? "")
    }
}
