import EditDistance
import Imaging

/// Finds a phrase — one word or several consecutive words — among recognized lines, and ranks what it
/// finds by how exactly it covers a label.
///
/// **Comparing.** Words are compared in a normal form: lower case, without the punctuation that wraps them
/// (a button's border comes back as "(Charlie)" or "|OK|", a label as "Submitted:"), and with the
/// characters screen fonts make look alike folded together — `I`, `i`, `l`, `1` and `|`; `O` and `0`; `.` and
/// `,`; `;` and `:`; the quote marks — and underscores dropped (small fonts lose them or read them as
/// spaces). Spaces do not count, so a phrase is still found when Tesseract splits a word ("Sub mit") or
/// joins two ("AdaLovelace"). Punctuation at the edges of the words read may count or not: "Submitted:
/// Ada" is found as "Submitted Ada", and "README.md" as "README, md".
///
/// **Ranking.** A line is cut into labels where its words stand far apart (further apart than the
/// text is tall or one and a half letters wide: wider than any word space) or where a border between them was read as a bar or bracket. A
/// match that is a whole label scores 1 ("Save" on the Save button); a match inside a longer label 0.9
/// ("Save" in "Save as"); a near miss (fuzzy mode) its similarity × 0.85. Ties go to the higher confidence.
struct PhraseMatcher {
    /// Fuzzy matches need at least this similarity (1 − edit distance ÷ the longer length).
    static let minimumSimilarity = 0.8
    /// The score of an exact match inside a longer label.
    static let partScore = 0.9
    /// Fuzzy scores are the similarity times this, so they rank below every exact match.
    static let fuzzyWeight = 0.85

    /// The phrase's words, each normalized, joined: punctuation at the ends of words left out.
    private let target: [Unicode.Scalar]
    /// The phrase joined without spaces, then normalized: punctuation between its words kept.
    private let targetJoined: [Unicode.Scalar]
    /// The phrase's characters without spaces and wrapping punctuation.
    var letterCount: Int { symbols?.count ?? target.count }
    /// The phrase's words.
    var words: Int { wordCount }
    /// Whether the phrase is only punctuation and symbols (matched character for character).
    var isSymbolic: Bool { symbols != nil }
    private let wordCount: Int
    private let exact: Bool
    /// How many characters of punctuation wrap the phrase before and after its words ("/usr/bin": 1, 0):
    /// a small font's "/" or "%" may come back as a letter or digit ("fusr/bin", "422" for "42%"), so that
    /// many extra characters at either end still match.
    private let wrapping: (leading: Int, trailing: Int)

    /// For a phrase made only of punctuation and symbols (`*`, `=`, `+/-`): those characters, spaces left
    /// out, compared with what was read character for character.
    private let symbols: [Unicode.Scalar]?
    /// The symbols that end the phrase's words at either side ("!" of "x!"): a reading that ends in another
    /// symbol there ("x?", "x²") is another label.
    private let edges: (leading: [Unicode.Scalar], trailing: [Unicode.Scalar])

    /// A matcher for `phrase`; nil when the phrase is empty.
    init?(_ phrase: String, exact: Bool) {
        let scalars = Array(phrase.unicodeScalars.filter { !$0.properties.isWhitespace })
        guard !scalars.isEmpty else { return nil }
        self.exact = exact
        edges = (Self.distinctive(scalars.prefix { Self.isWrapping($0) }), Self.distinctive(scalars.reversed().prefix { Self.isWrapping($0) }))
        let words = phrase.split(whereSeparator: \.isWhitespace).map { Self.normalize(String($0)) }.filter { !$0.isEmpty }
        guard !words.isEmpty else {
            symbols = scalars.map(Self.foldSymbol)
            target = []
            targetJoined = []
            wordCount = phrase.split(whereSeparator: \.isWhitespace).count
            wrapping = (0, 0)
            return
        }
        symbols = nil
        target = Array(words.joined().unicodeScalars)
        targetJoined = Array(Self.normalize(phrase.split(whereSeparator: \.isWhitespace).joined()).unicodeScalars)
        wordCount = words.count
        let leading = scalars.prefix { Self.isWrapping($0) }.count, trailing = scalars.reversed().prefix { Self.isWrapping($0) }.count
        wrapping = (min(leading, 2), min(trailing, 2))
        leadingWrap = Array(scalars.prefix(leading).suffix(2))
        trailingWrap = Array(scalars.suffix(trailing).prefix(2))
    }

