/// A sliding-window limit on requests: at most `limit` sends in any `window` seconds.
package struct RateLimiter: Sendable {
    package let limit: Int
    package let window: Double
    private var sent: [Double] = []

    package init(limit: Int, window: Double) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Books a send at or after `now` and returns how many seconds to wait before it (0 when there is room).
    package mutating func reserve(now: Double) -> Double {
        sent.removeAll { $0 <= now - window }
        var at = now
        if sent.count >= limit {
            // The oldest of the last `limit` sends leaves the window at sent[count - limit] + window.
            at = max(now, sent[sent.count - limit] + window)
        }
        sent.append(at)
        return at - now
    }
}
