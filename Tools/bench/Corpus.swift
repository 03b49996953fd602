import Deskpilot
import DeskpilotTesting
import Foundation
import Imaging

/// The OCR corpus (``OCRCorpus``): per toolkit, how many labels `locate` finds at the right place from a
/// first look (cache emptied before each label), how many it finds first somewhere else, and the time of
/// each first look; against the `tesseract` command on the same screens in the same run (whole screen,
/// sparse text, its words matched with the same rules).
enum CorpusBench {
    static let screens: [OCRCorpus.Screen] = (1...10).map { .tk(seed: $0) } + (1...10).map { .xaw(seed: $0) }
        + (1...3).map { .xedit(seed: $0) } + (1...3).map { .xterm(seed: $0) } + [.fixture(scene: "form"), .fixture(scene: "buttons")]

    struct Tally {
        var found = 0, missed = 0, wrong = 0
        var times: [Double] = []
        var total: Int { found + missed + wrong }
    }

    static func measure(log: (String) -> Void, verbose: Bool, withPeers: Bool, only toolkit: String? = nil, dump: String? = nil) async throws -> [Measurement] {
        let display = try VirtualDisplay(width: 1920, height: 1080)
        defer { display.stop() }
        let desktop = try X11Desktop(display: display.name)
        let size = try await desktop.screenSize()
        let ocr = try TextRecognizer()
        var ours: [String: Tally] = [:], peer: [String: Tally] = [:]
        var fresh: [Double] = []
        var order: [String] = []
        for screen in screens where toolkit == nil || screen.toolkit == toolkit {
            let shown = try await OCRCorpus.show(screen, on: display.name, size: size)
            defer { shown.stop() }
            let image = try await desktop.screenshot()
            if let dump {
                // The screen, with the labels outlined, for a person to look at.
                try FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
                let name = screen.description.replacingOccurrences(of: " ", with: "-")
                try image.writePNG(to: "\(dump)/\(name).png", .fast)
                try image.marked(shown.labels.enumerated().map { ($0.offset + 1, $0.element.box) }).writePNG(to: "\(dump)/\(name)-labels.png", .fast)
            }
            if !order.contains(screen.toolkit) { order.append(screen.toolkit) }
            var times: [Double] = []
            let score = try OCRCorpus.score(shown) { text in
                ocr.clearCache()
                let start = ContinuousClock.now
                let matches = try ocr.locate(text, in: image)
                times.append(milliseconds(ContinuousClock.now - start))
                return matches
            }
            ours[screen.toolkit, default: Tally()].found += score.found.count
            ours[screen.toolkit, default: Tally()].missed += score.missed.count
            ours[screen.toolkit, default: Tally()].wrong += score.wrongFirst.count
            ours[screen.toolkit, default: Tally()].times += times
            log("corpus \(screen): \(score.found.count)/\(score.total) found, \(score.wrongFirst.count) wrong first")
            if verbose {
                // What OCR read on the screen where each missed label is.
                let read = try await ocr.recognize(image)
                for label in score.missed {
                    let there = read.filter { $0.box.intersects(label.box) }.map { "\($0.text.debugDescription) at \($0.box)" }
                    log("    missed \(label.kind) \(label.text.debugDescription) at \(label.box); read there: \(there.isEmpty ? "nothing" : there.joined(separator: ", "))")
                }
                for (label, match) in score.wrongFirst { log("    wrong first for \(label.text.debugDescription) at \(label.box): \(match.text.debugDescription) at \(match.box)") }
            }
            if screen.toolkit == "tk", let command = deskpilotCommand {
                // A fresh process, as people script it: `deskpilot locate --text LABEL` on the live display.
                for label in shown.labels.prefix(2) {
                    fresh.append(try freshLocate(command, label.text, display: display.name))
                }
            }
            if withPeers, let (peerScore, time) = try tesseractCommand(on: image, shown: shown) {
                peer[screen.toolkit, default: Tally()].found += peerScore.found.count
                peer[screen.toolkit, default: Tally()].missed += peerScore.missed.count
                peer[screen.toolkit, default: Tally()].wrong += peerScore.wrongFirst.count
                peer[screen.toolkit, default: Tally()].times.append(time)
            }
        }
        var results: [Measurement] = []
        for toolkit in order {
            let tally = ours[toolkit]!
            results.append(Measurement(group: "corpus", name: "\(toolkit): locate, first look per label", samples_ms: tally.times,
                                       note: "found \(tally.found)/\(tally.total) = \(percent(tally.found, tally.total)), wrong first \(tally.wrong)"))
            if let other = peer[toolkit] {
                results.append(Measurement(group: "corpus", name: "\(toolkit): peer: tesseract command, whole screen", samples_ms: other.times,
                                           note: "found \(other.found)/\(other.total) = \(percent(other.found, other.total)), wrong first \(other.wrong)"))
            }
        }
        if !fresh.isEmpty {
            results.append(Measurement(group: "corpus", name: "tk: deskpilot locate --text, fresh process (wall)", samples_ms: fresh,
                                       note: "a new process per label: start, capture, find, read"))
        } else if toolkit == nil || toolkit == "tk" {
            log("corpus: no deskpilot executable beside the benchmark (swift build -c release --product deskpilot): fresh-process time not measured")
        }
        let all = ours.values.reduce(Tally()) { Tally(found: $0.found + $1.found, missed: $0.missed + $1.missed, wrong: $0.wrong + $1.wrong, times: $0.times + $1.times) }
        results.append(Measurement(group: "corpus", name: "all: locate, first look per label", samples_ms: all.times,
                                   note: "found \(all.found)/\(all.total) = \(percent(all.found, all.total)), wrong first \(all.wrong)"))
        return results
    }

