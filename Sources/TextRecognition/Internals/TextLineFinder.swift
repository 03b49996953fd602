import Imaging
/// Finds lines of text on a screen (~25 ms at 1080p), so Tesseract only reads where text is.
///
/// Tesseract's own page layout analysis takes ~0.8 s on a busy 1080p screen (and in its "auto" mode
/// misses a form's labels entirely); screens are simpler than printed pages, so a classic run-length
/// approach does:
/// 1. ink: pixels with a sharp step to the left or upper neighbour (text edges, in any colour, on any
///    flat or gently shaded background);
/// 2. rules removed: long straight ink runs (frames, borders, underlines, window edges — even where a
///    letter of the window behind touches them) would glue text to its box;
/// 3. smear: gaps of a few pixels in each row filled (run-length smoothing), so the letters of a word
///    become one blob; blobs are the 4-connected runs;
/// 4. lines: a blob that spans several lines (touching descenders) is cut at the valleys of its row
///    profile, then the pieces on the same row band close to each other are joined into lines.
///
/// Known limit: text that touches text of another window (no gap at all between a dark-on-light and a
/// light-on-dark word, as with overlapping windows without a window manager) becomes one garbled line.
struct TextLineFinder {
    /// Minimum brightness step between neighbours that counts as a text edge.
    var edgeThreshold = 40
    /// Straight runs at least this long are rules, not letters (stems of ≥ 80 px fonts are longer).
    var ruleLength = 60
    /// Straight runs at least this long that end on a rule are the sides of a box.
    var sideLength = 8
    /// Gaps up to this many pixels in a row are filled when smearing letters into words.
    var smear = 6
    /// Lines lower than this are noise (xterm's 6×13 font gives 9–11 px lines).
    var minimumHeight = 6
    /// Lines taller than this are not text (photos, icons).
    var maximumHeight = 160

    /// The boxes of the text lines in `image`, top to bottom, left to right, each padded a little.
    func lines(in image: GreyImage) -> [Rect] {
        guard image.width >= 4, image.height >= 4 else { return [] }
        var ink = edges(of: image)
        removeRules(from: &ink, width: image.width, height: image.height)
        let runs = smearedRuns(of: ink, width: image.width, height: image.height)
        let blobs = connect(runs)
        var bands: [Rect] = []
        for blob in blobs { bands += split(blob, runs: runs) }
        return join(bands).map { pad($0, in: image) }
    }

    // MARK: 1. ink

    private func edges(of image: GreyImage) -> [UInt8] {
        let width = image.width, height = image.height
        let threshold = Int16(edgeThreshold)
        return image.pixels.withUnsafeBufferPointer { grey in
            [UInt8](unsafeUninitializedCapacity: width * height) { ink, initialized in
                for x in 0..<width { ink[x] = 0 }
                for y in 1..<height {
                    let row = y * width, above = row - width
                    ink[row] = 0
                    for x in 1..<width {
                        // Wrapping arithmetic cannot overflow here (bytes) and lets the loop vectorise.
                        let here = Int16(grey[row + x])
                        let left = here &- Int16(grey[row + x - 1]), up = here &- Int16(grey[above + x])
                        let step = max(max(left, 0 &- left), max(up, 0 &- up))
                        ink[row + x] = step >= threshold ? 1 : 0
                    }
                }
                initialized = width * height
            }
        }
    }

    // MARK: 2. rules

    private func removeRules(from ink: inout [UInt8], width: Int, height: Int) {
        ink.withUnsafeMutableBufferPointer { ink in
            // Marks with 2, so a pixel of a horizontal rule still counts for a vertical one. Columns are
            // scanned row by row with one state per column: walking down each column would miss the cache.
            for y in 0..<height {
                markRules(in: ink, start: y * width, stride: 1, count: width, row: (y, width, height))
            }
            markColumnRules(in: ink, width: width, height: height)
            // The short sides of a box whose long sides are rules (a text box's ends, a field's).
            markColumnSides(in: ink, width: width, height: height)
            for y in 0..<height {
                markSides(in: ink, start: y * width, stride: 1, count: width, across: width, index: y, runs: height)
            }
            for i in 0..<(width * height) where ink[i] == 2 { ink[i] = 0 }
        }
    }

    /// The longest gap inside a rule: where something dark touches a window's edge (a letter of the
    /// window behind).
    private static let ruleGap = 8

