import DurableObjects

/// What `runWorkload` reports. Its encoding (`WorkloadResult+Encodable.swift`) is the tool's result and what
/// `do-architect workload --json` prints.
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
    package var stoppedEarly: String?
    /// The first few distinct failures (kind and message), in the result only when a request failed.
    package var errorSamples: [WorkloadErrorSample] = []
    /// Responses by HTTP status (`request` workloads only).
    package var statuses: [Int: Int]?

    /// Whether every check passed.
    package var allChecksPassed: Bool { checks.allSatisfy(\.passed) }
}

/// One failure of a workload, kept as an example of its kind and message.
package struct WorkloadErrorSample: Sendable, Hashable, Encodable {
    /// The kind it is counted under in `errors`.
    package var kind: String
    package var message: String
    /// The JavaScript stack, mapped to the Worker's own files (exceptions from a Worker's code).
    package var stack: String?
    /// The first request that failed this way, and its object's name.
    package var request: Int
    package var object: String
    /// How many requests failed this way (as far as the samples saw: after the cap, new messages are not kept).
    package var count: Int

    /// At most this many distinct samples per run.
    static let cap = 5

    /// Counts `error` in `samples`: a known kind and message adds one, a new one is kept while under the cap.
    static func add(kind: String, error: any Error, request: Int, object: String, to samples: inout [WorkloadErrorSample]) {
        let message: String
        var stack: String?
        switch error {
        case let e as DurableObjectError:
            message = e.errorClass == "Error" || e.message.hasPrefix(e.errorClass) ? e.message : "\(e.errorClass): \(e.message)"
            stack = e.stack.map { $0.split(separator: "\n", omittingEmptySubsequences: true).prefix(6).joined(separator: "\n") }
        case let e as WorkloadHTTPFailure:
            message = "HTTP \(e.status): \(e.body.prefix(300))"
        default:
            message = String(describing: error)
        }
        let clipped = String(message.prefix(500))
        if let i = samples.firstIndex(where: { $0.kind == kind && $0.message == clipped }) {
            samples[i].count += 1
        } else if samples.count < cap {
            samples.append(.init(kind: kind, message: clipped, stack: stack, request: request, object: object, count: 1))
        }
    }

    /// Two workers' samples together (counts added, the earlier request kept, at most `cap`).
    static func merge(_ a: [WorkloadErrorSample], _ b: [WorkloadErrorSample]) -> [WorkloadErrorSample] {
        var merged = a
        for sample in b {
            if let i = merged.firstIndex(where: { $0.kind == sample.kind && $0.message == sample.message }) {
                merged[i].count += sample.count
                if sample.request < merged[i].request {
                    merged[i].request = sample.request
                    merged[i].object = sample.object
                }
            } else if merged.count < cap {
                merged.append(sample)
            }
        }
        return merged.sorted { $0.request < $1.request }
    }
}
