import AgentCore
import DesktopKit
import Foundation
import ImageMatching
import Imaging
import TextRecognition
import VisionModel

/// Turns locators into screen points, waiting for the place to appear (up to the locate timeout), and says
/// which evidence decided.
struct PlaceFinder: Sendable {
    let desktop: any Desktop
    let scenario: Scenario
    let recognizer: TextRecognizer
    let model: (any ChatModel)?
    let profile: ModelProfile
    let timeout: Double
    /// Refresh a recorded place's needle when something other than the needle at its place found it.
    var refreshesNeedles = false
    /// Told of each file written (a refreshed needle).
    var wrote: @Sendable (String) -> Void = { _ in }

    /// A found place and how it was found.
    struct Found {
        var point: Point
        var evidence: String
    }

    /// The point `query` names, looking for up to `timeout` seconds (nil: the run's), moved by its offset.
    func find(_ query: PlaceQuery, timeout: Double? = nil) async throws -> Found {
        var found = try await findPlace(query, timeout: timeout ?? self.timeout)
        guard let offset = query.offset else { return found }
        let moved = Point(x: found.point.x + offset.x, y: found.point.y + offset.y)
        let size = try await desktop.screenSize()
        guard moved.x >= 0, moved.y >= 0, moved.x < size.width, moved.y < size.height else {
            throw ScenarioFailure("\(query): the offset moves the point (\(found.point.x), \(found.point.y)) off the \(size) screen, to (\(moved.x), \(moved.y))")
        }
        found.evidence += ", then offset (\(offset.x), \(offset.y)) to \(moved.x),\(moved.y)"
        found.point = moved
        return found
    }

