/// How the Cloudflare client talks HTTP. Defaults suit the real API; tests shorten the times.
package struct HTTPSettings: Sendable {
    /// Seconds one attempt may take before it is abandoned (default 20).
    package var requestTimeout: Double = 20
    /// Attempts per request, the first included (default 4).
    package var maxAttempts = 4
    /// First backoff in seconds, doubled per retry with up to 25 % jitter (default 0.5).
    package var baseDelay: Double = 0.5
    /// Longest backoff in seconds (default 8).
    package var maxDelay: Double = 8
    /// Longest `Retry-After` honoured, in seconds; a longer one fails with `rateLimited` (default 60).
    package var maxRetryAfter: Double = 60
    /// Requests allowed per `rateWindow` seconds. Cloudflare allows 300 GraphQL queries per 5 minutes per user;
    /// we stay at that for every request (default 300).
    package var rateLimit = 300
    package var rateWindow: Double = 300

    package init() {}
}
