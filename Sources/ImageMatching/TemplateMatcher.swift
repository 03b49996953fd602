public import Imaging

/// Finds a needle image on a screenshot by normalized cross-correlation (OpenCV's `TM_CCOEFF_NORMED` on
/// grey), the products computed with OpenBLAS.
///
/// ```swift
/// let needle = try Image(contentsOfPNGFile: "needles/submit.png")
/// let matcher = TemplateMatcher()
/// if let submit = try matcher.matches(of: needle, in: try await desktop.screenshot()).first {
///     try await desktop.click(at: submit.center)
/// }
/// ```
///
/// **Near first.** Given the place the needle was last seen (`expected`), the matcher looks in a margin
/// around it first, as openQA does with its needles; that takes a millisecond or two. Only when the needle
/// is not there is the whole area searched.
///
/// **Coarse to fine.** A search runs on copies of the screen and the needle reduced 2 or 4 times (needles
/// of at least 16 or 48 pixels a side), with the needle reduced in several phases so that one of them lines
/// up with the screen's blocks; it keeps the best places on a looser threshold and checks each at full
/// resolution in a small window around it. A 64×64 needle on a 1080p screen takes about 30 ms instead of
/// the ~1 s of an exhaustive search.
public struct TemplateMatcher: Sendable {
    /// The lowest score that counts as found (0…1). SikuliX uses 0.7; 0.9 avoids look-alikes.
    public var threshold: Double
    /// How far around the expected place the first look reaches, in pixels.
    public var nearMargin: Int

    /// A matcher that accepts scores of at least `threshold`.
    public init(threshold: Double = 0.9, nearMargin: Int = 48) {
        self.threshold = threshold
        self.nearMargin = nearMargin
    }

    /// The places `needle` appears in `image` (within `region`, if given), best first; overlapping places
    /// keep only the best.
    ///
    /// - Parameters:
    ///   - expected: where the needle's top-left corner was last seen; the margin around it is searched
    ///     first, and when the needle is found there, only those matches are returned.
    ///   - limit: the most matches returned.
    /// - Throws: ``TemplateMatchingError``.
    public func matches(of needle: Image, in image: Image, region: Rect? = nil, expected: Point? = nil,
                        limit: Int = 10) throws(TemplateMatchingError) -> [TemplateMatch] {
        guard (0...1).contains(threshold) else { throw .invalidThreshold(threshold) }
        let area = region ?? Rect(x: 0, y: 0, width: image.width, height: image.height)
        guard area.x >= 0, area.y >= 0, area.width > 0, area.height > 0, area.x + area.width <= image.width,
              area.y + area.height <= image.height
        else { throw .areaOutOfBounds(area: area, imageWidth: image.width, imageHeight: image.height) }
        guard needle.width <= area.width, needle.height <= area.height else {
            throw .needleLargerThanArea(needle: Size(width: needle.width, height: needle.height), area: area)
        }
        let needlePlane = GreyPlane(needle, x: 0, y: 0, width: needle.width, height: needle.height)
        guard let first = needlePlane.values.first, needlePlane.values.contains(where: { abs($0 - first) > 0.5 }) else {
            throw .flatNeedle(width: needle.width, height: needle.height)
        }

        if let expected {
            let near = Rect(x: expected.x - nearMargin, y: expected.y - nearMargin,
                            width: needle.width + 2 * nearMargin, height: needle.height + 2 * nearMargin).intersection(area)
            if let near, near.width >= needle.width, near.height >= needle.height {
                let found = search(needlePlane, in: image, area: near, limit: limit)
                if !found.isEmpty { return found }
            }
        }
        return search(needlePlane, in: image, area: area, limit: limit)
    }

    /// Coarse to fine over `area` of `image`.
    private func search(_ needlePlane: GreyPlane, in image: Image, area: Rect, limit: Int) -> [TemplateMatch] {
        let side = min(needlePlane.width, needlePlane.height)
        let factor = side >= 48 ? 4 : side >= 16 ? 2 : 1
        guard factor > 1 else {
            let haystack = GreyPlane(image, x: area.x, y: area.y, width: area.width, height: area.height)
            return exhaustive(needlePlane, in: haystack, at: Point(x: area.x, y: area.y), limit: limit)
        }
        // Reduced 4 times, phases every 2 pixels find all but needles made only of hairlines; for those,
        // every phase.
        let found = coarseToFine(needlePlane, in: image, area: area, factor: factor, phaseStep: factor == 4 ? 2 : 1, limit: limit)
        guard found.isEmpty, factor == 4 else { return found }
        return coarseToFine(needlePlane, in: image, area: area, factor: factor, phaseStep: 1, limit: limit)
    }

