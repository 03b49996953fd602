import DesktopKit
import Imaging
import Testing
import VisionModel

@Suite("Parser fuzzing")
struct ParserFuzzTests {
    /// Replies a model really writes; the fuzzer truncates and mutates them.
    static let validReplies = [
        "Action: Click the \"Reload cache\" button.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [512, 337]}}\n</tool_call>",
        "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"type\", \"text\": \"héllo wörld \\\"quoted\\\" \\u00e9\\n\"}}\n</tool_call>",
        "Thought: scroll down.\n```json\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"scroll\", \"pixels\": -5, \"coordinate\": [500, 500]}}\n```",
        "{\"action\": \"key\", \"keys\": [\"ctrl\", \"s\"]}",
        "<tool_call>{'name': 'computer_use', 'arguments': {'action': 'terminate', 'status': 'success',},}</tool_call>",
        "<tool_call>\n<function=computer_use>\n<parameter=action>\nwait\n</parameter>\n<parameter=time>\n2\n</parameter>\n</function>\n</tool_call>",
        "<tool_call>{\"name\": \"computer_use\", \"arguments\": \"{\\\"action\\\": \\\"left_click_drag\\\", \\\"coordinate\\\": \\\"(10, 20)\\\"}\"}</tool_call>\n<tool_call>{\"name\": \"computer_use\", \"arguments\": {\"action\": \"answer\", \"text\": \"42\"}}",
    ]

    /// Characters that matter to the parser, used for insertions and replacements.
    static let alphabet = Array("{}[]()\"'\\,:.-+0123456789eE \n\t<>/_=`aTFNnulltrue😀é\u{0}")

    enum Outcome { case calls, parseError }

    /// Runs one reply through everything after the model: parse, decode the action, map it.
    static func run(_ content: String, toolCalls: [ToolCall] = []) -> Outcome {
        let profile = Profiles.qwen3VL
        let screen = Size(width: 1366, height: 768)
        let sent = Size(width: 1376, height: 768)
        do {
            let reply = try profile.read(AssistantMessage(content: content, toolCalls: toolCalls))
            #expect(!reply.calls.isEmpty)
            _ = reply.summary
            for call in reply.calls {
                #expect(call.arguments.objectValue != nil, "arguments must be an object: \(call)")
                do {
                    if case .act(let action) = try profile.computerUseCall(arguments: call.arguments, imageSize: sent) {
                        for point in profile.screenAction(action, imageSize: sent, screen: screen).targets {
                            #expect((0..<screen.width).contains(point.x) && (0..<screen.height).contains(point.y))
                        }
                    }
                } catch {
                    #expect(!error.description.isEmpty)  // a typed ComputerUseError with a message
                }
            }
            return .calls
        } catch {
            #expect(!error.description.isEmpty)  // a typed ToolCallParseError with a message
            return .parseError
        }
    }

    @Test("2,000 random, truncated and mutated replies never crash and always give calls or a typed error")
    func fuzz() {
        var random = SeededRandom(seed: 20_260_301)
        var outcomes: [Outcome: Int] = [:]
        for round in 0..<2000 {
            let content: String
            var toolCalls: [ToolCall] = []
            switch round % 5 {
            case 0:  // random bytes, decoded leniently as a server would
                let bytes = (0..<random.next(400)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                content = String(decoding: bytes, as: UTF8.self)
            case 1:  // random text from the parser's own alphabet, sometimes inside tags
                let body = String((0..<random.next(200)).map { _ in Self.alphabet[random.next(Self.alphabet.count)] })
                content = random.next(2) == 0 ? body : "<tool_call>" + body + (random.next(2) == 0 ? "</tool_call>" : "")
            case 2:  // a valid reply cut short
                let reply = Array(Self.validReplies[random.next(Self.validReplies.count)])
                content = String(reply.prefix(random.next(reply.count + 1)))
            case 3:  // a valid reply with one character replaced, inserted or deleted
                var reply = Array(Self.validReplies[random.next(Self.validReplies.count)])
                let position = random.next(reply.count)
                switch random.next(3) {
                case 0: reply[position] = Self.alphabet[random.next(Self.alphabet.count)]
                case 1: reply.insert(Self.alphabet[random.next(Self.alphabet.count)], at: position)
                default: reply.remove(at: position)
                }
                content = String(reply)
            default:  // server-parsed calls whose argument text is mutated
                var arguments = Array(#"{"action": "left_click", "coordinate": [512, 337]}"#)
                let position = random.next(arguments.count)
                if random.next(2) == 0 { arguments[position] = Self.alphabet[random.next(Self.alphabet.count)] } else { arguments.remove(at: position) }
                toolCalls = [ToolCall(id: "call-\(round)", function: .init(name: "computer_use", arguments: .string(String(arguments))))]
                content = random.next(2) == 0 ? "" : "Action: click"
            }
            outcomes[Self.run(content, toolCalls: toolCalls), default: 0] += 1
        }
        #expect(outcomes.values.reduce(0, +) == 2000)
        // The fuzzer reaches both outcomes often: mutations mostly keep a call, random bytes mostly do not.
        #expect(outcomes[.calls, default: 0] > 300 && outcomes[.parseError, default: 0] > 300, "\(outcomes)")
    }

    @Test("Every valid reply parses and decodes")
    func validRepliesParse() throws {
        for reply in Self.validReplies {
            let parsed = try Profiles.qwen3VL.read(AssistantMessage(content: reply))
            _ = try Profiles.qwen3VL.computerUseCall(arguments: parsed.calls[0].arguments, imageSize: Size(width: 1504, height: 832))
        }
    }
}