    /// Marks with 2 the rules in one row of `ink` (or a column, with `stride` the row length): stretches
    /// at least ``ruleLength`` long that are ink but for gaps of a few pixels, at least 90 % inked. A
    /// column of letters in monospaced text (the `l` of every `ls -l` line) is only ~75 % inked and stays.
    private func markRules(in ink: UnsafeMutableBufferPointer<UInt8>, start: Int, stride step: Int, count: Int,
                           row: (y: Int, width: Int, height: Int)? = nil) {
        var position = 0
        while position < count {
            guard ink[start + position * step] != 0 else { position += 1; continue }
            let first = position
            var inked = 0, last = position
            while position < count {
                if ink[start + position * step] != 0 {
                    inked += 1
                    last = position
                } else if position - last > Self.ruleGap {
                    break
                }
                position += 1
            }
            if let row, Self.isTextRow(ink, row: row, first: first, last: last) { continue }
            markIfRule(in: ink, start: start, stride: step, first: first, last: last, inked: inked)
        }
    }

    /// Whether a stretch of row `row.y` (columns `first...last`) lies inside text rather than being a rule:
    /// the rows just above and below are both inked along much of it (a rule's edge has blank space on one
    /// side: a thin line's two edges are a row apart, with nothing beyond). The middle row of `drwxr-xr-x`, hyphens and strokes, reaches a rule's length once a window's
    /// edge beside it joins in; without this it was removed and the word cut in two.
    private static func isTextRow(_ ink: UnsafeMutableBufferPointer<UInt8>, row: (y: Int, width: Int, height: Int), first: Int, last: Int) -> Bool {
        func inked(_ y: Int) -> Int {
            guard y >= 0, y < row.height else { return 0 }
            var count = 0
            for x in first...last where ink[y * row.width + x] != 0 { count += 1 }
            return count
        }
        let length = last - first + 1
        return inked(row.y - 1) * 10 >= length * 3 && inked(row.y + 1) * 10 >= length * 3
    }

    private func markIfRule(in ink: UnsafeMutableBufferPointer<UInt8>, start: Int, stride step: Int, first: Int, last: Int, inked: Int) {
        let length = last - first + 1
        guard length >= ruleLength, inked * 10 >= length * 9 else { return }
        for i in first...last where ink[start + i * step] != 0 { ink[start + i * step] = 2 }
    }

    /// ``markRules(in:start:stride:count:)`` for every column at once, row by row.
    private func markColumnRules(in ink: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int) {
        var first = [Int](repeating: -1, count: width)  // -1: no stretch open in this column
        var last = [Int](repeating: 0, count: width)
        var inked = [Int](repeating: 0, count: width)
        for y in 0..<height {
            let row = y * width
            for x in 0..<width {
                if ink[row + x] != 0 {
                    if first[x] < 0 { first[x] = y; inked[x] = 0 }
                    inked[x] += 1
                    last[x] = y
                } else if first[x] >= 0, y - last[x] > Self.ruleGap {
                    markIfRule(in: ink, start: x, stride: width, first: first[x], last: last[x], inked: inked[x])
                    first[x] = -1
                }
            }
        }
        for x in 0..<width where first[x] >= 0 {
            markIfRule(in: ink, start: x, stride: width, first: first[x], last: last[x], inked: inked[x])
        }
    }

    /// Marks with 2 the straight runs in one row of `ink` that are at least ``sideLength`` long and end on
    /// a rule (marked 2): the sides of boxes, however short.
    private func markSides(in ink: UnsafeMutableBufferPointer<UInt8>, start: Int, stride step: Int, count: Int,
                           across: Int, index: Int, runs: Int) {
        var position = 0
        while position < count {
            guard ink[start + position * step] != 0 else { position += 1; continue }
            let first = position
            while position < count, ink[start + position * step] != 0 { position += 1 }
            markIfSide(in: ink, start: start, stride: step, count: count, first: first, last: position - 1,
                       across: across, index: index, runs: runs)
        }
    }

    /// Marks the run `first...last` as a side when it is long enough and ends on a rule: its own end pixel
    /// is one, or — for an upright run — a pixel just past its end, straight or diagonal (a raised button's
    /// bevel meets its bottom rule at the corner). `across` is the stride to the neighbouring run, `index` this run's place among
    /// `runs` of them.
    private func markIfSide(in ink: UnsafeMutableBufferPointer<UInt8>, start: Int, stride step: Int, count: Int, first: Int, last: Int,
                            across: Int, index: Int, runs: Int) {
        guard last - first + 1 >= sideLength else { return }
        func ruleBeyond(_ position: Int) -> Bool {
            guard position >= 0, position < count else { return false }
            for offset in -1...1 where index + offset >= 0 && index + offset < runs {
                if ink[start + position * step + offset * across] == 2 { return true }
            }
            return false
        }
        // Past its end only for upright runs: a row of letter edges starting beside a window's side (text
        // at an xterm's left edge) must not count as a box's side.
        let reachesPast = across == 1
        let endsOnRule = ink[start + first * step] == 2 || ink[start + last * step] == 2
            || (reachesPast && (ruleBeyond(first - 1) || ruleBeyond(last + 1)))
        guard endsOnRule else { return }
        for i in first...last { ink[start + i * step] = 2 }
    }

