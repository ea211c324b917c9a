/// A compact log-linear histogram of nanosecond durations (8 sub-buckets per power of two, ≈ 9 % precision).
///
/// Per-second histograms are merged by adding buckets, so percentiles over any window come from the store.
public struct LogHistogram: Sendable, Hashable {
    /// Sparse buckets: index → count.
    public private(set) var buckets: [Int: Int] = [:]
    /// Number of recorded values.
    public private(set) var count = 0

    /// An empty histogram.
    public init() {}

    static func index(_ v: UInt64) -> Int {
        if v < 16 { return Int(v) }
        let e = 63 - v.leadingZeroBitCount
        let sub = Int((v >> UInt64(e - 3)) & 7)
        return 16 + (e - 4) * 8 + sub
    }

    static func lowerBound(_ index: Int) -> UInt64 {
        if index < 16 { return UInt64(index) }
        let e = (index - 16) / 8 + 4
        let sub = UInt64((index - 16) % 8)
        return (UInt64(1) << UInt64(e)) | (sub << UInt64(e - 3))
    }

    /// Records one value.
    public mutating func record(_ nanos: UInt64) {
        buckets[Self.index(nanos), default: 0] += 1
        count += 1
    }

    /// Adds another histogram.
    public mutating func merge(_ other: LogHistogram) {
        for (i, c) in other.buckets { buckets[i, default: 0] += c }
        count += other.count
    }

    /// The value at quantile `q` (0…1) in nanoseconds (bucket midpoint), 0 when empty.
    public func quantile(_ q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for i in buckets.keys.sorted() {
            seen += buckets[i]!
            if seen >= rank {
                let lo = Self.lowerBound(i)
                let hi = Self.lowerBound(i + 1)
                return lo + (hi - lo) / 2
            }
        }
        return Self.lowerBound(buckets.keys.max() ?? 0)
    }

    /// Text form `index:count,…` for the store.
    public var encoded: String {
        buckets.keys.sorted().map { "\($0):\(buckets[$0]!)" }.joined(separator: ",")
    }

    /// Parses the text form.
    public init(encoded: String) {
        for part in encoded.split(separator: ",") {
            let kv = part.split(separator: ":")
            if kv.count == 2, let i = Int(kv[0]), let c = Int(kv[1]) {
                buckets[i, default: 0] += c
                count += c
            }
        }
    }
}
