/// A compact log-linear histogram of nanosecond durations (8 sub-buckets per power of two, ≈ 9 % precision).
///
/// Per-second histograms are merged by adding buckets, so percentiles over any window come from the store.
public struct LogHistogram: Sendable, Hashable {
    private var counts: [UInt32] = []
    /// Number of recorded values.
    public private(set) var count = 0

    /// Non-empty buckets: index → count.
    public var buckets: [Int: Int] {
        var out: [Int: Int] = [:]
        for (i, c) in counts.enumerated() where c > 0 { out[i] = Int(c) }
        return out
    }

    public static func == (a: LogHistogram, b: LogHistogram) -> Bool { a.buckets == b.buckets }
    public func hash(into hasher: inout Hasher) { hasher.combine(buckets) }

    @inline(__always)
    private mutating func add(_ index: Int, _ n: Int) {
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: max(index + 1, 64) - counts.count)) }
        counts[index] &+= UInt32(truncatingIfNeeded: n)
        count += n
    }

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
        add(Self.index(nanos), 1)
    }

    /// Adds another histogram.
    public mutating func merge(_ other: LogHistogram) {
        for (i, c) in other.counts.enumerated() where c > 0 { add(i, Int(c)) }
    }

    /// The value at quantile `q` (0…1) in nanoseconds (bucket midpoint), 0 when empty.
    public func quantile(_ q: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = max(1, Int((q * Double(count)).rounded(.up)))
        var seen = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += Int(c)
            if seen >= rank {
                let lo = Self.lowerBound(i)
                let hi = Self.lowerBound(i + 1)
                return lo + (hi - lo) / 2
            }
        }
        return Self.lowerBound(counts.count)
    }

    /// Text form `index:count,…` for the store.
    public var encoded: String {
        counts.enumerated().filter { $0.element > 0 }.map { "\($0.offset):\($0.element)" }.joined(separator: ",")
    }

    /// Parses the text form.
    public init(encoded: String) {
        for part in encoded.split(separator: ",") {
            let kv = part.split(separator: ":")
            if kv.count == 2, let i = Int(kv[0]), let c = Int(kv[1]), i >= 0, i < 1024 { add(i, c) }
        }
    }
}
