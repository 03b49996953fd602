/// Where a phrase was found on screen; made by ``TextRecognizer/locate(_:in:region:exact:)``.
public struct TextMatch: Sendable, Hashable {
    /// The words that matched, as Tesseract read them, joined by spaces.
    public var text: String
    /// The union of the matched words' boxes, in screen pixels of the image passed in. Click its
    /// ``TextBox/center``.
    public var box: TextBox
    /// The lowest confidence among the matched words, 0...100.
    public var confidence: Float
    /// How well the words match the phrase, 0...1: 1 for an exact match (ignoring case and wrapping
    /// punctuation), lower for fuzzy matches.
    public var score: Double

    /// A match of `text` at `box`.
    public init(text: String, box: TextBox, confidence: Float, score: Double) {
        self.text = text
        self.box = box
        self.confidence = confidence
        self.score = score
    }
}
