/// Answers kept for a while (the query's bucket size), by request.
package struct ResponseCache: Sendable {
    private var entries: [String: (data: [UInt8], expires: Double)] = [:]

    package init() {}

    package func get(_ key: String, now: Double) -> [UInt8]? {
        guard let entry = entries[key], entry.expires > now else { return nil }
        return entry.data
    }

    package mutating func put(_ key: String, _ data: [UInt8], now: Double, ttl: Double) {
        guard ttl > 0 else { return }
        entries = entries.filter { $0.value.expires > now }
        entries[key] = (data, now + ttl)
    }
}
