import DurableObjects

/// One bar of a workload's latency histogram: the requests that took at most `upToMs` milliseconds (and more than
/// the previous bucket's bound).
///
/// Bounds follow the 1-2-5 series (…, 0.1, 0.2, 0.5, 1, 2, 5, 10, … ms), so bars read the same in every run; only
/// the range from the fastest to the slowest request is reported, empty buckets inside it included.
package struct LatencyBucket: Sendable, Hashable, Encodable {
    package var upToMs: Double
    package var count: Int

    /// The bounds in milliseconds, from 1 µs to 1,000 s.
    static let bounds: [Double] = [
        0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500,
        1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
    ]

    /// The histogram of latencies in nanoseconds, already sorted in ascending order.
    static func buckets(sorted nanoseconds: [UInt64]) -> [LatencyBucket] {
        guard !nanoseconds.isEmpty else { return [] }
        var counts = [Int](repeating: 0, count: bounds.count)
        var bucket = 0
        for value in nanoseconds {
            let ms = Double(value) / 1e6
            while bucket < bounds.count - 1 && ms > bounds[bucket] { bucket += 1 }
            counts[bucket] += 1
        }
        guard let first = counts.firstIndex(where: { $0 > 0 }), let last = counts.lastIndex(where: { $0 > 0 }) else { return [] }
        return (first...last).map { LatencyBucket(upToMs: bounds[$0], count: counts[$0]) }
    }
}