    /// ``markSides(in:start:stride:count:across:index:runs:)`` for every column at once, row by row.
    private func markColumnSides(in ink: UnsafeMutableBufferPointer<UInt8>, width: Int, height: Int) {
        var first = [Int](repeating: -1, count: width)
        for y in 0..<height {
            let row = y * width
            for x in 0..<width {
                if ink[row + x] != 0 {
                    if first[x] < 0 { first[x] = y }
                } else if first[x] >= 0 {
                    markIfSide(in: ink, start: x, stride: width, count: height, first: first[x], last: y - 1,
                               across: 1, index: x, runs: width)
                    first[x] = -1
                }
            }
        }
        for x in 0..<width where first[x] >= 0 {
            markIfSide(in: ink, start: x, stride: width, count: height, first: first[x], last: height - 1,
                       across: 1, index: x, runs: width)
        }
    }

    // MARK: 3. smear and connect

    /// A horizontal run of smeared ink: row `y`, columns `start..<end`.
    struct Run {
        var y: Int32
        var start: Int32
        var end: Int32
        var blob: Int32 = -1
    }

    private func smearedRuns(of ink: [UInt8], width: Int, height: Int) -> [Run] {
        var runs: [Run] = []
        runs.reserveCapacity(1 << 14)
        ink.withUnsafeBufferPointer { ink in
            for y in 0..<height {
                let row = y * width
                var x = 0
                var open: (start: Int, end: Int)?
                while x < width {
                    guard ink[row + x] != 0 else { x += 1; continue }
                    let start = x
                    while x < width, ink[row + x] != 0 { x += 1 }
                    if let current = open, start - current.end <= smear {
                        open = (current.start, x)
                    } else {
                        if let current = open { runs.append(Run(y: Int32(y), start: Int32(current.start), end: Int32(current.end))) }
                        open = (start, x)
                    }
                }
                if let current = open { runs.append(Run(y: Int32(y), start: Int32(current.start), end: Int32(current.end))) }
            }
        }
        return runs
    }

    /// A connected set of runs: its box and the indices of its runs.
    struct Blob {
        var box: Rect
        var runs: [Int]
    }

