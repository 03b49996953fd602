public import Imaging
/// Where a phrase was found on screen; made by ``TextRecognizer/locate(_:in:region:exact:)``.
public struct TextMatch: Sendable, Hashable {
    /// The words that matched, as Tesseract read them, joined by spaces.
    public var text: String
    /// The union of the matched words' boxes, in screen pixels of the image passed in. Click its
    /// ``Rect/center``.
    public var box: Rect
    /// The lowest confidence among the matched words, 0...100.
    public var confidence: Float
    /// How exactly the words cover a label, 0...1: 1 when they are a whole label (the phrase is all the
    /// text there, ignoring case, wrapping punctuation and look-alike characters), 0.9 when the phrase is
    /// part of a longer label ("Save" in "Save as"), at most 0.85 for a near miss (fuzzy mode: the
    /// similarity × 0.85). Matches are returned best first.
    public var score: Double
    /// Why the match scored what it did: `the whole label`, `part of "Save as"`, or `near miss: read
    /// "Submt", similarity 83%`.
    public var reason: String

    /// A match of `text` at `box`.
    public init(text: String, box: Rect, confidence: Float, score: Double, reason: String = "") {
        self.text = text
        self.box = box
        self.confidence = confidence
        self.score = score
        self.reason = reason
    }
}

extension TextMatch {
    /// Where `phrase` appears in lines already read (by ``TextRecognizer/recognize(_:region:scale:)``):
    /// one or several consecutive words on a line, case-insensitively, ignoring punctuation around words.
    ///
    /// - Parameter exact: when false, near misses count too: similarity (1 − edit distance ÷ length,
    ///   spaces ignored) of at least 0.8.
    /// - Returns: the matches, best ``score`` first (a whole label before part of a longer one, exact
    ///   before near misses, then by confidence), then top to bottom, left to right; overlapping candidates
    ///   on one line keep only the best. Empty when the phrase has no letters or digits.
    public static func find(_ phrase: String, in lines: [RecognizedLine], exact: Bool = true) -> [TextMatch] {
        PhraseMatcher(phrase, exact: exact)?.matches(in: lines.map { ReadLine(line: $0) }) ?? []
    }
}