    /// The `deskpilot` executable built beside this benchmark, if there is one.
    static var deskpilotCommand: String? {
        let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("deskpilot").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// The wall time of one `deskpilot locate --text` process on `display` (found or not: recall is judged above).
    static func freshLocate(_ command: String, _ text: String, display: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = ["locate", "--text", text, "--display", display]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        return milliseconds(ContinuousClock.now - start)
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        String(format: "%.1f%%", whole == 0 ? 0 : Double(part) * 100 / Double(whole))
    }

    /// The `tesseract` command on the whole screen (PSM 11, `OMP_THREAD_LIMIT=1`), its TSV words grouped
    /// into its lines and matched like ours; nil without the command.
    static func tesseractCommand(on image: Image, shown: OCRCorpus.Shown) throws -> (OCRCorpus.Score, Double)? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tesseract") else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-corpus-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("screen.png").path
        try image.writePNG(to: png, .fast)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tesseract")
        process.arguments = [png, directory.appendingPathComponent("out").path, "--psm", "11", "tsv"]
        process.environment = ["OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"]
        process.standardError = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let time = milliseconds(ContinuousClock.now - start)
        let tsv = (try? String(contentsOfFile: directory.appendingPathComponent("out.tsv").path, encoding: .utf8)) ?? ""
        var lines: [String: [RecognizedWord]] = [:]
        var keys: [String] = []
        for row in tsv.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 12, fields[0] == "5", let left = Int(fields[6]), let top = Int(fields[7]), let width = Int(fields[8]),
                  let height = Int(fields[9]), let confidence = Float(fields[10]) else { continue }
            let text = fields[11].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            let key = "\(fields[2]).\(fields[3]).\(fields[4])"
            if lines[key] == nil { keys.append(key) }
            lines[key, default: []].append(RecognizedWord(text: text, box: Rect(x: left, y: top, width: width, height: height), confidence: confidence))
        }
        let recognized = keys.map { key in
            let words = lines[key]!
            return RecognizedLine(box: words.dropFirst().reduce(words[0].box) { $0.union($1.box) }, words: words, confidence: words.map(\.confidence).min() ?? 0)
        }
        let score = OCRCorpus.score(shown) { TextMatch.find($0, in: recognized) }
        return (score, time)
    }
}
