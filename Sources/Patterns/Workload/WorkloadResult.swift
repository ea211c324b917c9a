import DurableObjects

/// What `runWorkload` reports.
package struct WorkloadResult: Sendable {
    /// Latency percentiles in milliseconds.
    package struct Latency: Sendable, Hashable {
        package var p50 = 0.0
        package var p95 = 0.0
        package var p99 = 0.0
        package var max = 0.0
        /// Requests counted by latency: bucket `i` holds those above bucket `i - 1`'s bound and at most its own.
        package var histogram: [LatencyBucket] = []

        /// Nearest-rank percentiles of latencies in nanoseconds.
        init(nanoseconds: [UInt64]) {
            guard !nanoseconds.isEmpty else { return }
            let sorted = nanoseconds.sorted()
            histogram = LatencyBucket.buckets(sorted: sorted)
            func at(_ q: Double) -> Double {
                let rank = Swift.max(1, Int((q * Double(sorted.count)).rounded(.up)))
                return Double(sorted[Swift.min(sorted.count, rank) - 1]) / 1e6
            }
            p50 = at(0.50)
            p95 = at(0.95)
            p99 = at(0.99)
            self.max = Double(sorted[sorted.count - 1]) / 1e6
        }
    }

    package var namespace: String
    package var method: String
    /// Requests asked for.
    package var requests: Int
    /// Requests that returned a result.
    package var completed: Int
    /// Failed requests by error kind (the runtime's error code, `overloaded` when the object was overloaded,
    /// or the object's error class such as `InsufficientFunds`).
    package var errors: [String: Int]
    package var durationMs: Double
    /// Completed requests per second.
    package var throughput: Double
    package var latencyMs: Latency
    /// Distinct objects that received at least one request.
    package var objectsTouched: Int
    /// The pattern's checks.
    package var checks: [WorkloadCheck]
    /// The parameters actually used (with defaults and the seed filled in).
    package var concurrency: Int
    package var objects: Int
    package var distribution: ObjectDistribution
    package var seed: UInt64
    /// Why sending stopped early: `durationSeconds`, or `nil` when every request was sent.
    package var stoppedBy: String?

    /// The result as `runWorkload` returns it and `workload --json` prints it: the keys of
    /// `Schemas/runWorkload.output.json`, `stoppedEarly` only when the run stopped early.
    package var json: JSONValue {
        func r(_ d: Double) -> JSONValue { .number((d * 1000).rounded() / 1000) }
        let value: JSONValue = [
            "namespace": .string(namespace), "method": .string(method), "requests": .number(Double(requests)),
            "completed": .number(Double(completed)),
            "errors": .object(errors.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }),
            "durationMs": r(durationMs), "throughput": r(throughput),
            "latencyMs": ["p50": r(latencyMs.p50), "p95": r(latencyMs.p95), "p99": r(latencyMs.p99), "max": r(latencyMs.max)],
            "latencyHistogram": .array(latencyMs.histogram.map(\.json)),
            "objectsTouched": .number(Double(objectsTouched)),
            "checks": .array(checks.map { ["name": .string($0.name), "passed": .bool($0.passed), "detail": .string($0.detail)] }),
            "concurrency": .number(Double(concurrency)), "objects": .number(Double(objects)),
            "distribution": .string(distribution.rawValue), "seed": .number(Double(seed)),
        ]
        guard let stoppedBy, case .object(var members) = value else { return value }
        members.append(("stoppedEarly", .string(stoppedBy)))
        return .object(members)
    }

    /// Whether every check passed.
    package var allChecksPassed: Bool { checks.allSatisfy(\.passed) }
}
