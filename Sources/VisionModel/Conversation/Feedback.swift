/// What the model is told after a step, in the next request: a correction of an unusable answer, a tool's
/// result, or a note (an action declined, a screen that did not change).
public enum Feedback: Sendable, Hashable {
    /// The `answer` could not be used; `message` says why and what to send instead.
    case correction(answer: ChatMessage, message: String)
    /// The tool `name` answered `text` and, when it has one, `image`.
    case toolResult(name: String, text: String?, image: EncodedImage?)
    /// A note from the agent, as the user's words.
    case note(String)

    /// A correction of the text `reply`.
    public static func correction(reply: String, message: String) -> Feedback {
        .correction(answer: .assistant(reply), message: message)
    }

    /// The messages that say it, after the step's screenshot. A correction of an answer that made calls
    /// answers each call with the correction (function-calling servers require every call answered); one
    /// without calls is followed by the correction as the user's words.
    var messages: [ChatMessage] {
        switch self {
        case .correction(let answer, let message):
            guard let calls = answer.toolCalls, !calls.isEmpty else { return [answer, .user(message)] }
            return [answer] + calls.map { .tool(message, answering: $0.id ?? "call") }
        case .toolResult(let name, let text, let image):
            return [.user([.text("Result of \(name): \(text ?? (image == nil ? "(no output)" : "(an image)"))")] + (image.map { [.image($0)] } ?? []))]
        case .note(let text):
            return [.user(text)]
        }
    }
}
