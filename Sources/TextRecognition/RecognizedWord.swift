public import Imaging
/// One word Tesseract read: its text, where it is, and how sure Tesseract is.
public struct RecognizedWord: Sendable, Hashable {
    /// The word as read, punctuation included (a button's border may come back as "(" or "|").
    public var text: String
    /// Where the word is, in screen pixels of the image passed in.
    public var box: Rect
    /// Tesseract's confidence, 0...100.
    public var confidence: Float

    /// A word at `box`.
    public init(text: String, box: Rect, confidence: Float) {
        self.text = text
        self.box = box
        self.confidence = confidence
    }
}