    /// The search on copies reduced `factor` times, the needle in phases `phaseStep` apart; each coarse
    /// peak checked at full size.
    private func coarseToFine(_ needlePlane: GreyPlane, in image: Image, area: Rect, factor: Int, phaseStep: Int, limit: Int) -> [TemplateMatch] {
        // Coarse: both reduced. The needle is reduced once per phase (its crop starting 0, phaseStep, …
        // pixels in), so that at its true place one phase lines up with the screen's blocks (within
        // phaseStep − 1 pixels) and scores nearly as at full size; thin lines and text survive that way. Keep up to 16 peaks per phase on a looser threshold, and
        // of those (48 places at most) the ones close to the best (look-alikes score alike at the coarse level too).
        let coarseWidth = (needlePlane.width - factor + 1) / factor, coarseHeight = (needlePlane.height - factor + 1) / factor
        var phases: [(dx: Int, dy: Int)] = []
        var coarseNeedles: [GreyPlane] = []
        for dy in Swift.stride(from: 0, to: factor, by: phaseStep) {
            for dx in Swift.stride(from: 0, to: factor, by: phaseStep) {
                phases.append((dx, dy))
                coarseNeedles.append(needlePlane.cropped(Rect(x: dx, y: dy, width: coarseWidth * factor, height: coarseHeight * factor)).reduced(by: factor))
            }
        }
        let coarseHaystack = GreyPlane(image, x: area.x, y: area.y, width: area.width, height: area.height, reducedBy: factor)
        let coarse = Correlation.scores(of: coarseNeedles, in: coarseHaystack)
        let columns = coarseHaystack.width - coarseWidth + 1
        var peaks: [(x: Int, y: Int, score: Float)] = []
        for (phase, scores) in zip(phases, coarse) {
            for peak in Self.peaks(scores, columns: columns, minimum: Float(max(0.3, threshold - 0.35)),
                                   spacing: max(1, min(coarseWidth, coarseHeight) / 2), limit: 16) {
                // The needle's full-size corner: the block's corner less the phase.
                peaks.append((area.x + (peak % columns) * factor - phase.dx, area.y + (peak / columns) * factor - phase.dy, scores[peak]))
            }
        }
        let best = peaks.map(\.score).max() ?? 0
        // Fine: each peak in a window of ±2 pixels at full size (the same place seen in several phases once).
        var found: [TemplateMatch] = []
        var checked: [Point] = []
        for peak in peaks.sorted(by: { $0.score > $1.score }) where peak.score >= best - 0.25 {
            if checked.contains(where: { abs($0.x - peak.x) <= 2 && abs($0.y - peak.y) <= 2 }) { continue }
            if checked.count == 48 { break }
            checked.append(Point(x: peak.x, y: peak.y))
            let window = Rect(x: peak.x - 2, y: peak.y - 2, width: needlePlane.width + 4, height: needlePlane.height + 4).intersection(area)
            guard let window, window.width >= needlePlane.width, window.height >= needlePlane.height else { continue }
            let plane = GreyPlane(image, x: window.x, y: window.y, width: window.width, height: window.height)
            found += exhaustive(needlePlane, in: plane, at: Point(x: window.x, y: window.y), limit: 1)
        }
        return Self.bestApart(found, limit: limit)
    }

    /// Every position of `haystack` (whose top-left corner is at `origin` in the image); the matches at or
    /// above the threshold.
    private func exhaustive(_ needle: GreyPlane, in haystack: GreyPlane, at origin: Point, limit: Int) -> [TemplateMatch] {
        let scores = Correlation.scores(of: needle, in: haystack)
        let columns = haystack.width - needle.width + 1
        let peaks = Self.peaks(scores, columns: columns, minimum: Float(threshold),
                               spacing: max(1, min(needle.width, needle.height) / 2), limit: limit)
        return peaks.map { index in
            TemplateMatch(rect: Rect(x: origin.x + index % columns, y: origin.y + index / columns, width: needle.width, height: needle.height),
                          score: Double(scores[index]))
        }
    }

    /// Indices of the best scores at or above `minimum`, each at least `spacing` away (in x or y) from a
    /// better one, best first.
    private static func peaks(_ scores: [Float], columns: Int, minimum: Float, spacing: Int, limit: Int) -> [Int] {
        let candidates = scores.indices.filter { scores[$0] >= minimum }.sorted { scores[$0] > scores[$1] }
        var kept: [Int] = []
        for index in candidates {
            let x = index % columns, y = index / columns
            if kept.contains(where: { abs($0 % columns - x) < spacing && abs($0 / columns - y) < spacing }) { continue }
            kept.append(index)
            if kept.count == limit { break }
        }
        return kept
    }

    /// The best matches, dropping any that overlaps a better one by more than half.
    private static func bestApart(_ matches: [TemplateMatch], limit: Int) -> [TemplateMatch] {
        var kept: [TemplateMatch] = []
        for match in matches.sorted(by: { $0.score > $1.score }) {
            if kept.contains(where: { $0.rect.overlapArea(match.rect) * 2 > match.rect.width * match.rect.height }) { continue }
            kept.append(match)
            if kept.count == limit { break }
        }
        return kept
    }
}

extension Rect {
    /// How many pixels the two rectangles share.
    fileprivate func overlapArea(_ other: Rect) -> Int {
        max(0, min(x + width, other.x + other.width) - max(x, other.x)) * max(0, min(y + height, other.y + other.height) - max(y, other.y))
    }
}
