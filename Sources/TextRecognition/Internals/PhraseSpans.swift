/// Where on a line of text a phrase could be, judged from the line's glyph shapes without reading them.
///
/// Reading is the LSTM's work, which grows with the length of text read; most of a busy screen's text (a
/// terminal's listing, say) cannot be the phrase looked for, because its words have the wrong number of
/// letters. So before reading, a line is cut into glyphs (runs of columns with ink, split by blank
/// columns) and pieces (glyphs split by wider gaps: words, or parts of words), and only the runs of
/// consecutive pieces whose glyph count fits the phrase are read.
///
/// The count is generous, because glyphs merge (touching letters, kerned pairs) and words carry
/// punctuation ("(Submit)", "Name:"): a run fits when it has from the phrase's letter count less a quarter
/// (at least 1) to that count plus 3; fuzzy phrases widen that by their similarity threshold. A glyph may hold
/// up to one letter per half the text's height of its width (serif fonts touch: "New"
/// is one run of ink in Tk's Times at 9 pt), so a run of few wide glyphs still fits a long phrase. Pieces are cut
/// at gaps narrower than a word space, so that a word boundary is never missed: a run may span several
/// pieces, but no more clear word spaces (gaps of half the text's height or more, wider than any gap
/// between the letters of a word) than the phrase has.
struct PhraseSpans {
    /// How many glyphs the phrase may show as.
    let glyphCount: ClosedRange<Int>
    /// How many clear word spaces a run may cross: one fewer than the phrase's words.
    let wordSpaces: Int

    /// Spans for a phrase of `words` words with `letters` letters and digits (its wrapping punctuation and
    /// spaces left out).
    init(letters: Int, words: Int = 1, exact: Bool) {
        wordSpaces = max(0, words - 1)
        let low = exact ? letters : Int((Double(letters) * PhraseMatcher.minimumSimilarity).rounded(.down))
        let high = exact ? letters : Int((Double(letters) / PhraseMatcher.minimumSimilarity).rounded(.up))
        glyphCount = max(1, low - max(1, letters / 4))...(high + 3)
    }

    /// A part of a line worth reading, and whether text of the same label stands right beside it (closer
    /// than the text is tall — word spaces are narrower — and not a lone bar: a border between two buttons).
    struct Span: Equatable {
        var columns: Range<Int>
        var joinedBefore = false
        var joinedAfter = false
    }

