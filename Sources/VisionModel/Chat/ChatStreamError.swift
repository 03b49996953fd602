/// A streaming reply that cannot be read. Each ``description`` is one line: what happened and what to do.
public enum ChatStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An event's data is neither a chunk, `[DONE]`, nor an error; `data` is its start.
    case invalidChunk(data: String, reason: String)
    /// The server reported an error in the middle of the stream.
    case serverError(message: String)

    /// One readable line.
    public var description: String {
        switch self {
        case .invalidChunk(let data, let reason):
            "The server sent a stream event that is not a chat completion chunk (\(reason)): \(data)"
                + " — check that the endpoint is OpenAI-compatible (/v1/chat/completions)."
        case .serverError(let message):
            "The server stopped the streaming reply with an error: \(message)"
                + " — check the server's log; a retry with other sampling may help."
        }
    }
}
