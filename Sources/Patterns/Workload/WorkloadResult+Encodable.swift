extension WorkloadResult: Encodable {
    private enum CodingKeys: String, CodingKey {
        case namespace, method, requests, completed, errors, durationMs, throughput, latencyMs, latencyHistogram
        case objectsTouched, checks, concurrency, objects, distribution, seed, stoppedEarly, errorSamples, statuses
    }

    /// The result as `runWorkload` returns it and `do-architect workload --json` prints it: the keys of
    /// `Schemas/runWorkload.output.json`, times and the throughput rounded to 3 decimals, `stoppedEarly` only when
    /// the run stopped early, `errorSamples` only when a request failed, `statuses` only for request workloads.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(namespace, forKey: .namespace)
        try container.encode(method, forKey: .method)
        try container.encode(requests, forKey: .requests)
        try container.encode(completed, forKey: .completed)
        try container.encode(errors, forKey: .errors)
        try container.encode(Self.rounded(durationMs), forKey: .durationMs)
        try container.encode(Self.rounded(throughput), forKey: .throughput)
        try container.encode(latencyMs, forKey: .latencyMs)
        try container.encode(latencyMs.histogram, forKey: .latencyHistogram)
        try container.encode(objectsTouched, forKey: .objectsTouched)
        try container.encode(checks, forKey: .checks)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(objects, forKey: .objects)
        try container.encode(distribution, forKey: .distribution)
        try container.encode(seed, forKey: .seed)
        try container.encodeIfPresent(stoppedEarly, forKey: .stoppedEarly)
        if !errorSamples.isEmpty { try container.encode(errorSamples, forKey: .errorSamples) }
        try container.encodeIfPresent(statuses, forKey: .statuses)
    }

    /// `value` rounded to 3 decimals (a microsecond, for milliseconds).
    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

extension WorkloadResult.Latency: Encodable {
    private enum CodingKeys: String, CodingKey { case p50, p95, p99, max }

    /// The four percentiles, rounded to the microsecond (the histogram is `latencyHistogram`, beside it).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(WorkloadResult.rounded(p50), forKey: .p50)
        try container.encode(WorkloadResult.rounded(p95), forKey: .p95)
        try container.encode(WorkloadResult.rounded(p99), forKey: .p99)
        try container.encode(WorkloadResult.rounded(max), forKey: .max)
    }
}
