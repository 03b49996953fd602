internal import Dispatch
internal import Foundation
public import Imaging
import Synchronization

/// Reads text on screenshots with Tesseract (LSTM engine), and finds phrases to click.
///
/// ```swift
/// let ocr = try TextRecognizer()
/// let screen = try await desktop.screenshot()
/// if let submit = try ocr.locate("Submit", in: screen).first {
///     try await desktop.click(at: Point(x: submit.box.center.x, y: submit.box.center.y))
/// }
/// ```
///
/// **How it reads.** Tesseract's page layout analysis is slow on a busy screen (~0.8 s at 1080p) and,
/// in its default "auto" mode, misses a form's labels altogether. So the recognizer finds the lines of
/// text itself (edges, long rules removed, letters smeared into words, row profiles cut into lines:
/// ~30 ms at 1080p) and gives Tesseract each line on its own as a single line (page segmentation mode 7).
/// On the benchmark's busy screen that reads more words correctly than Tesseract's sparse-text mode on the
/// whole screen (713 against 586) and finds every label.
///
/// **Speed.** Reading is dominated by the LSTM, whose cost grows with the amount of text (a screen of
/// six full terminals is ~2–3.5 s of work at 1080p). Four things keep calls fast:
/// - `locate` reads only the parts of lines whose glyph count could be the phrase (a line is cut into
///   glyphs by blank columns before reading; see `PhraseSpans`): on the benchmark's busy screen that is
///   about a third of the text, and a first look for a button drops from ~0.9 s to under 0.3 s;
/// - what was read is cached per line, keyed by the line's pixels: a line seen before — even in a
///   window that moved — costs nothing; after a click or some typing only the changed lines are read;
/// - lines not in the cache are read on one thread per core, at most 4 (one Tesseract instance each,
///   all started in the background when the recognizer is made: ~75 ms and ~15–20 MB each);
/// - OpenMP is switched to serial in-process: Tesseract's own OpenMP threads oversubscribe small
///   machines (5–15 s instead of 3.5 s for the same screen on 2 cores). The classic cure,
///   `OMP_THREAD_LIMIT=1`, only works in the environment before the library loads (see
///   ``OCREnvironment``); instead the recognizer sets OpenMP's `max-active-levels` to 0 on each thread
///   it reads on, which has the same effect and works in tests and libraries too (other OpenMP code on
///   those threads runs serially as well; in Deskpilot there is none: OpenBLAS is the pthreads build).
///
/// **Threads.** A `TessBaseAPI` must never be used by two threads at once. The recognizer is a
/// `Sendable` class rather than an actor: reading is synchronous CPU work that callers may run from
/// plain code (scenario scripts, command-line tools) without `await`, and a lock is all the isolation it
/// needs. Concurrent calls find lines in parallel, then read them one call at a time, each call using
/// all the Tesseract instances.
///
/// **Small text.** xterm's 6×13 bitmap font is found and read at scale 1 (scaling the busy screen's
/// terminals 2–3× read slightly fewer words). For tiny text, or text squeezed into tight borders (Xaw's
/// rounded buttons), pass a `region` and `scale: 2` or `3`: each line is enlarged (linear interpolation)
/// before Tesseract reads it, and boxes come back in screen coordinates.
///
/// **Limits.** Text touching text of another window with no gap (overlapping windows without a window
/// manager) comes out garbled; rounded Xaw buttons read as "(Alpha)" → "@aipha)" — use
/// `exact: false` or a region at scale 2–3.
public final class TextRecognizer: Sendable {
    /// The Tesseract language(s), e.g. `eng` or `eng+deu`.
    public let language: String

    private struct Readers: ~Copyable {
        var engines: [TesseractEngine] = []
        /// The instances still starting in the background, until the first reading takes them.
        var starter: EngineStarter?
        var cache = LineCache()
    }

    /// The Tesseract instances and the line cache. `Mutex` makes the recognizer `Sendable` and ensures
    /// one call at a time uses the instances.
    private let readers: Mutex<Readers>
    /// How many Tesseract instances read lines in parallel.
    private let parallelism: Int

