import DurableObjects
import JSONModel

/// How `runWorkload` picks the object of each request.
package enum ObjectDistribution: String, Sendable, CaseIterable, Codable {
    /// Every object equally likely.
    case uniform
    /// Object k (from 0) with probability ∝ 1/(k+1)^s: a few hot objects, a long tail.
    case zipf
    /// Always the first object (a hot spot).
    case single
}

/// Hard limits of a workload run, enforced with clear errors. `Schemas/runWorkload.input.json` says the same
/// (`SchemaLimitsTests` compares every bound).
package enum WorkloadCaps {
    /// Requests per run.
    package static let requests = 1...1_000_000
    /// Requests in flight at once.
    package static let concurrency = 1...1_024
    /// Distinct object names.
    package static let objects = 1...100_000
    /// Length of a run, in seconds; a run reaching the maximum stops sending (also the default `durationSeconds`).
    package static let durationSeconds = 0.1...300.0
    /// Requests started per second (0: as fast as possible).
    package static let ratePerSecond = 0.0...1_000_000.0
    /// Exponent of the zipf distribution.
    package static let zipfExponent = 0.1...5.0
}

/// The parameters of `runWorkload`; see `docs/patterns.md`.
package struct WorkloadOptions: Sendable {
    /// The binding (`COUNTER`).
    package var namespace: String
    /// Requests to send (`WorkloadCaps.requests`).
    package var requests: Int
    /// Requests in flight at once (`WorkloadCaps.concurrency`). Default 16.
    package var concurrency = 16
    /// Distinct object names `workload-0` … (`WorkloadCaps.objects`). Default 100.
    package var objects = 100
    /// Object choice. Default uniform.
    package var distribution = ObjectDistribution.uniform
    /// Exponent of the zipf distribution (`WorkloadCaps.zipfExponent`). Default 1.1.
    package var zipfExponent = 1.1
    /// The method; default: the class's workload method.
    package var method: String?
    /// Arguments; default: the class's workload arguments for its default method, else `{}`.
    package var args: JSON?
    /// Requests started per second (0 = as fast as possible). Default 0.
    package var ratePerSecond = 0.0
    /// Stop sending after this many seconds (`WorkloadCaps.durationSeconds`). Default: its maximum.
    package var durationSeconds: Double?
    /// Seed of the object choice; the same seed picks the same objects. Default: random (reported).
    package var seed: UInt64?
    /// Prefix of the object names. Default `workload-`.
    package var objectPrefix = "workload-"
    /// An RPC call on a class of the loaded Worker (instead of `method`/`args`), its strings templates.
    package var call: WorkloadCall?
    /// A request to the loaded Worker's default `fetch` handler (instead of a namespace), its strings templates.
    package var request: WorkloadRequest?

    /// Options with defaults.
    package init(namespace: String, requests: Int) {
        self.namespace = namespace
        self.requests = requests
    }

    /// Checks every field against the caps.
    /// - Throws: `PatternError.invalidWorkload` naming the field, its value and the allowed range.
    package func validate() throws {
        func check(_ ok: Bool, _ field: String, _ value: String, _ range: String) throws {
            if !ok { throw PatternError(.invalidWorkload, "\(field) is \(value); it must be \(range).") }
        }
        func range<Bound>(_ range: ClosedRange<Bound>) -> String { "between \(range.lowerBound) and \(range.upperBound)" }
        if namespace.isEmpty, request == nil {
            throw PatternError(.invalidWorkload, "namespace is required (a binding such as COUNTER, or one of your Worker's), unless request drives the Worker's fetch handler.")
        }
        try check(WorkloadCaps.requests.contains(requests), "requests", "\(requests)", range(WorkloadCaps.requests))
        try check(WorkloadCaps.concurrency.contains(concurrency), "concurrency", "\(concurrency)", range(WorkloadCaps.concurrency))
        try check(WorkloadCaps.objects.contains(objects), "objects", "\(objects)", range(WorkloadCaps.objects))
        try check(WorkloadCaps.zipfExponent.contains(zipfExponent), "zipfExponent", "\(zipfExponent)", range(WorkloadCaps.zipfExponent))
        try check(
            WorkloadCaps.ratePerSecond.contains(ratePerSecond), "ratePerSecond", "\(ratePerSecond)",
            "between 0 (as fast as possible) and \(Int(WorkloadCaps.ratePerSecond.upperBound))")
        if let d = durationSeconds {
            try check(WorkloadCaps.durationSeconds.contains(d), "durationSeconds", "\(d)", range(WorkloadCaps.durationSeconds))
        }
        try check(!objectPrefix.isEmpty && objectPrefix.count <= 200, "objectPrefix", "\"\(objectPrefix)\"", "1 to 200 characters")
        if call != nil, request != nil {
            throw PatternError(.invalidWorkload, "Give call (an RPC method of one of your Worker's namespaces) or request (the Worker's fetch handler), not both.")
        }
        if call != nil || request != nil, method != nil || args != nil {
            throw PatternError(.invalidWorkload, "method and args are for built-in classes; with \(call != nil ? "call, put them in call: {method, args}" : "request, the request is the whole call").")
        }
        if request != nil, !namespace.isEmpty {
            throw PatternError(.invalidWorkload, "request drives the Worker's fetch handler, which reaches whatever namespaces its code uses: leave namespace out.")
        }
    }

    /// The run's time cap in seconds.
    package var effectiveDuration: Double { durationSeconds ?? WorkloadCaps.durationSeconds.upperBound }
}