    private func findPlace(_ query: PlaceQuery, timeout: Double) async throws -> Found {
        if case .point(let point) = query.locator {
            let size = try await desktop.screenSize()
            guard point.x >= 0, point.y >= 0, point.x < size.width, point.y < size.height else {
                throw ScenarioFailure("(\(point.x), \(point.y)) is off the \(size) screen")
            }
            return Found(point: point, evidence: "screen pixels")
        }
        if case .target(let description) = query.locator {
            guard let model else { throw ScenarioSkip(description: "target \(description.debugDescription) needs a model (--base-url or DESKPILOT_BASE_URL) or a cassette") }
            let location = try await Grounder(desktop: desktop, model: model, profile: profile).locate(description)
            let source = location.replayed ? "the recorded model answer" : "the model"
            return Found(point: location.point, evidence: "\(source) grounded \(description.debugDescription)")
        }
        if case .recorded(let point, let needle, let text, let target) = query.locator {
            return try await findRecorded(point: point, needle: needle, text: text, target: target)
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        var last: [Rect] = []
        var why = ""
        var screen: Image
        while true {
            screen = try await desktop.screenshot()
            let places = try await matches(query, on: screen, why: &why)
            last = places.map(\.rect)
            if let nth = query.nth {
                if places.count >= nth { return Found(point: places[nth - 1].rect.center, evidence: "\(places[nth - 1].evidence) (#\(nth) of \(places.count))") }
            } else if places.count == 1 {
                return Found(point: places[0].rect.center, evidence: places[0].evidence)
            } else if places.count > 1 {
                let numbered = places.enumerated().map { "#\($0.offset + 1) \($0.element.rect)" }.joined(separator: ", ")
                throw ScenarioFailure("\(query.locator) matches \(places.count) places (\(numbered)): add 'nth:' or 'within:'",
                                      places: places.map(\.rect), region: query.within)
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(150))
        }
        let seen = query.nth.map { "only \(last.count) match(es), 'nth: \($0)' asked for" } ?? "not found"
        // What OCR read where a text locator looked: the first thing to check (a typo, another wording).
        var read: String?
        if case .text = query.locator, let lines = try? await recognizer.recognize(screen, region: query.within) {
            read = lines.map { "\($0.box.x),\($0.box.y)  \($0.text)" }.joined(separator: "\n")
        }
        throw ScenarioFailure("\(query): \(seen) within \(timeout.formatted) s" + (why.isEmpty ? "" : " (\(why))"),
                              places: last, readText: read, region: query.within)
    }

    /// The places `query` names on `screen`: its locator's matches inside `within`, kept to those in its
    /// relation to an anchor, closest first. When a relation leaves none, `why` says what was missing.
    func matches(_ query: PlaceQuery, on screen: Image, why: inout String) async throws -> [(rect: Rect, evidence: String)] {
        if case .point(let point) = query.locator { return [(Rect(x: point.x, y: point.y, width: 1, height: 1), "screen pixels")] }
        let places = try await candidates(query.locator, on: screen, within: query.within)
        guard let relation = query.relation else { return places }
        var anchorWhy = ""
        var anchors = try await matches(relation.anchor, on: screen, why: &anchorWhy)
        if let nth = relation.anchor.nth { anchors = anchors.count >= nth ? [anchors[nth - 1]] : [] }
        guard !anchors.isEmpty else {
            why = "\(relation.anchor), which it is \(relation.side.rawValue), is not on the screen" + (anchorWhy.isEmpty ? "" : " (\(anchorWhy))")
            return []
        }
        var kept: [(rect: Rect, evidence: String, gap: Int)] = []
        for place in places {
            let gaps = anchors.compactMap { anchor in relation.distance(of: place.rect, from: anchor.rect).map { ($0, anchor) } }
            guard let (gap, anchor) = gaps.min(by: { $0.0 < $1.0 }) else { continue }
            kept.append((place.rect, "\(place.evidence), \(gap) px \(relation.side.rawValue) \(anchor.evidence)", gap))
        }
        if kept.isEmpty {
            why = places.isEmpty ? "" : "\(places.count) match\(places.count == 1 ? "" : "es") elsewhere, none \(relation.side.rawValue) "
                + "\(relation.anchor)" + (relation.maxDistance.map { " within \($0) px" } ?? "")
        }
        return kept.sorted { $0.gap < $1.gap }.map { ($0.rect, $0.evidence) }
    }

    /// Matches on `screen`, top to bottom then left to right, each with its evidence.
    func candidates(_ locator: Locator, on screen: Image, within: Rect?) async throws -> [(rect: Rect, evidence: String)] {
        switch locator {
        case .text(let text, let exact):
            let region = within
            let matches = try await recognizer.locate(text, in: screen, region: region, exact: exact)
            // Only the best score counts: the whole label "Save" is the place, not "Save" inside "Save as" (nor
            // several near misses); two whole "Save" labels are two places (ambiguous without nth/within).
            let best = matches.map(\.score).max() ?? 0
            return matches.filter { $0.score >= best }
                .map { (Rect(x: $0.box.x, y: $0.box.y, width: $0.box.width, height: $0.box.height),
                        "OCR read \($0.text.debugDescription) at \($0.box.center.x),\($0.box.center.y) (\($0.reason))") }
                .sorted { ($0.rect.y, $0.rect.x) < ($1.rect.y, $1.rect.x) }
        case .image(let path, let threshold):
            let needle = try loadNeedle(path)
            var matches = try TemplateMatcher(threshold: threshold).matches(of: needle, in: screen, region: within)
            // Look-alikes (a '-' key for an '=' key) may pass the threshold: a clearly best match is the place.
            if let best = matches.first, matches.dropFirst().allSatisfy({ $0.score < best.score - 0.02 }) { matches = [best] }
            return matches.map { ($0.rect, "image \(path) at \($0.center.x),\($0.center.y) (score \(String(format: "%.3f", $0.score)))") }
                .sorted { ($0.rect.y, $0.rect.x) < ($1.rect.y, $1.rect.x) }
        case .point, .target, .recorded:
            return []
        }
    }

    /// A recorded place: the needle where it was, the needle anywhere, the text, the model — the first that
    /// answers decides, and the evidence says which.
    private func findRecorded(point: Point, needle path: String, text: String?, target: String?) async throws -> Found {
        let needle = try loadNeedle(path)
        // Where the needle's corner was when it was cut around the point.
        let corner = Point(x: point.x - needle.width / 2, y: point.y - needle.height / 2)
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while true {
            let screen = try await desktop.screenshot()
            let near = Rect(x: corner.x - 24, y: corner.y - 24, width: needle.width + 48, height: needle.height + 48)
            let bounds = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
            if let region = near.intersection(bounds), region.width >= needle.width, region.height >= needle.height,
               let match = try TemplateMatcher().matches(of: needle, in: screen, region: region).first {
                let moved = Point(x: point.x + match.rect.x - corner.x, y: point.y + match.rect.y - corner.y)
                return Found(point: moved, evidence: "needle at the recorded place (score \(String(format: "%.3f", match.score)))")
            }
            let anywhere = try TemplateMatcher().matches(of: needle, in: screen)
            if let best = anywhere.first, anywhere.dropFirst().allSatisfy({ $0.score < best.score - 0.02 }) {
                let moved = Point(x: point.x + best.rect.x - corner.x, y: point.y + best.rect.y - corner.y)
                return Found(point: moved, evidence: "needle found elsewhere: the UI moved by (\(best.rect.x - corner.x), \(best.rect.y - corner.y))")
            }
            if let text {
                let places = try await candidates(.text(text, exact: true), on: screen, within: nil)
                if places.count == 1 {
                    let found = places[0].rect.center
                    return Found(point: found, evidence: "recorded text: \(places[0].evidence)" + refresh(path, size: needle, at: found, on: screen))
                }
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(150))
        }
        if let target, let model {
            let location = try await Grounder(desktop: desktop, model: model, profile: profile).locate(target)
            return Found(point: location.point, evidence: "re-grounded by the model from \(target.debugDescription)"
                         + refresh(path, size: needle, at: location.point, on: location.screenshot))
        }
        throw ScenarioFailure("recorded place (\(point.x), \(point.y)): the needle \(path) is neither there nor elsewhere"
            + (text.map { ", no unique \($0.debugDescription) on screen" } ?? "") + (target != nil ? ", and no model to re-ground it" : ""))
    }

    /// With `--update-snapshots`: the needle cut again around `point`, so the next run finds it at its place.
    private func refresh(_ path: String, size needle: Image, at point: Point, on screen: Image) -> String {
        guard refreshesNeedles else { return "" }
        let left = min(max(0, point.x - needle.width / 2), screen.width - needle.width)
        let top = min(max(0, point.y - needle.height / 2), screen.height - needle.height)
        guard let cut = try? screen.cropped(x: left, y: top, width: needle.width, height: needle.height),
              (try? cut.writePNG(to: scenario.resolve(path))) != nil else { return " (the needle could not be refreshed)" }
        wrote(scenario.resolve(path))
        return " — needle \(path) refreshed"
    }

    func loadNeedle(_ path: String) throws -> Image {
        do {
            return try Image(contentsOfPNGFile: scenario.resolve(path))
        } catch {
            throw ScenarioFailure("cannot read the needle \(path): \(error)")
        }
    }
}