    /// Starts Tesseract for `language` (the name of a `.traineddata` file in Tesseract's data folder): one
    /// instance per core (at most 4), each on a thread of its own, in the background — the call returns at
    /// once, and the first reading waits for them (~75 ms after this call, usually hidden behind taking
    /// the screenshot and finding its lines).
    ///
    /// - Throws: ``TextRecognitionError/languageDataMissing(language:dataPath:available:)`` when the
    ///   language is not installed (`apt-get install tesseract-ocr-<language>`). When its data is there
    ///   but does not load, the first reading throws
    ///   ``TextRecognitionError/initializationFailed(language:dataPath:)``.
    public init(language: String = "eng") throws(TextRecognitionError) {
        try TesseractEngine.checkInstalled(language)
        self.language = language
        parallelism = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        readers = Mutex(Readers(starter: EngineStarter(language: language, count: parallelism)))
    }

    /// Every line of text in `image` (or in `region` of it), top to bottom, left to right, with its words.
    ///
    /// - Parameters:
    ///   - image: a screenshot, in either pixel format.
    ///   - region: the part to read, in `image`'s pixels; the whole image when nil.
    ///   - scale: 1–8; lines are enlarged this many times before Tesseract reads them (2–3 helps tiny
    ///     bitmap text). Boxes are always in `image`'s pixels.
    /// - Throws: ``TextRecognitionError/regionOutOfBounds(region:imageWidth:imageHeight:)``,
    ///   ``TextRecognitionError/invalidScale(_:)``, or a Tesseract failure.
    public func recognize(_ image: Image, region: Rect? = nil, scale: Int = 1) throws(TextRecognitionError) -> [RecognizedLine] {
        try read(image, region: region, scale: scale, only: nil).flatMap(\.read)
    }

    /// One piece of a line given to Tesseract — a whole line, or the part of one where a phrase could be —
    /// and what was read in it.
    private struct Part {
        /// Where it is, in the image's pixels.
        var box: Rect
        /// Its cleaned pixels (see ``LinePreparation``).
        var crop: GreyImage
        /// The line it belongs to, among those the finder found.
        var line: Int
        /// Whether the label goes on beyond it, on either side.
        var joinedBefore = false, joinedAfter = false
        /// The lines Tesseract read in it, in the image's pixels.
        var read: [RecognizedLine] = []
    }

    /// Finds the lines in `region` of `image` and reads them — or, with `spans`, only the parts of them
    /// where a phrase could be.
    private func read(_ image: Image, region: Rect?, scale: Int, only spans: PhraseSpans?) throws(TextRecognitionError) -> [Part] {
        guard (1...8).contains(scale) else { throw .invalidScale(scale) }
        let area = region ?? Rect(x: 0, y: 0, width: image.width, height: image.height)
        guard area.x >= 0, area.y >= 0, area.width >= 0, area.height >= 0,
            area.width <= image.width - area.x, area.height <= image.height - area.y
        else { throw .regionOutOfBounds(region: area, imageWidth: image.width, imageHeight: image.height) }
        guard !area.isEmpty else { return [] }

        let grey = GreyImage(image, region: area)
        var finder = TextLineFinder()
        finder.minimumHeight = max(3, (finder.minimumHeight + scale - 1) / scale)
        var parts: [Part] = []
        let lineBoxes = finder.lines(in: grey).map { $0.offsetBy(dx: area.x, dy: area.y) }
        var lineCrops: [GreyImage] = []
        for (lineIndex, line) in lineBoxes.enumerated() {
            let crop = LinePreparation.clean(grey.cropped(line.offsetBy(dx: -area.x, dy: -area.y)))
            lineCrops.append(crop)
            guard let spans else {
                parts.append(Part(box: line, crop: crop, line: lineIndex))
                continue
            }
            for span in spans.candidates(in: crop) {
                let columns = Rect(x: span.columns.lowerBound, y: 0, width: span.columns.count, height: line.height)
                parts.append(Part(box: Rect(x: line.x + columns.x, y: line.y, width: columns.width, height: line.height),
                                  crop: columns.width == line.width ? crop : crop.cropped(columns), line: lineIndex,
                                  joinedBefore: span.joinedBefore, joinedAfter: span.joinedAfter))
            }
        }
        try readParts(&parts, scale: scale)
        if spans != nil {
            // A part read alone that gives no text at all has confused Tesseract (borders around a button bar,
            // say); its whole line is read instead, once, in place of all that line's parts.
            let confused = Set(parts.filter { $0.read.isEmpty }.map(\.line))
            if !confused.isEmpty {
                parts.removeAll { confused.contains($0.line) }
                var wholes = confused.sorted().map { Part(box: lineBoxes[$0], crop: lineCrops[$0], line: $0) }
                try readParts(&wholes, scale: scale)
                parts += wholes
            }
        }
        return parts
    }

