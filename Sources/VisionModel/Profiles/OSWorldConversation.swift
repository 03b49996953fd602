/// The message layout of OSWorld's Qwen3-VL agent (spec §6): the system prompt; the last `window` steps as
/// real turns — each screenshot as a user message, the model's reply verbatim as the assistant's — with the
/// instruction on the first kept user turn; older steps only as "Previous actions" text; and the current
/// screenshot as the last user message. No `tool` role: the next screenshot is the observation.
enum OSWorldConversation {
    static func messages(systemPrompt: String, step: StepContext, window: Int) -> [ChatMessage] {
        let kept = step.history.suffix(max(0, window))
        let older = step.history.prefix(step.history.count - kept.count)
        let previous =
            older.isEmpty
            ? "None" : older.enumerated().map { "Step \($0.offset + 1): \($0.element.summary)" }.joined(separator: "\n")
        let instruction = """
            Please generate the next move according to the UI screenshot, instruction and previous actions.

            Instruction: \(step.instruction)

            Previous actions:
            \(previous)
            """
        var messages: [ChatMessage] = [.system(systemPrompt)]
        for (position, past) in kept.enumerated() {
            var parts: [ContentPart] = [.imageURL(past.screenshot.dataURL)]
            if position == 0 { parts.append(.text(instruction)) }
            messages.append(.user(parts))
            messages.append(.assistant(past.reply))
        }
        var current: [ContentPart] = [.imageURL(step.screenshot.dataURL)]
        if kept.isEmpty { current.append(.text(instruction)) }
        messages.append(.user(current))
        return messages
    }
}
