import Deskpilot
import Testing

@Suite("Phrase matching over recognized lines")
struct PhraseMatchingTests {
    /// A line of words 80 px wide and 20 px high at x = 0, 86, 172 … on row `y` (6 px apart: word spaces,
    /// one label); with `apart`, 100 px apart (20 px gaps: separate labels on one row).
    static func line(_ words: [String], y: Int = 0, confidence: Float = 90, apart: Bool = false) -> RecognizedLine {
        let step = apart ? 140 : 86  // apart: a gap wider than 1.5 letters (80 px for 4 letters: 30 px)
        let recognized = words.enumerated().map { index, text in
            RecognizedWord(text: text, box: Rect(x: index * step, y: y, width: 80, height: 20), confidence: confidence - Float(index))
        }
        return RecognizedLine(box: Rect(x: 0, y: y, width: words.count * step - (step - 80), height: 20), words: recognized, confidence: confidence)
    }

    @Test("punctuation around words and case are ignored; boxes are the union of the words")
    func wrappingPunctuation() throws {
        let lines = [Self.line(["(Charlie)", "|OK|", "Submitted:", "Ada", "Lovelace."])]
        #expect(TextMatch.find("charlie", in: lines).map(\.text) == ["(Charlie)"])
        #expect(TextMatch.find("ok", in: lines).map(\.text) == ["|OK|"])
        let phrase = try #require(TextMatch.find("Submitted: Ada Lovelace", in: lines).first)
        // Part of the line's one label, which starts with "(Charlie)".
        #expect(phrase.text == "Submitted: Ada Lovelace." && phrase.score == 0.9 && phrase.reason.hasPrefix("part of \"(Charlie)"))
        #expect(phrase.box == Rect(x: 172, y: 0, width: 252, height: 20))
        #expect(phrase.confidence == 86)  // the lowest of the three words
        #expect(TextMatch.find("Ada Lovelace Submitted", in: lines).isEmpty)  // order matters
        #expect(TextMatch.find("Lovelace Charlie", in: lines).isEmpty)
    }

    @Test("labels of symbols only are found character for character; a phrase never matches another symbol")
    func symbols() {
        let keys = [Self.line(["*"], y: 0), Self.line(["+", "/", "-"], y: 40), Self.line(["×"], y: 80), Self.line(["x²"], y: 120),
                    Self.line(["x?"], y: 160), Self.line(["xe"], y: 200), Self.line(["xt"], y: 240), Self.line(["x!"], y: 280),
                    Self.line(["422"], y: 320), Self.line(["42e"], y: 360), Self.line(["*Untitled"], y: 400)]
        #expect(TextMatch.find("*", in: keys).map(\.box.y) == [0])  // not "×", not the "*" of "*Untitled"'s edge
        #expect(TextMatch.find("+/-", in: keys).map(\.text) == ["+ / -"])  // split into three words by the OCR
        #expect(TextMatch.find("×", in: keys).map(\.box.y) == [80])
        // "x!" is the key reading "x!", or "xt" (a small font's "!"), never "x²", "x?" or "xe".
        #expect(Set(TextMatch.find("x!", in: keys).map(\.box.y)) == [240, 280])
        #expect(TextMatch.find("x²", in: keys).map(\.box.y) == [120])
        // "%" read as "2" still finds "42%"; "42e" is not it.
        #expect(TextMatch.find("42%", in: keys).map(\.box.y) == [320])
        // A phrase without a symbol at its edge matches whatever the reading has there.
        #expect(TextMatch.find("Untitled", in: keys).map(\.box.y) == [400])
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
        let lines = [Self.line(["Submit"], y: 100), Self.line(["Sabmit"], y: 0), Self.line(["Summit"], y: 50)]
        #expect(TextMatch.find("Submit", in: lines).map(\.box.y) == [100])
        let fuzzy = TextMatch.find("Submit", in: lines, exact: false)
        // Exact first; then the two near misses (5 of 6 letters), the more confident first.
        #expect(fuzzy.map(\.text) == ["Submit", "Sabmit", "Summit"])
        let nearMiss: Double = (1 - 1.0 / 6) * 0.85
        #expect(fuzzy.map(\.score) == [1, nearMiss, nearMiss])
        #expect(fuzzy.map(\.reason) == ["the whole label", #"near miss: read "Sabmit", similarity 83%"#, #"near miss: read "Summit", similarity 83%"#])
        #expect(TextMatch.find("Submt", in: lines).isEmpty)
        #expect(TextMatch.find("Submitted", in: lines, exact: false).isEmpty)  // 6 of 9
    }

    @Test("several equal matches come top to bottom, left to right; one per place")
    func ordering() {
        let lines = [Self.line(["Save", "Save"], y: 40, confidence: 90, apart: true), Self.line(["Save"], y: 10, confidence: 89)]
        let matches = TextMatch.find("save", in: lines, exact: false)
        // All three are whole labels; the more confident first, then top to bottom, left to right.
        #expect(matches.map { [$0.box.x, $0.box.y] } == [[0, 40], [0, 10], [140, 40]])
    }

    @Test("a whole label ranks above the same words inside a longer one, whatever comes first on screen")
    func wholeLabelFirst() throws {
        // "Save as" above, more confidently read than "Save" below.
        let lines = [Self.line(["Save", "as"], y: 0, confidence: 95), Self.line(["Save"], y: 50, confidence: 70)]
        let save = TextMatch.find("Save", in: lines)
        #expect(save.map(\.box.y) == [50, 0])
        #expect(save.map(\.score) == [1, 0.9])
        #expect(save.map(\.reason) == ["the whole label", #"part of "Save as""#])
        // One row holding two labels far apart: "Open recent" and "Open" are told apart by the gap.
        let row = RecognizedLine(box: Rect(x: 0, y: 0, width: 300, height: 20), words: [
            RecognizedWord(text: "Open", box: Rect(x: 0, y: 0, width: 50, height: 20), confidence: 90),
            RecognizedWord(text: "recent", box: Rect(x: 56, y: 0, width: 70, height: 20), confidence: 90),
            RecognizedWord(text: "Open", box: Rect(x: 160, y: 0, width: 50, height: 20), confidence: 80),
        ], confidence: 90)
        let open = TextMatch.find("Open", in: [row])
        #expect(open.map(\.box.x) == [160, 0] && open.map(\.score) == [1, 0.9])
        // A border read as a bar cuts labels too: "Find | next" is two labels.
        let barred = Self.line(["Find", "|", "next"])
        #expect(TextMatch.find("Find", in: [barred]).first?.score == 1)
        #expect(TextMatch.find("Find next", in: [barred]).isEmpty)
    }

    @Test("look-alike characters of screen fonts are one: I l 1 |, O 0, . and ,; underscores do not count")
    func lookAlikes() {
        let lines = [Self.line(["minutes", "60.xIsx"], y: 0), Self.line(["README,", "md"], y: 30), Self.line(["vi.4.2"], y: 60),
                     Self.line(["Room", "1OO"], y: 90), Self.line(["slides", "_68.pdf"], y: 120)]
        #expect(TextMatch.find("minutes_60.xlsx", in: lines).count == 1)
        #expect(TextMatch.find("README.md", in: lines).count == 1)
        #expect(TextMatch.find("v1.4.2", in: lines).count == 1)
        #expect(TextMatch.find("Room 100", in: lines).count == 1)
        #expect(TextMatch.find("slides_68.pdf", in: lines).count == 1)
        // Letters that are not look-alikes still differ.
        #expect(TextMatch.find("READMF.md", in: lines).isEmpty && TextMatch.find("Room 188", in: lines).isEmpty)
    }
}
