#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SplitMix64: a small, fast, seedable generator (the same seed gives the same sequence on every platform).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// The deterministic sequence of objects a workload calls.
enum ObjectPicker {
    /// The object index of each request, from `seed`.
    static func sequence(
        requests: Int, objects: Int, distribution: ObjectDistribution, exponent: Double, seed: UInt64
    ) -> [Int32] {
        var rng = SplitMix64(seed: seed)
        switch distribution {
        case .single:
            return [Int32](repeating: 0, count: requests)
        case .uniform:
            return (0..<requests).map { _ in Int32(truncatingIfNeeded: Int(rng.next() % UInt64(objects))) }
        case .zipf:
            var cdf = [Double](repeating: 0, count: objects)
            var sum = 0.0
            for k in 0..<objects {
                sum += 1 / pow(Double(k + 1), exponent)
                cdf[k] = sum
            }
            return (0..<requests).map { _ in
                let u = rng.unit() * sum
                var lo = 0
                var hi = objects - 1
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
                }
                return Int32(lo)
            }
        }
    }
}