    /// Reads `parts` (at `scale`), filling in what each says, in the image's pixels.
    private func readParts(_ parts: inout [Part], scale: Int) throws(TextRecognitionError) {
        for part in parts where part.crop.width * scale > 32767 || part.crop.height * scale > 32767 {
            throw .imageTooLarge(width: part.crop.width * scale, height: part.crop.height * scale)
        }
        let read = try readLines(parts.map(\.crop), scale: scale)
        for index in parts.indices {
            parts[index].read = read[index].map { $0.offset(x: parts[index].box.x, y: parts[index].box.y) }
        }
    }

    /// What was read in `parts`, line by line, each knowing whether its label goes on beyond it.
    private static func readLines(of parts: [Part]) -> [ReadLine] {
        parts.flatMap { part in
            part.read.enumerated().map { index, line in
                ReadLine(line: line, joinedBefore: index == 0 && part.joinedBefore,
                         joinedAfter: index == part.read.count - 1 && part.joinedAfter)
            }
        }
    }

    /// What each crop says (from the cache where it was read before), using the Tesseract instances under
    /// the recognizer's lock.
    private func readLines(_ crops: [GreyImage], scale: Int) throws(TextRecognitionError) -> [[RecognizedLine]] {
        // Nothing to read (a blank screen): no need to wait for the lock another call may hold for seconds.
        guard !crops.isEmpty else { return [] }
        let keys = crops.map { LineCache.Key(width: $0.width, height: $0.height, scale: scale, pixels: $0.pixels) }
        return try readers.withLock { (readers: inout sending Readers) throws(TextRecognitionError) -> [[RecognizedLine]] in
            try self.read(keys, scale: scale, with: &readers)
        }
    }

    /// Looks each line up in the cache and reads the others, in parallel; the lines found in each, in
    /// its own unscaled coordinates.
    private func read(_ keys: [LineCache.Key], scale: Int, with readers: inout Readers) throws(TextRecognitionError) -> [[RecognizedLine]] {
        var results = [[RecognizedLine]?](repeating: nil, count: keys.count)
        var missing: [Int] = []
        var seen: [LineCache.Key: Int] = [:]  // the same line twice on screen is read once
        var duplicates: [(Int, Int)] = []
        for (index, key) in keys.enumerated() {
            if let lines = readers.cache.lines(for: key) {
                results[index] = lines
            } else if let first = seen[key] {
                duplicates.append((index, first))
            } else {
                seen[key] = index
                missing.append(index)
            }
        }
        if !missing.isEmpty {
            let workers = min(parallelism, missing.count)
            if readers.starter?.hasMore != true {
                readers.starter = nil
                while readers.engines.count < workers {
                    readers.engines.append(try TesseractEngine(language: language, pageSegmentation: .singleLine))
                }
            }
            // Instances still starting join the reading as soon as they are ready.
            let (read, taken) = try LineReading.read(missing.map { keys[$0] }, scale: scale, engines: Array(readers.engines.prefix(workers)),
                                                     workers: workers, starter: readers.starter)
            readers.engines += taken
            for (index, lines) in zip(missing, read) {
                results[index] = lines
                readers.cache.store(lines, for: keys[index])
            }
        }
        for (index, first) in duplicates { results[index] = results[first] }
        return results.map { $0 ?? [] }
    }

