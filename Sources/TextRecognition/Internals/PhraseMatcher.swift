import Imaging
/// Finds a phrase — one word or several consecutive words — among recognized lines.
///
/// Words are compared in a normal form: lower case, without the punctuation that wraps them (a button's
/// border comes back as "(Charlie)" or "|OK|", a label as "Submitted:"). Spaces do not count, so a phrase
/// is still found when Tesseract splits a word ("Sub mit") or joins two ("AdaLovelace").
struct PhraseMatcher {
    /// Fuzzy matches need at least this similarity (1 − edit distance ÷ the longer length).
    static let minimumSimilarity = 0.8

    private let target: [Unicode.Scalar]
    /// The phrase's characters without spaces and wrapping punctuation.
    var letterCount: Int { target.count }
    /// The phrase's words.
    var words: Int { wordCount }
    private let wordCount: Int
    private let exact: Bool

    /// A matcher for `phrase`; nil when the phrase has no letters or digits to look for.
    init?(_ phrase: String, exact: Bool) {
        let words = phrase.split(whereSeparator: \.isWhitespace).map { Self.normalize(String($0)) }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        target = Array(words.joined().unicodeScalars)
        wordCount = words.count
        self.exact = exact
    }

    /// `word` in lower case without leading or trailing punctuation and symbols.
    static func normalize(_ word: String) -> String {
        let scalars = Array(word.lowercased().unicodeScalars)
        let isWrapping = { (scalar: Unicode.Scalar) in
            scalar.properties.generalCategory.isPunctuationOrSymbol || scalar.properties.isWhitespace
        }
        guard let first = scalars.firstIndex(where: { !isWrapping($0) }),
            let last = scalars.lastIndex(where: { !isWrapping($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }

    /// Every match in `lines`, best first, then top to bottom, left to right. Overlapping candidates on a
    /// line keep only the best.
    func matches(in lines: [RecognizedLine]) -> [TextMatch] {
        var found: [TextMatch] = []
        for line in lines {
            let words = line.words.map { Array(Self.normalize($0.text).unicodeScalars) }
            var candidates: [(span: ClosedRange<Int>, score: Double)] = []
            for start in words.indices where !words[start].isEmpty {
                var joined: [Unicode.Scalar] = []
                // Up to one word more than the phrase has (a split word), while the text is not much longer.
                for end in start..<min(words.count, start + wordCount + 1) {
                    joined += words[end]
                    guard !words[end].isEmpty else { continue }
                    if joined.count > target.count + max(2, target.count / 4) { break }
                    let score = similarity(joined)
                    if score >= (exact ? 1 : Self.minimumSimilarity) { candidates.append((start...end, score)) }
                }
            }
            var taken: [ClosedRange<Int>] = []
            for candidate in candidates.sorted(by: { $0.score > $1.score }) where !taken.contains(where: { $0.overlaps(candidate.span) }) {
                taken.append(candidate.span)
                let matched = line.words[candidate.span]
                found.append(TextMatch(
                    text: matched.map(\.text).joined(separator: " "),
                    box: matched.dropFirst().reduce(matched.first!.box) { $0.union($1.box) },
                    confidence: matched.map(\.confidence).min() ?? 0,
                    score: candidate.score))
            }
        }
        return found.sorted { ($1.score, $0.box.y, $0.box.x) < ($0.score, $1.box.y, $1.box.x) }
    }

    /// 1 for equal text, else 1 − Levenshtein distance ÷ the longer length (0 in exact mode).
    private func similarity(_ text: [Unicode.Scalar]) -> Double {
        if text == target { return 1 }
        guard !exact else { return 0 }
        let longer = max(text.count, target.count)
        return 1 - Double(Self.editDistance(text, target)) / Double(longer)
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
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
