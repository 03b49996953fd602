import Deskpilot
import Testing

@Suite("Phrase matching over recognized lines")
struct PhraseMatchingTests {
    /// A line of words at x = 0, 100, 200 … on row `y`.
    static func line(_ words: [String], y: Int = 0, confidence: Float = 90) -> RecognizedLine {
        let recognized = words.enumerated().map { index, text in
            RecognizedWord(text: text, box: Rect(x: index * 100, y: y, width: 80, height: 20), confidence: confidence - Float(index))
        }
        return RecognizedLine(box: Rect(x: 0, y: y, width: words.count * 100 - 20, height: 20), words: recognized, confidence: confidence)
    }

    @Test("punctuation around words and case are ignored; boxes are the union of the words")
    func wrappingPunctuation() throws {
        let lines = [Self.line(["(Charlie)", "|OK|", "Submitted:", "Ada", "Lovelace."])]
        #expect(TextMatch.find("charlie", in: lines).map(\.text) == ["(Charlie)"])
        #expect(TextMatch.find("ok", in: lines).map(\.text) == ["|OK|"])
        let phrase = try #require(TextMatch.find("Submitted: Ada Lovelace", in: lines).first)
        #expect(phrase.text == "Submitted: Ada Lovelace." && phrase.score == 1)
        #expect(phrase.box == Rect(x: 200, y: 0, width: 280, height: 20))
        #expect(phrase.confidence == 86)  // the lowest of the three words
        #expect(TextMatch.find("Ada Lovelace Submitted", in: lines).isEmpty)  // order matters
        #expect(TextMatch.find("Lovelace Charlie", in: lines).isEmpty)
    }

    @Test("inner punctuation counts; words split or joined by the OCR still match")
    func innerPunctuationAndSpaces() {
        let lines = [Self.line(["git-shell", "Sub", "mit", "AdaLovelace"])]
        #expect(TextMatch.find("git-shell", in: lines).count == 1)
        #expect(TextMatch.find("git shell", in: lines).isEmpty)
        #expect(TextMatch.find("Submit", in: lines).map(\.text) == ["Sub mit"])
        #expect(TextMatch.find("Ada Lovelace", in: lines).map(\.text) == ["AdaLovelace"])
    }

    @Test("fuzzy matches need similarity 0.8 and rank below exact ones")
    func fuzzy() throws {
        let lines = [Self.line(["Submit"], y: 100), Self.line(["Submlt"], y: 0), Self.line(["Summit"], y: 50)]
        #expect(TextMatch.find("Submit", in: lines).map(\.box.y) == [100])
        let fuzzy = TextMatch.find("Submit", in: lines, exact: false)
        // Exact first; then the two near misses (5 of 6 letters) top to bottom.
        #expect(fuzzy.map(\.text) == ["Submit", "Submlt", "Summit"])
        let nearMiss: Double = 1 - 1.0 / 6
        #expect(fuzzy.map(\.score) == [1, nearMiss, nearMiss])
        #expect(TextMatch.find("Submt", in: lines).isEmpty)
        #expect(TextMatch.find("Submitted", in: lines, exact: false).isEmpty)  // 6 of 9
    }

    @Test("several matches come top to bottom, left to right; one per place")
    func ordering() {
        let lines = [Self.line(["Save", "Save"], y: 40), Self.line(["Save"], y: 10)]
        let matches = TextMatch.find("save", in: lines, exact: false)
        #expect(matches.map { [$0.box.x, $0.box.y] } == [[0, 10], [0, 40], [100, 40]])
    }
}
