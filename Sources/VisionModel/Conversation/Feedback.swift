/// What the model is told after a step, in the next request: a correction of an unusable reply, a tool's
/// result, or a note (an action declined, a screen that did not change).
public enum Feedback: Sendable, Hashable {
    /// The `reply` could not be used; `message` says why and what to send instead.
    case correction(reply: String, message: String)
    /// The tool `name` answered `text` and, when it has one, `image`.
    case toolResult(name: String, text: String?, image: EncodedImage?)
    /// A note from the agent, as the user's words.
    case note(String)

    /// The messages that say it, after the step's screenshot.
    var messages: [ChatMessage] {
        switch self {
        case .correction(let reply, let message):
            [.assistant(reply), .user(message)]
        case .toolResult(let name, let text, let image):
            [.user([.text("Result of \(name): \(text ?? (image == nil ? "(no output)" : "(an image)"))")] + (image.map { [.image($0)] } ?? []))]
        case .note(let text):
            [.user(text)]
        }
    }
}