    /// Union-find over runs that overlap a run in the row above.
    private func connect(_ runs: [Run]) -> [Blob] {
        var parent = Array(0..<runs.count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        var previousRow = 0..<0
        var index = 0
        while index < runs.count {
            let y = runs[index].y
            var end = index
            while end < runs.count, runs[end].y == y { end += 1 }
            if previousRow.upperBound == index, let first = previousRow.first, runs[first].y == y - 1 {
                var above = previousRow.lowerBound
                for current in index..<end {
                    while above < previousRow.upperBound, runs[above].end <= runs[current].start { above += 1 }
                    var probe = above
                    while probe < previousRow.upperBound, runs[probe].start < runs[current].end {
                        let a = root(probe), b = root(current)
                        if a != b { parent[max(a, b)] = min(a, b) }
                        probe += 1
                    }
                }
            }
            previousRow = index..<end
            index = end
        }
        var blobOf: [Int: Int] = [:]
        var blobs: [Blob] = []
        for i in runs.indices {
            let r = root(i)
            let run = runs[i]
            let box = Rect(x: Int(run.start), y: Int(run.y), width: Int(run.end - run.start), height: 1)
            if let b = blobOf[r] {
                blobs[b].box = blobs[b].box.union(box)
                blobs[b].runs.append(i)
            } else {
                blobOf[r] = blobs.count
                blobs.append(Blob(box: box, runs: [i]))
            }
        }
        return blobs
    }

    // MARK: 4. lines

    /// Cuts a blob into row bands at the valleys of its row profile (ink per row).
    private func split(_ blob: Blob, runs: [Run]) -> [Rect] {
        let box = blob.box
        guard box.height >= minimumHeight || box.width >= minimumHeight else { return [] }
        var profile = [Int](repeating: 0, count: box.height)
        for i in blob.runs { profile[Int(runs[i].y) - box.y] += Int(runs[i].end - runs[i].start) }
        let peak = profile.max() ?? 0
        // Cores: rows at least a third as full as the fullest (the x-height zone of each line).
        var cores: [Range<Int>] = []
        var row = 0
        while row < profile.count {
            guard profile[row] * 3 >= peak else { row += 1; continue }
            let start = row
            while row < profile.count, profile[row] * 3 >= peak { row += 1 }
            if let last = cores.last, start - last.upperBound <= 1 {
                cores[cores.count - 1] = last.lowerBound..<row
            } else {
                cores.append(start..<row)
            }
        }
        // Two lines meet at the emptiest row between their cores, if it is nearly empty (a touching
        // descender); a fuller valley is inside a glyph (the stem between the bar and the bowl of a "5").
        // A row of the blob whose ink is one or two narrow runs (a stroke, not letters side by side).
        func strokeOnly(row: Int) -> Bool {
            var count = 0
            for i in blob.runs where Int(runs[i].y) - box.y == row {
                count += 1
                if count > 2 || runs[i].end - runs[i].start > 3 { return false }
            }
            return true
        }
        var cuts = [0]
        for (upper, lower) in zip(cores, cores.dropFirst()) {
            var best = upper.upperBound
            for r in upper.upperBound..<lower.lowerBound where profile[r] < profile[best] { best = r }
            let weaker = min(profile[upper].max() ?? 0, profile[lower].max() ?? 0)
            if profile[best] * 100 <= weaker * 15 { cuts.append(best) }
        }
        cuts.append(profile.count)
        var bands: [Rect] = []
        for (cutTop, cutBottom) in zip(cuts, cuts.dropFirst()) where cutBottom > cutTop {
            // Rows at the band's ends with only a sliver of ink are a border's side stroke sticking out of
            // the text (a raised button's inner shade line glued to its label), not text: the band is the
            // text's rows, so it still joins the other words of its line.
            // Trimmed only when what stays is a line of text in its own right: a "7" or a "/" is all slivers
            // below its top, and stays whole.
            let width = profile[cutTop..<cutBottom].max() ?? 0
            let sliver = max(3, width / 10)
            var top = cutTop, bottom = cutBottom
            while top < bottom - 1, profile[top] <= sliver, strokeOnly(row: top) { top += 1 }
            while bottom - 1 > top, profile[bottom - 1] <= sliver, strokeOnly(row: bottom - 1) { bottom -= 1 }
            if bottom - top < minimumHeight || (bottom - top) * 100 < (cutBottom - cutTop) * 35 {
                top = cutTop
                bottom = cutBottom
            }
            var left = Int.max, right = Int.min, first = Int.max, last = Int.min
            for i in blob.runs {
                let y = Int(runs[i].y) - box.y
                guard y >= top, y < bottom else { continue }
                left = min(left, Int(runs[i].start)); right = max(right, Int(runs[i].end))
                first = min(first, y); last = max(last, y)
            }
            guard left < right else { continue }
            bands.append(Rect(x: left, y: box.y + first, width: right - left, height: last - first + 1))
        }
        // Thinner than 3 px: the two edges of a line or a text cursor, not a glyph ("1" and "l" are wider).
        return bands.filter { $0.height >= minimumHeight && $0.height <= maximumHeight && $0.width >= 3 }
    }

    /// Joins bands of similar height that share most rows and are at most two line heights apart, into
    /// lines: a monospaced font's word space after a full stop ("Vol. 7") is wider than the text is tall.
    /// Labels of different widgets may share a line; the matcher tells them apart by their gaps.
    private func join(_ bands: [Rect]) -> [Rect] {
        var lines: [Rect] = []
        for band in bands.sorted(by: { ($0.x, $0.y) < ($1.x, $1.y) }) {
            let match = lines.lastIndex { line in
                let overlap = min(line.maxY, band.maxY) - max(line.y, band.y)
                let gap = band.x - line.maxX
                let (low, high) = (min(line.height, band.height), max(line.height, band.height))
                // Most of the lower one's rows shared, similar heights (not a line and a tall box), close.
                return overlap * 10 >= low * 6 && high <= 2 * low && gap <= 2 * high
            }
            if let match { lines[match] = lines[match].union(band) } else { lines.append(band) }
        }
        return lines.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
    }

    /// The line with a margin of a third of its height (at least 3 px), kept inside the image: dots and
    /// accents are separate blobs above the line, and Tesseract reads badly when ink touches the edge
    /// (a quarter lost the dot of "Email" at 24 px and read "Emall").
    private func pad(_ line: Rect, in image: GreyImage) -> Rect {
        let margin = max(3, line.height / 3)
        let left = max(0, line.x - margin), top = max(0, line.y - margin)
        let right = min(image.width, line.maxX + margin), bottom = min(image.height, line.maxY + margin)
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }
}
