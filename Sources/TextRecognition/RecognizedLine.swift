public import Imaging
/// One line of text Tesseract read, with its words in reading order. Its ``text`` is always its words
/// joined by spaces.
public struct RecognizedLine: Sendable, Hashable {
    /// The words joined by single spaces.
    public let text: String
    /// Where the line is, in screen pixels of the image passed in.
    public let box: Rect
    /// The line's words, left to right.
    public let words: [RecognizedWord]
    /// Tesseract's confidence for the whole line, 0...100.
    public let confidence: Float

    /// A line made of `words`; its text is the words joined by spaces.
    public init(box: Rect, words: [RecognizedWord], confidence: Float) {
        self.text = words.map(\.text).joined(separator: " ")
        self.box = box
        self.words = words
        self.confidence = confidence
    }
}
