/// Why a request to a model server failed, after any retries. Messages name the server and say what to do; they never
/// contain the API key.
public enum ModelTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The base URL is not a usable http(s) URL.
    case invalidURL(String)
    /// The server could not be reached or closed the connection.
    case connectionFailed(url: String, reason: String, attempts: Int)
    /// No complete answer within the timeout.
    case timedOut(url: String, after: Duration, attempts: Int)
    /// The server answered with an error status.
    case httpStatus(url: String, status: Int, body: String, attempts: Int)
    /// A 2xx answer whose body is not a chat completion with a choice (`start` is its beginning), even when
    /// asked again.
    case unreadableReply(url: String, start: String, attempts: Int)
    /// A streamed answer broke off after some events; it is not retried, since they were already used.
    case streamInterrupted(url: String, events: Int)
    /// The request was cancelled (Ctrl-C, a budget, the caller).
    case cancelled

    public var description: String {
        switch self {
        case .invalidURL(let url):
            "Invalid model base URL '\(url)' — give an http(s) URL such as http://127.0.0.1:8000/v1 (--base-url or DESKPILOT_BASE_URL)."
        case .connectionFailed(let url, let reason, let attempts):
            "Cannot reach the model server at \(url) (\(reason)) after \(attempts) attempt\(attempts == 1 ? "" : "s") — is it running? Check --base-url or DESKPILOT_BASE_URL."
        case .timedOut(let url, let after, let attempts):
            "The model server at \(url) did not answer within \(after) (\(attempts) attempt\(attempts == 1 ? "" : "s")) — it may be overloaded or the model too slow; raise --timeout or use a smaller model."
        case .httpStatus(let url, let status, let body, let attempts):
            "The model server at \(url) answered HTTP \(status) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
                + (body.isEmpty ? "" : ": \(body)")
                + (status == 401 || status == 403 ? " — check the API key (--api-key or DESKPILOT_API_KEY)." : status == 404 ? " — check the base URL (it usually ends in /v1) and the model name." : ".")
        case .unreadableReply(let url, let start, let attempts):
            "The model server at \(url) answered \(attempts) time\(attempts == 1 ? "" : "s") with something that is not an OpenAI chat completion"
                + " (\(start.isEmpty ? "an empty body" : start)) — is --base-url an OpenAI-compatible /v1 endpoint?"
        case .streamInterrupted(let url, let events):
            "The model server at \(url) broke off its streamed answer after \(events) event\(events == 1 ? "" : "s") — the server may have crashed; check its log and retry."
        case .cancelled:
            "The model request was cancelled."
        }
    }

    /// Whether trying again may help.
    var isRetryable: Bool {
        switch self {
        case .connectionFailed, .timedOut, .unreadableReply: true
        case .httpStatus(_, let status, _, _): status == 429 || (500...599).contains(status)
        case .invalidURL, .streamInterrupted, .cancelled: false
        }
    }
}