    /// The phrase's wrapping punctuation nearest its words, at most two characters a side (see `wrapping`).
    private var leadingWrap: [Unicode.Scalar] = [], trailingWrap: [Unicode.Scalar] = []

    /// What a small font's punctuation is misread as: an extra character at a phrase's edge stands for its
    /// wrapping punctuation only when it is one of these ("422" for "42%", "xt" for "x!"; not "xe" for "x!").
    static let misreadings: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "!": ["l", "t", "j", "f"], "%": ["2", "8", "x", "z", "o"], "/": ["f", "l", "j", "t", "7"], "\\": ["l"],
        "?": ["2", "7"], "*": ["x", "k"], "+": ["t"], "#": ["h", "4"], "&": ["8"], "$": ["s", "5", "8"], "@": ["o", "a"],
        ")": ["l", "j"], "(": ["c", "l"], "]": ["l", "j"], "[": ["l", "c"], "}": ["l", "j"], "{": ["l", "c"], ">": ["l"], "<": ["c"],
    ]

    /// Symbols that tell labels apart (`!`, `?`, `²`, `%`, `*`, `+`, `=` …), not the punctuation that only
    /// frames or ends them (brackets, quotes, `.`, `,`, `:`, `;`, bars), which OCR reads loosely.
    static func distinctive<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> [Unicode.Scalar] {
        scalars.filter { !"()[]{}<>\"'`‘’“”.,:;|_-–—…".unicodeScalars.contains($0) }.map(foldSymbol)
    }

    /// Dashes and minus signs as `-`, `,` as `.`, `;` as `:`, `∗` as `*`; other characters as they are (`×` is not `*`).
    static func foldSymbol(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "–", "—", "−", "‐": "-"
        case ",": "."
        case ";": ":"
        case "∗": "*"
        default: scalar
        }
    }

    /// Whether `text` is `target` itself, or `target` with as many extra characters at its ends as the
    /// phrase has wrapping punctuation there.
    private func isPhrase(_ text: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> Bool {
        if text == target { return true }
        let extra = text.count - target.count
        guard extra > 0, extra <= wrapping.leading + wrapping.trailing else { return false }
        for before in max(0, extra - wrapping.trailing)...min(extra, wrapping.leading)
        where text[before..<(before + target.count)].elementsEqual(target)
            && Self.misread(text.prefix(before), as: leadingWrap.suffix(before))
            && Self.misread(text.suffix(extra - before), as: trailingWrap.prefix(extra - before)) {
            return true
        }
        return false
    }

    /// Whether each of `read` may be a misreading of the punctuation at its place in `punctuation`.
    private static func misread<A: Collection<Unicode.Scalar>, B: Collection<Unicode.Scalar>>(_ read: A, as punctuation: B) -> Bool {
        zip(read, punctuation).allSatisfy { read, mark in misreadings[mark]?.contains(read) ?? false }
    }

    /// False when the phrase ends (or starts) in a distinctive symbol and `raw`, the text read, in another
    /// one there: "x?" or "x²" is not the key "x!". A reading that lost the symbol is not refused, and a
    /// phrase without one matches whatever the reading has ("Untitled" in "*Untitled").
    private func edgesAgree(_ raw: String) -> Bool {
        let scalars = Array(raw.unicodeScalars.filter { !$0.properties.isWhitespace })
        let leading = Self.distinctive(scalars.prefix { Self.isWrapping($0) })
        let trailing = Self.distinctive(scalars.reversed().prefix { Self.isWrapping($0) })
        return (edges.leading.isEmpty || leading.isEmpty || leading == edges.leading)
            && (edges.trailing.isEmpty || trailing.isEmpty || trailing == edges.trailing)
    }

    /// `word` without leading or trailing punctuation and symbols, in lower case, look-alike characters
    /// folded.
    static func normalize(_ word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isWrapping($0) }),
            let last = scalars.lastIndex(where: { !isWrapping($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        for scalar in scalars[first...last] {
            if let folded = fold(scalar) { result.append(folded) }
        }
        return String(result)
    }

    /// Punctuation, a symbol or a space: what may wrap a word ("(Submit)", "Name:").
    private static func isWrapping(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory.isPunctuationOrSymbol || scalar.properties.isWhitespace
    }

    /// One character in the folded alphabet: nil for characters that do not count.
    private static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "I", "i", "l", "1", "|": "l"
        case "O", "o", "0": "o"
        case ",": "."
        case ";": ":"
        case "‘", "’", "`", "´": "'"
        case "“", "”": "\""
        case "_": nil
        default: Unicode.Scalar(String(scalar).lowercased()) ?? scalar
        }
    }

    /// Every match in `lines`, best first (then top to bottom, left to right). Overlapping candidates on a
    /// line keep only the best.
    func matches(in lines: [ReadLine]) -> [TextMatch] {
        if symbols != nil { return symbolMatches(in: lines) }
        var found: [(match: TextMatch, confidence: Float)] = []
        for read in lines {
            let line = read.line
            let words = line.words.map { Array(Self.normalize($0.text).unicodeScalars) }
            let labels = Self.labels(of: line, normalized: words)
            var candidates: [(span: ClosedRange<Int>, similarity: Double)] = []
            for start in words.indices where !words[start].isEmpty {
                var raw = ""
                var joined: [Unicode.Scalar] = []
                // Up to one word more than the phrase has (a split word), while the text is not much longer.
                for end in start..<min(words.count, start + wordCount + 1) {
                    guard !words[end].isEmpty || end == start else { break }  // a bar or bracket ends a label
                    raw += line.words[end].text
                    joined += words[end]
                    if joined.count > target.count + max(2, target.count / 4) { break }
                    // Both ways of reading punctuation at the words' edges: "Submitted:" for "Submitted", and
                    // "README, md" for "README.md".
                    let score = max(similarity(joined, target), similarity(Array(Self.normalize(raw).unicodeScalars), targetJoined))
                    if score >= (exact ? 1 : Self.minimumSimilarity), edgesAgree(raw) { candidates.append((start...end, score)) }
                }
            }
            var taken: [ClosedRange<Int>] = []
            for candidate in candidates.sorted(by: { $0.similarity > $1.similarity }) where !taken.contains(where: { $0.overlaps(candidate.span) }) {
                taken.append(candidate.span)
                let matched = line.words[candidate.span]
                let label = labels.first { $0.contains(candidate.span.lowerBound) } ?? candidate.span
                let wholeLabel = label == candidate.span && !(label.lowerBound == 0 && read.joinedBefore)
                    && !(label.upperBound == line.words.count - 1 && read.joinedAfter)
                let text = matched.map(\.text).joined(separator: " ")
                let score: Double
                let reason: String
                if candidate.similarity < 1 {
                    score = candidate.similarity * Self.fuzzyWeight
                    reason = "near miss: read \(text.debugDescription), similarity \(Int((candidate.similarity * 100).rounded()))%"
                } else if wholeLabel {
                    score = 1
                    reason = "the whole label"
                } else {
                    score = Self.partScore
                    let around = label == candidate.span ? "a longer text" : line.words[label].map(\.text).joined(separator: " ").debugDescription
                    reason = "part of \(around)"
                }
                let confidence = matched.map(\.confidence).min() ?? 0
                found.append((TextMatch(text: text, box: matched.dropFirst().reduce(matched.first!.box) { $0.union($1.box) },
                                        confidence: confidence, score: score, reason: reason), confidence))
            }
        }
        return Self.ranked(found)
    }

    /// Best score first, then higher confidence, then top to bottom and left to right.
    private static func ranked(_ found: [(match: TextMatch, confidence: Float)]) -> [TextMatch] {
        found.sorted { a, b in
            if a.match.score != b.match.score { return a.match.score > b.match.score }
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            return (a.match.box.y, a.match.box.x) < (b.match.box.y, b.match.box.x)
        }.map(\.match)
    }

    /// Matches of a phrase of symbols: runs of words whose characters are the phrase's, exactly (OCR may
    /// split "+/-" into words). A run standing apart from its neighbours is a whole label.
    private func symbolMatches(in lines: [ReadLine]) -> [TextMatch] {
        guard let symbols else { return [] }
        var found: [(match: TextMatch, confidence: Float)] = []
        for read in lines {
            let line = read.line
            let texts = line.words.map { Array($0.text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Self.foldSymbol)) }
            let height = line.words.map(\.box.height).max() ?? line.box.height
            var start = 0
            while start < texts.count {
                var joined: [Unicode.Scalar] = []
                var end = start
                var matched: Int?
                while end < texts.count, joined.count < symbols.count {
                    joined += texts[end]
                    if joined == symbols { matched = end }
                    end += 1
                }
                guard let last = matched else {
                    start += 1
                    continue
                }
                let words = line.words[start...last]
                // Specks read as symbols ("=" for a 4×1 dot): a symbol other than a low dash or dot stands at
                // least 3 px tall.
                let tall = words.map(\.box.height).max() ?? 0
                if tall < 3, !symbols.allSatisfy({ "-_.".unicodeScalars.contains($0) }) {
                    start = last + 1
                    continue
                }
                let apart = (start == 0 || line.words[start].box.x - line.words[start - 1].box.maxX > height)
                    && (last == line.words.count - 1 || line.words[last + 1].box.x - line.words[last].box.maxX > height)
                    && !(start == 0 && read.joinedBefore) && !(last == line.words.count - 1 && read.joinedAfter)
                let box = words.dropFirst().reduce(words.first!.box) { $0.union($1.box) }
                found.append((TextMatch(text: words.map(\.text).joined(separator: " "), box: box, confidence: words.map(\.confidence).min() ?? 0,
                                        score: apart ? 1 : Self.partScore, reason: apart ? "the whole label" : "part of a longer text"),
                              words.map(\.confidence).min() ?? 0))
                start = last + 1
            }
        }
        return Self.ranked(found)
    }

    /// How close the best run of words in `line` comes to the phrase, whatever the mode: 1 when it is there
    /// exactly, else 1 − edit distance ÷ the longer length (0 for nothing alike).
    func closeness(in line: RecognizedLine) -> Double {
        if let symbols {
            let text = Array(line.text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Self.foldSymbol))
            if text == symbols { return 1 }
            // Closest run of the line's characters as long as the phrase.
            guard text.count > symbols.count else { return 1 - Double(editDistance(text, symbols)) / Double(max(text.count, symbols.count)) }
            return (0...(text.count - symbols.count)).map { offset in
                1 - Double(editDistance(Array(text[offset..<(offset + symbols.count)]), symbols)) / Double(symbols.count)
            }.max() ?? 0
        }
        let words = line.words.map { Array(Self.normalize($0.text).unicodeScalars) }
        var best = 0.0
        for start in words.indices where !words[start].isEmpty {
            var raw = ""
            var joined: [Unicode.Scalar] = []
            for end in start..<min(words.count, start + wordCount + 1) {
                raw += line.words[end].text
                joined += words[end]
                best = max(best, closeness(joined, target), closeness(Array(Self.normalize(raw).unicodeScalars), targetJoined))
                if joined.count > target.count + max(2, target.count / 4) { break }
            }
        }
        return best
    }

    private func closeness(_ text: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> Double {
        if isPhrase(text, target) { return 1 }
        return 1 - Double(editDistance(text, target)) / Double(max(text.count, target.count, 1))
    }

    /// The line's labels as ranges of word indices: cut where words stand further apart than the
    /// line's height (or one and a half letters' width, whichever is more), and around words that are only punctuation (a border read as "|" or "[").
    static func labels(of line: RecognizedLine, normalized words: [[Unicode.Scalar]]) -> [ClosedRange<Int>] {
        guard !line.words.isEmpty else { return [] }
        let height = line.words.map(\.box.height).max() ?? line.box.height
        // A monospaced font's space may be wider than its letters are tall: one and a half letters is a space.
        let advances = line.words.filter { $0.text.count >= 2 }.map { $0.box.width / $0.text.count }.sorted()
        let space = max(height, advances.isEmpty ? 0 : advances[advances.count / 2] * 3 / 2)
        var labels: [ClosedRange<Int>] = []
        var start = 0
        for index in 1..<max(1, line.words.count) {
            let gap = line.words[index].box.x - line.words[index - 1].box.maxX
            if gap > space || words[index].isEmpty || words[index - 1].isEmpty {
                labels.append(start...(index - 1))
                start = index
            }
        }
        labels.append(start...(line.words.count - 1))
        return labels
    }

    /// 1 for equal text, else 1 − Levenshtein distance ÷ the longer length (0 in exact mode).
    private func similarity(_ text: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> Double {
        guard exact else { return closeness(text, target) }
        return isPhrase(text, target) ? 1 : 0
    }
}

/// A line as read, and whether the text went on beyond what was read: a part of a line read alone (see
/// ``PhraseSpans``) may have words of the same label just before or after it.
struct ReadLine {
    var line: RecognizedLine
    /// More text of the same label stands just before the part read.
    var joinedBefore = false
    /// More text of the same label stands just after the part read.
    var joinedAfter = false
}

extension Unicode.GeneralCategory {
    /// Punctuation (`( ) : , . " '` …) or a symbol (`| < > + $` …).
    fileprivate var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default:
            false
        }
    }
}