    /// The parts of `line` worth reading, padded into the gaps beside them, in order and apart.
    func candidates(in line: GreyImage) -> [Span] {
        let width = line.width, height = line.height
        guard width > 0, height > 0 else { return [] }
        // The background is the commonest grey; ink is what differs from it by more than half the most.
        var histogram = [Int](repeating: 0, count: 256)
        for value in line.pixels { histogram[Int(value)] += 1 }
        let background = histogram.indices.max { histogram[$0] < histogram[$1] }!
        let contrast = line.pixels.reduce(0) { max($0, abs(Int($1) - background)) }
        // Practically flat: no text for Tesseract either, but let it judge faint text.
        guard contrast >= 24 else { return contrast > 0 ? [Span(columns: 0..<width)] : [] }
        let threshold = contrast / 2
        // Rows that are mostly ink are rules or borders the line finder left on the line: not text.
        var inkColumns = [Bool](repeating: false, count: width)
        var top = height, bottom = -1
        var rowInk = [Bool](repeating: false, count: width)
        for row in 0..<height {
            var count = 0
            for column in 0..<width {
                let ink = abs(Int(line.pixels[row * width + column]) - background) > threshold
                rowInk[column] = ink
                if ink { count += 1 }
            }
            guard count > 0, count * 10 < width * 7 else { continue }
            for column in 0..<width where rowInk[column] { inkColumns[column] = true }
            top = min(top, row)
            bottom = row
        }
        guard bottom >= top else { return [] }
        let textHeight = bottom - top + 1

        // Each column's longest unbroken run of ink, to tell a border (a lone bar through the text's whole
        // height) from a letter ("i" has a gap under its dot; "l" stops above the descenders).
        // And its lowest inked row, to find the baseline.
        var columnRun = [Int](repeating: 0, count: width), columnBottom = [Int](repeating: -1, count: width)
        for column in 0..<width where inkColumns[column] {
            var run = 0
            for row in top...bottom {
                if abs(Int(line.pixels[row * width + column]) - background) > threshold {
                    run += 1
                    columnRun[column] = max(columnRun[column], run)
                    columnBottom[column] = row
                } else {
                    run = 0
                }
            }
        }
        // Glyphs: runs of ink columns.
        var glyphs: [Range<Int>] = []
        var start: Int?
        for column in 0...width {
            let ink = column < width && inkColumns[column]
            if ink, start == nil { start = column }
            if !ink, let begin = start {
                glyphs.append(begin..<column)
                start = nil
            }
        }
        // Pieces: glyphs joined across gaps narrower than a fifth of the text's height (at least 2 columns).
        // A glyph may be several letters touching (serifs, tight fonts: "New" as one run of ink); it may count
        // as up to one letter per half text height of its width.
        let pieceGap = max(2, textHeight / 5)
        var pieces: [(columns: Range<Int>, glyphs: Int, letters: Int)] = []
        var edgeGlyphs: [(first: Int, last: Int)] = []  // the widths of each piece's first and last glyph
        for glyph in glyphs {
            let letters = max(1, (glyph.count * 4 + textHeight) / (2 * textHeight))  // width ÷ half the height, rounded
            if let last = pieces.last, glyph.lowerBound - last.columns.upperBound < pieceGap {
                pieces[pieces.count - 1] = (last.columns.lowerBound..<glyph.upperBound, last.glyphs + 1, last.letters + letters)
                edgeGlyphs[edgeGlyphs.count - 1].last = glyph.count
            } else {
                pieces.append((glyph, 1, letters))
                edgeGlyphs.append((glyph.count, glyph.count))
            }
        }
        // A gap of at least half the text's height is a word space in any font (letters stand closer).
        let wordGap = max(pieceGap + 2, (textHeight + 1) / 2)
        // A monospaced font: glyphs follow each other at one advance (within a pixel, four in five of them).
        var advances: [Int] = []
        for (previous, next) in zip(glyphs, glyphs.dropFirst()) where next.lowerBound - previous.lowerBound < textHeight {
            advances.append(next.lowerBound - previous.lowerBound)
        }
        let advance = advances.isEmpty ? 0 : advances.sorted()[advances.count / 2]
        let monospaced = advances.count >= 3 && advances.filter { abs($0 - advance) <= 1 }.count * 5 >= advances.count * 4
        // In a monospaced font a narrow glyph ("1", "l", ".") stands in the middle of a full cell: the gap
        // beside it is wider by the room it leaves, about half of (a cell, 0.6 of the text's height, less its
        // width). "v8.11" must not read as two words. (In other fonts that only makes a run a little longer.)
        func room(after index: Int) -> Int {
            let cell = textHeight * 6 / 10, narrow = textHeight * 3 / 10
            let before = edgeGlyphs[index].last, after = edgeGlyphs[index + 1].first
            return (before <= narrow ? (cell - before) / 2 : 0) + (after <= narrow ? (cell - after) / 2 : 0)
        }
        func isWordSpace(after index: Int) -> Bool {
            pieces[index + 1].columns.lowerBound - pieces[index].columns.upperBound - room(after: index) >= wordGap
        }

        // Text of the same label beside a run: a piece no further than the text is tall (or one and a half
        // letters wide, in a monospaced font whose cells are wider than its letters are tall) that is not a
        // lone bar.
        let labelGap = max(wordGap, textHeight, monospaced ? advance * 3 / 2 : 0)
        func isBar(_ piece: (columns: Range<Int>, glyphs: Int, letters: Int)) -> Bool {
            guard piece.glyphs == 1, piece.columns.count <= max(2, textHeight / 5) else { return false }
            return (piece.columns.map { columnRun[$0] }.max() ?? 0) >= textHeight
        }
        // The baseline: the commonest lowest row of the glyphs. A lone glyph that stays above it (the dot of a
        // radio button, a bullet) is not a letter of the label.
        var bottoms: [Int: Int] = [:]
        for glyph in glyphs { bottoms[glyph.map { columnBottom[$0] }.max() ?? bottom, default: 0] += 1 }
        let baseline = bottoms.max { ($0.value, $0.key) < ($1.value, $1.key) }?.key ?? bottom
        func isMark(_ piece: (columns: Range<Int>, glyphs: Int, letters: Int)) -> Bool {
            piece.glyphs == 1 && (piece.columns.map { columnBottom[$0] }.max() ?? bottom) < baseline - max(1, textHeight / 6)
        }
        func joined(_ index: Int, to neighbour: Int) -> Bool {
            guard pieces.indices.contains(neighbour), !isBar(pieces[neighbour]), !isMark(pieces[neighbour]) else { return false }
            let (left, right) = neighbour < index ? (neighbour, index) : (index, neighbour)
            return pieces[right].columns.lowerBound - pieces[left].columns.upperBound - room(after: left) <= labelGap
        }
        // Runs of consecutive pieces whose glyph count fits, padded by up to half the gap on either side.
        var spans: [Span] = []
        for first in pieces.indices {
            var count = 0, most = 0  // the fewest and the most letters the run may hold
            var spaces = 0
            for last in first..<pieces.count {
                if last > first, isWordSpace(after: last - 1) {
                    spaces += 1
                    if spaces > wordSpaces { break }
                }
                count += pieces[last].glyphs
                most += pieces[last].letters
                if count > glyphCount.upperBound { break }
                guard most >= glyphCount.lowerBound else { continue }
                let leftRoom = first == 0 ? pieces[first].columns.lowerBound : (pieces[first].columns.lowerBound - pieces[first - 1].columns.upperBound) / 2
                let rightRoom = last == pieces.count - 1 ? width - pieces[last].columns.upperBound
                    : (pieces[last + 1].columns.lowerBound - pieces[last].columns.upperBound) / 2
                let pad = max(2, textHeight / 2)
                spans.append(Span(columns: max(0, pieces[first].columns.lowerBound - min(pad, leftRoom))..<min(width, pieces[last].columns.upperBound + min(pad, rightRoom)),
                                  joinedBefore: joined(first, to: first - 1), joinedAfter: joined(last, to: last + 1)))
            }
        }
        // Merge overlapping or touching spans.
        var merged: [Span] = []
        for span in spans.sorted(by: { $0.columns.lowerBound < $1.columns.lowerBound }) {
            if let last = merged.last, span.columns.lowerBound <= last.columns.upperBound {
                let grows = span.columns.upperBound > last.columns.upperBound
                merged[merged.count - 1] = Span(columns: last.columns.lowerBound..<max(last.columns.upperBound, span.columns.upperBound),
                                                joinedBefore: last.joinedBefore, joinedAfter: grows ? span.joinedAfter : last.joinedAfter)
            } else {
                merged.append(span)
            }
        }
        return merged
    }
}