    /// Where `phrase` appears in `image` (or in `region` of it): one or several consecutive words on a line,
    /// compared case-insensitively and ignoring punctuation around words ("(Submit)", "Submitted:") unless it
    /// is a symbol that tells labels apart ("x!" is not "x²").
    ///
    /// - Parameters:
    ///   - phrase: the words to find, e.g. `"Submit"` or `"Submitted: Ada Lovelace"`.
    ///   - exact: when false, near misses count too: similarity (1 − edit distance ÷ length, spaces
    ///     ignored) of at least 0.8, so "Submt" finds "Submit".
    ///   - region, scale: as for ``recognize(_:region:scale:)``.
    /// - Returns: the matches, best ``TextMatch/score`` first, then top to bottom, left to right; empty
    ///   when the phrase is not on screen. A phrase of symbols only (`*`, `=`, `+/-`) is read enlarged and
    ///   matched character for character.
    public func locate(_ phrase: String, in image: Image, region: Rect? = nil, exact: Bool = true,
                       scale: Int = 1) throws(TextRecognitionError) -> [TextMatch] {
        guard let matcher = PhraseMatcher(phrase, exact: exact) else { return [] }
        let spans = PhraseSpans(letters: matcher.letterCount, words: matcher.words, exact: exact)
        // A label of symbols ("*", "+/-") is a glyph or three: at screen size small fonts' symbols read as
        // others ("÷" as "+"), enlarged they read right. Only short parts are read, so this stays cheap.
        let scale = matcher.isSymbolic && scale == 1 ? 3 : scale
        var parts = try read(image, region: region, scale: scale, only: spans)
        // A second look at the parts that read close to the phrase, or hardly at all: small fonts read
        // differently enlarged ("VIS" is "v7.5" at 2×, "Inport" is "Import" at 3×). Not needed once the
        // phrase was found as a whole label: nothing can rank above that.
        let matches = matcher.matches(in: Self.readLines(of: parts))
        guard scale == 1, (matches.first?.score ?? 0) < 1 else { return matches }
        let closeness = parts.map { part in part.read.map { matcher.closeness(in: $0) }.max() ?? 0 }
        var doubtful = parts.indices.filter { index in
            closeness[index] < 1 && (closeness[index] >= Self.secondLookCloseness
                || parts[index].read.allSatisfy { $0.confidence < Self.secondLookConfidence })
        }
        doubtful.sort { closeness[$0] > closeness[$1] }
        doubtful = Array(doubtful.prefix(Self.secondLookLimit))
        for larger in [2, 3] where !doubtful.isEmpty {
            var again = doubtful.map { parts[$0] }
            try readParts(&again, scale: larger)
            var unresolved: [Int] = []
            for (index, part) in zip(doubtful, again) {
                if part.read.contains(where: { matcher.closeness(in: $0) == 1 }) { parts[index].read = part.read } else { unresolved.append(index) }
            }
            doubtful = unresolved
        }
        return matcher.matches(in: Self.readLines(of: parts))
    }

    /// Parts that read at least this close to the phrase (but not exactly) get a second look.
    private static let secondLookCloseness = 0.5
    /// Parts whose lines all read below this confidence get a second look too.
    private static let secondLookConfidence: Float = 50
    /// At most this many parts get a second look per call (each costs about as much as the first).
    private static let secondLookLimit = 8

    /// Forgets every line read so far (the next call reads everything again).
    public func clearCache() {
        readers.withLock { $0.cache.removeAll() }
    }
}

extension RecognizedLine {
    /// The same line moved by (`x`, `y`).
    fileprivate func offset(x: Int, y: Int) -> RecognizedLine {
        let moved = words.map { word in
            RecognizedWord(text: word.text, box: word.box.offsetBy(dx: x, dy: y), confidence: word.confidence)
        }
        return RecognizedLine(box: box.offsetBy(dx: x, dy: y), words: moved, confidence: confidence)
    }
}

