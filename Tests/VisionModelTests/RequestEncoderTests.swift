import Foundation
import Imaging
import Testing
@testable import VisionModel

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
            .user([.image(EncodedImage(png: Array("an encoded image".utf8), size: Size(width: 4, height: 2), perceptualHash: 7))]),
        ])
        let fast = try RequestEncoder.encode(request)
        // Read back, an encoded image is its data URL.
        var expected = request
        expected.messages[5] = .user([.imageURL("data:image/png;base64,YW4gZW5jb2RlZCBpbWFnZQ==")])
        #expect(try JSONDecoder().decode(ChatRequest.self, from: fast) == expected)
        let text = String(decoding: fast, as: UTF8.self)
        #expect(text.contains("data:image/png;base64,\(png)"))
        #expect(!text.contains("deskpilot-image"))
    }
}
