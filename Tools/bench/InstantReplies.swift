import Deskpilot
import DeskpilotTesting
import Foundation

/// What an instant stand-in answers in each family's wire format: "click the form's Submit button", at once.
///
/// The pointing families get the button's centre in their coordinates; the families that name elements
/// (set-of-marks, the planner) read its number from the element list in the request, as the real models do,
/// so the benchmark fails loudly if the list stops carrying it.
struct InstantReplies {
    /// The screen's size and the button's centre on it, in screen pixels.
    let screen: Size
    let submit: Point

    /// The reply to `request` for the family `family` (`grounder`: the planner's vision model).
    func reply(family: String, to request: ScriptedHTTPServer.Request) -> ScriptedHTTPServer.Reply {
        switch family {
        case "qwen3-vl", "grounder":
            let (x, y) = relative
            return Self.message(#"{"role":"assistant","content":"Clicking Submit.\n<tool_call>\n{\"name\": \"computer_use\", \"arguments\": {\"action\": \"left_click\", \"coordinate\": [\#(x), \#(y)]}}\n</tool_call>"}"#)
        case "qwen3.5":
            let (x, y) = relative
            return Self.message(#"{"role":"assistant","reasoning":"The button is at the bottom.","content":"<tool_call>\n<function=computer_use>\n<parameter=action>\nleft_click\n</parameter>\n<parameter=coordinate>\n[\#(x), \#(y)]\n</parameter>\n</function>\n</tool_call>"}"#)
        case "openai-tools":
            let sent = (try? OpenAIImageTiles(detail: "high").imageSize(forScreen: screen)) ?? screen
            let x = submit.x * sent.width / screen.width, y = submit.y * sent.height / screen.height
            return Self.message(#"{"role":"assistant","content":null,"tool_calls":[{"id":"call_\#(request.number)","type":"function","function":{"name":"computer_use","arguments":"{\"action\":\"left_click\",\"coordinate\":[\#(x),\#(y)]}"}}]}"#,
                                finish: "tool_calls")
        case "openai-som":
            guard let mark = Self.element("Submit", in: request.body) else { return Self.missing }
            return Self.message(#"{"role":"assistant","content":"```json\n{\"action\": \"click\", \"mark\": \#(mark)}\n```"}"#)
        case "planner":
            guard let element = Self.element("Submit", in: request.body) else { return Self.missing }
            return Self.message(#"{"role":"assistant","content":"The button is listed.\n</think>\n\n<tool_call>\n{\"name\": \"desktop\", \"arguments\": {\"action\": \"click\", \"element\": \#(element)}}\n</tool_call>"}"#)
        default:
            return .respond(status: 400, body: "no instant reply for \(family)")
        }
    }

    /// The button's centre in 0–1000.
    private var relative: (Int, Int) { (submit.x * 1000 / screen.width, submit.y * 1000 / screen.height) }

    /// A chat completion with `message` and no `usage` (the client estimates the tokens).
    private static func message(_ message: String, finish: String = "stop") -> ScriptedHTTPServer.Reply {
        .json(#"{"id":"instant","object":"chat.completion","choices":[{"index":0,"message":\#(message),"finish_reason":"\#(finish)"}]}"#)
    }

    /// The request did not list the button: an error the run reports, so the figure is never of a broken run.
    private static let missing = ScriptedHTTPServer.Reply.respond(status: 400, body: "the element list in the request has no \"Submit\"")

    /// The number of the first listed element whose text is `text`, in a JSON request body
    /// (`[12] text \"Submit\" at (…)`).
    static func element(_ text: String, in body: Data) -> Int? {
        let string = String(decoding: body, as: UTF8.self)
        guard let found = string.range(of: #"\[([0-9]+)\] [a-z]+ \\"\#(text)\\""#, options: .regularExpression) else { return nil }
        let digits = string[found].dropFirst().prefix { $0.isNumber }
        return Int(digits)
    }
}
