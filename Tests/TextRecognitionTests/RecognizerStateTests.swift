import Deskpilot
import DeskpilotTesting
import Testing

@Suite("The recognizer's cache and locking")
struct RecognizerStateTests {
    @Test("reading the same screen again, or from several tasks at once, gives the same lines")
    func repeatableAndConcurrent() async throws {
        try await withVirtualDesktop { display, desktop in
            let app = try await FixtureApp.launch(scene: "form", display: display.name)
            defer { app.stop() }
            let screen = try await desktop.screenshot()
            let recognizer = try TextRecognizer()
            let first = try await recognizer.recognize(screen)
            #expect(first.map(\.text).contains("Submit"))
            #expect(try await recognizer.recognize(screen) == first)  // from the cache
            recognizer.clearCache()
            let concurrent = try await withThrowingTaskGroup(of: [RecognizedLine].self) { group in
                for _ in 0..<4 { group.addTask { try await recognizer.recognize(screen) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(concurrent.count == 4 && concurrent.allSatisfy { $0 == first })
        }
    }
}
