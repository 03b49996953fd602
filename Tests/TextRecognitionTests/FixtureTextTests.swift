import Deskpilot
import DeskpilotTesting
import Testing

@Suite("Reading the fixture's labels on a real X server")
struct FixtureTextTests {
    static let buttonLabels = ["OK", "Cancel", "Apply", "Help", "Save", "Quit"]

    @Test("every button label is found, centred inside its button")
    func buttonLabels() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let screen = try await desktop.screenshot()
            for label in Self.buttonLabels {
                let matches = try await sharedRecognizer.locate(label, in: screen)
                let button = try app.rect(of: label)
                #expect(matches.count == 1, "\(label): \(matches)")
                let match = try #require(matches.first, "\(label) not found")
                #expect(button.contains(match.box.center), "\(label) at \(match.box), button \(button)")
                #expect(button.contains(match.box), "\(label) at \(match.box), button \(button)")
                #expect(match.text == label && match.score == 1)
            }
        }
    }

    @Test("words have confidences in 0...100 and boxes inside the image; lines are their words")
    func wordsAndBoxes() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            defer { app.stop() }  // keeps the app alive until the end
            let screen = try await desktop.screenshot()
            let lines = try await sharedRecognizer.recognize(screen)
            let words = lines.flatMap(\.words)
            #expect(Set(words.map(\.text)).isSuperset(of: Self.buttonLabels))
            let image = Rect(x: 0, y: 0, width: screen.width, height: screen.height)
            for line in lines {
                #expect((0...100).contains(line.confidence))
                #expect(line.text == line.words.map(\.text).joined(separator: " "))
                #expect(image.contains(line.box))
                for word in line.words {
                    #expect((0...100).contains(word.confidence), "\(word)")
                    #expect(!word.box.isEmpty && image.contains(word.box), "\(word)")
                    #expect(line.box.contains(word.box), "\(word) outside \(line.box)")
                }
            }
            // Top to bottom: OK, Cancel, Apply are on the first row, left to right.
            let firstRow = lines.filter { ["OK", "Cancel", "Apply"].contains($0.text) }.map(\.text)
            #expect(firstRow == ["OK", "Cancel", "Apply"])
        }
    }

    @Test("a phrase typed into the form and submitted is found on the status line")
    func submittedPhrase() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            try await desktop.click(at: try app.center(of: "Name"))
            try await desktop.type("Ada Lovelace")
            try await app.waitForText("Ada Lovelace", in: "Name")
            // Click Submit where OCR finds it.
            let submit = try #require(try await sharedRecognizer.locate("Submit", in: try await desktop.screenshot()).first)
            try await desktop.click(at: submit.box.center)
            try await app.waitForEvent("submit") { $0.event == "submit" }
            let matches = try await eventually {
                try await sharedRecognizer.locate("Submitted: Ada Lovelace", in: try await desktop.screenshot())
            }
            let match = try #require(matches.first, "the status line was not read")
            #expect(matches.count == 1 && match.score == 1)
            #expect(match.text == "Submitted: Ada Lovelace")
            #expect(try app.rect(of: "Status").contains(match.box))
            // Case and the colon do not matter; a word that is not there does.
            #expect(try await sharedRecognizer.locate("submitted ada LOVELACE", in: try await desktop.screenshot()).count == 1)
            #expect(try await sharedRecognizer.locate("Submitted: Ada Byron", in: try await desktop.screenshot()).isEmpty)
        }
    }

    @Test("fuzzy matching finds a misspelt label only when asked to")
    func fuzzy() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            let screen = try await desktop.screenshot()
            #expect(try await sharedRecognizer.locate("Submt", in: screen).isEmpty)
            let fuzzy = try await sharedRecognizer.locate("Submt", in: screen, exact: false)
            let match = try #require(fuzzy.first)
            #expect(match.text == "Submit")
            #expect(match.score < 0.9 && match.reason.hasPrefix("near miss"))
            #expect(try app.rect(of: "Submit").contains(match.box.center))
            // Far from anything on screen, even fuzzily.
            #expect(try await sharedRecognizer.locate("Deskpilot rocks", in: screen, exact: false).isEmpty)
        }
    }

    @Test("a phrase that is not on screen gives no matches")
    func notFound() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            defer { app.stop() }  // keeps the app alive until the end
            let screen = try await desktop.screenshot()
            #expect(try await sharedRecognizer.locate("Launch missiles", in: screen).isEmpty)
            #expect(try await sharedRecognizer.locate("OK Cancel Apply Help", in: screen).isEmpty)  // not on one line
            #expect(try await sharedRecognizer.locate("", in: screen).isEmpty)
            #expect(try await sharedRecognizer.locate("—", in: screen).isEmpty)
        }
    }

    @Test("a region is read alone, with boxes in screen coordinates")
    func region() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "buttons", display: display.name)
            let screen = try await desktop.screenshot()
            let help = try app.rect(of: "Help")
            let lines = try await sharedRecognizer.recognize(screen, region: help)
            #expect(lines.map(\.text) == ["Help"])
            let scaled = try await sharedRecognizer.locate("Help", in: screen, region: help, scale: 2)
            let match = try #require(scaled.first)
            #expect(help.contains(match.box))
            let full = try #require(try await sharedRecognizer.locate("Help", in: screen).first)
            // The same word, within a pixel or two at either scale.
            #expect(abs(match.box.x - full.box.x) <= 2 && abs(match.box.maxX - full.box.maxX) <= 2)
        }
    }
}
