import Imaging
import DesktopKit
import Testing
import VisionModel

@Suite("Qwen2.5-VL profile: absolute pixels of the resized image")
struct Qwen25VLProfileTests {
    let profile = Profiles.qwen25VL
    let screen = Size(width: 1920, height: 1080)

    @Test("Pixels of the 1932×1092 image map back onto the 1920×1080 screen")
    func mapping() throws {
        let sent = try profile.image.imageSize(forScreen: screen)
        #expect(sent == Size(width: 1932, height: 1092))
        func map(_ x: Double, _ y: Double) -> Point {
            profile.coordinates.screenPoint(ModelPoint(x: x, y: y), imageSize: sent, screen: screen)
        }
        #expect(map(989, 397) == Point(x: 983, y: 393))  // 989·1920/1932 = 982.9, 397·1080/1092 = 392.6
        #expect(map(0, 0) == Point(x: 0, y: 0))
        #expect(map(966, 546) == Point(x: 960, y: 540))  // the centre
        #expect(map(1932, 1092) == Point(x: 1919, y: 1079))
        #expect(map(2500, -4) == Point(x: 1919, y: 0))
        // The same numbers read as Qwen3-VL's 0–1000 land elsewhere: the conventions differ.
        let qwen3 = Profiles.qwen3VL.coordinates.screenPoint(ModelPoint(x: 989, y: 397), imageSize: sent, screen: screen)
        #expect(qwen3 == Point(x: 1899, y: 429))
    }

    @Test("The prompt states the sent image's resolution; coordinates are checked against it")
    func promptAndValidation() throws {
        let sent = try profile.image.imageSize(forScreen: screen)
        let prompt = profile.systemPrompt(tools: [profile.computerUseTool(imageSize: sent)])
        #expect(prompt.contains("* The screen's resolution is 1932x1092.\\n"))
        #expect(!prompt.contains("1000x1000"))
        let inside: JSONValue = ["action": "left_click", "coordinate": [1900, 1000]]
        #expect(try profile.computerUseCall(arguments: inside, imageSize: sent) == .act(.click(ModelPoint(x: 1900, y: 1000), button: .left, count: 1)))
        // Qwen3-VL refuses the same call: 1900 is far outside 0–1000.
        #expect(throws: ComputerUseError.self) { try Profiles.qwen3VL.computerUseCall(arguments: inside, imageSize: sent) }
        #expect(throws: ComputerUseError.coordinateOutOfRange(action: "left_click", point: ModelPoint(x: 2100, y: 10), space: sent)) {
            try profile.computerUseCall(arguments: ["action": "left_click", "coordinate": [2100, 10]], imageSize: sent)
        }
    }

    @Test("The registry knows every profile by name and picks them from model names")
    func registry() throws {
        #expect(ModelProfiles.names == ["qwen3-vl", "qwen2.5-vl", "qwen3.5", "openai-tools"])
        #expect(try ModelProfiles.named("QWEN2.5-VL").name == "qwen2.5-vl")
        #expect(ModelProfiles.forModel("Qwen/Qwen2.5-VL-7B-Instruct").name == "qwen2.5-vl")
        #expect(ModelProfiles.forModel("Qwen/Qwen3-VL-8B-Instruct").name == "qwen3-vl")
        #expect(ModelProfiles.forModel("Qwen/Qwen3.5-4B").name == "qwen3.5")
        #expect(ModelProfiles.forModel("gpt-4o-2024-08-06").name == "openai-tools")
        #expect(ModelProfiles.forModel("whatever").name == "qwen3-vl")
        #expect(throws: ModelProfileError.unknown("gpt-9", known: ModelProfiles.names)) { try ModelProfiles.named("gpt-9") }
    }
}
