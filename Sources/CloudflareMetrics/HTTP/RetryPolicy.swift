import Foundation

/// When to retry a failed attempt and how long to wait first: 429 and 5xx answers and transport failures
/// (timeouts, refused connections) are retried with exponential backoff, honouring `Retry-After`.
package struct RetryPolicy: Sendable {
    package var settings: HTTPSettings

    package init(settings: HTTPSettings) {
        self.settings = settings
    }

    /// What to do after attempt `attempt` (1-based) ended with `status` (nil: no answer).
    package enum Decision: Sendable, Equatable {
        case retry(after: Double)
        case giveUp
        /// The server asked for a longer pause than `maxRetryAfter`.
        case tooLong(retryAfter: Double)
    }

    package func decide(attempt: Int, status: Int?, retryAfter: String?, now: Date, jitter: Double) -> Decision {
        if let status, status != 429, !(500...599).contains(status) { return .giveUp }
        guard attempt < settings.maxAttempts else { return .giveUp }
        if let header = retryAfter, let wait = Self.seconds(retryAfter: header, now: now) {
            return wait > settings.maxRetryAfter ? .tooLong(retryAfter: wait) : .retry(after: wait)
        }
        let backoff = min(settings.maxDelay, settings.baseDelay * pow(2, Double(attempt - 1)))
        return .retry(after: backoff * (1 + 0.25 * min(max(jitter, 0), 1)))
    }

    /// `Retry-After` in seconds: a number of seconds, or an HTTP date (then the time until it, at least 0).
    package static func seconds(retryAfter header: String, now: Date) -> Double? {
        let text = header.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
