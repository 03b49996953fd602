@testable import AgentCore
import Foundation
import Testing
import VisionModel

@Suite("RequestEncoder")
struct RequestEncoderTests {
    @Test("splicing the images in gives the same request as JSONEncoder, with the data URLs intact")
    func sameAsJSONEncoder() throws {
        let png = Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).base64EncodedString()
        let request = ChatRequest(model: "m", messages: [
            .system("You are \"helpful\".\n<tools>…</tools>"),
            .user([.text("first ✓"), .imageURL("data:image/png;base64,\(png)")]),
            .assistant("<tool_call>{\"name\": \"computer_use\"}</tool_call>"),
            .user([.imageURL("data:image/png;base64,\(String(png.reversed()))"), .text("second")]),
            .user([.imageURL("https://example.org/a b.png")]),
        ])
        let fast = try RequestEncoder.encode(request)
        #expect(try JSONDecoder().decode(ChatRequest.self, from: fast) == request)
        let text = String(decoding: fast, as: UTF8.self)
        #expect(text.contains("data:image/png;base64,\(png)"))
        #expect(!text.contains("deskpilot-image"))
    }
}
