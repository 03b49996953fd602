/// How often and how patiently a failed model request is tried again: on connection errors, timeouts, 429
/// (after `Retry-After` when the server sends it) and 5xx, with exponential backoff and jitter.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The delay before the second attempt; it doubles per attempt.
    public var baseDelay: Duration
    /// No delay is longer than this, whatever the backoff or `Retry-After` says.
    public var maxDelay: Duration

    /// A policy; the default tries four times, waiting about 0.5 s, 1 s and 2 s in between.
    public init(maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// No retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before attempt `attempt + 1` (attempt counts from 1): `Retry-After` when given, otherwise
    /// `baseDelay × 2^(attempt-1)` plus up to 50 % random jitter, capped by `maxDelay`.
    public func delay(after attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxDelay) }
        let backoff = baseDelay * (1 << min(attempt - 1, 20))
        let jitter = backoff * Double.random(in: 0...0.5)
        return min(backoff + jitter, maxDelay)
    }
}
