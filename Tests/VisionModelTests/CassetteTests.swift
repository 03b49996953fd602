import DeskpilotTesting
import Foundation
import Imaging
import Testing
import VisionModel

@Suite("Cassettes as a ChatModel decorator")
struct CassetteTests {
    static func request(screen: EncodedImage, text: String = "Click Submit") -> ChatRequest {
        ChatRequest(model: "m", messages: [.system("S"), .user([.image(screen), .text(text)])])
    }

    static func screen(_ color: RGBA, width: Int = 64) throws -> EncodedImage {
        var image = Image(width: width, height: 48, filledWith: RGBA(r: 255, g: 255, b: 255))
        image.fill(x: 0, y: 0, width: width / 2, height: 48, with: color)
        return try EncodedImage(image)
    }

    @Test("recording keeps each answer as it comes; replaying answers with no server at all")
    func recordAndReplay() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deskpilot-cassette-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: file) }
        let server = try await ScriptedHTTPServer(replies: [.json(HTTPChatModelTests.completion("first")), .json(HTTPChatModelTests.completion("second"))])
        let model = HTTPChatModel(endpoint: ModelEndpoint(baseURL: server.baseURL, model: "m"))
        let dark = try Self.screen(RGBA(r: 0, g: 0, b: 0))
        let light = try Self.screen(RGBA(r: 200, g: 200, b: 200))
        let recording = try Cassette(url: file, mode: .record).recording(model, profile: "qwen3-vl")
        #expect(try await recording.complete(Self.request(screen: dark)).message.content == "first")
        #expect(try await recording.complete(Self.request(screen: light, text: "Click Cancel")).message.content == "second")
        await server.shutdown()
        #expect(try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count == 2)

        // The server is gone: answers come from the file, matched by prompt and by the screen's look.
        let replay = try Cassette(url: file, mode: .replay)
        let replaying = replay.replaying(profile: "qwen3-vl")
        let answer = try await replaying.complete(Self.request(screen: light, text: "Click Cancel"))
        #expect(answer.message.content == "second" && answer.replayed)
        await #expect {
            try await replaying.complete(Self.request(screen: dark, text: "Click OK"))
        } throws: { error in
            String(describing: error).contains("the cassette has no request with this prompt")
        }
        // The same prompt on a screen that looks different is refused, with how far it is.
        let other = try Self.screen(RGBA(r: 0, g: 0, b: 0), width: 200)
        var inverted = try Image(pngData: other.png)
        inverted.fill(x: 100, y: 0, width: 100, height: 48, with: RGBA(r: 0, g: 0, b: 0))
        inverted.fill(x: 0, y: 0, width: 100, height: 24, with: RGBA(r: 255, g: 255, b: 255))
        await #expect {
            try await replaying.complete(Self.request(screen: try EncodedImage(inverted)))
        } throws: { error in
            String(describing: error).contains("the screen no longer looks as recorded")
        }
        // Another family's recording does not answer.
        await #expect(throws: CassetteError.self) {
            try await replay.replaying(profile: "qwen2.5-vl").complete(Self.request(screen: dark))
        }
    }
}
