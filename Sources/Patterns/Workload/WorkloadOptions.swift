import DurableObjects

/// How `runWorkload` picks the object of each request.
package enum ObjectDistribution: String, Sendable, CaseIterable {
    /// Every object equally likely.
    case uniform
    /// Object k (from 0) with probability ∝ 1/(k+1)^s: a few hot objects, a long tail.
    case zipf
    /// Always the first object (a hot spot).
    case single
}

/// Hard limits of a workload run, enforced with clear errors.
package enum WorkloadCaps {
    /// Requests per run.
    package static let maxRequests = 1_000_000
    /// Requests in flight at once.
    package static let maxConcurrency = 1_024
    /// Distinct object names.
    package static let maxObjects = 100_000
    /// Longest run, in seconds; a run reaching it stops sending (also the default `durationSeconds`).
    package static let maxDurationSeconds = 300.0
    /// Highest `ratePerSecond`.
    package static let maxRatePerSecond = 1_000_000.0
    /// Range of `zipfExponent`.
    package static let zipfExponentRange = 0.1...5.0
}

/// The parameters of `runWorkload`; see `docs/patterns.md`.
package struct WorkloadOptions: Sendable {
    /// The binding (`COUNTER`).
    package var namespace: String
    /// Requests to send (1…1,000,000).
    package var requests: Int
    /// Requests in flight at once (1…1,024). Default 16.
    package var concurrency = 16
    /// Distinct object names `workload-0` … (1…100,000). Default 100.
    package var objects = 100
    /// Object choice. Default uniform.
    package var distribution = ObjectDistribution.uniform
    /// Exponent of the zipf distribution (0.1 ≤ s ≤ 5). Default 1.1.
    package var zipfExponent = 1.1
    /// The method; default: the class's workload method.
    package var method: String?
    /// Arguments; default: the class's workload arguments for its default method, else `{}`.
    package var args: JSONValue?
    /// Requests started per second (0 = as fast as possible). Default 0.
    package var ratePerSecond = 0.0
    /// Stop sending after this many seconds (≤ 300). Default 300.
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

    /// Parses the `runWorkload` tool arguments.
    /// - Throws: `PatternError.invalidWorkload` naming the field.
    package init(json: JSONValue) throws {
        func bad(_ field: String, _ what: String) -> PatternError { PatternError(.invalidWorkload, "\(field) \(what).") }
        let namespace = json["namespace"]?.stringValue
        let request = try json["request"].flatMap { $0 == .null ? nil : try WorkloadRequest(json: $0) }
        guard namespace != nil || request != nil else {
            throw bad("namespace", "is required (a binding such as COUNTER, or one of your Worker's), unless request drives the Worker's fetch handler")
        }
        guard let requests = json["requests"]?.intValue else { throw bad("requests", "is required (an integer)") }
        self.init(namespace: namespace ?? "", requests: requests)
        self.request = request
        if let v = json["call"], v != .null { call = try WorkloadCall(json: v) }
        if let v = json["concurrency"], v != .null {
            guard let i = v.intValue else { throw bad("concurrency", "must be an integer") }
            concurrency = i
        }
        if let v = json["objects"], v != .null {
            guard let i = v.intValue else { throw bad("objects", "must be an integer") }
            objects = i
        }
        if let v = json["distribution"], v != .null {
            guard let s = v.stringValue, let d = ObjectDistribution(rawValue: s) else {
                throw bad("distribution", "must be one of \(ObjectDistribution.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            distribution = d
        }
        if let v = json["zipfExponent"], v != .null {
            guard let d = v.doubleValue else { throw bad("zipfExponent", "must be a number") }
            zipfExponent = d
        }
        if let v = json["method"], v != .null {
            guard let s = v.stringValue else { throw bad("method", "must be a string") }
            method = s
        }
        if let v = json["args"], v != .null { args = v }
        if let v = json["ratePerSecond"], v != .null {
            guard let d = v.doubleValue else { throw bad("ratePerSecond", "must be a number") }
            ratePerSecond = d
        }
        if let v = json["durationSeconds"], v != .null {
            guard let d = v.doubleValue else { throw bad("durationSeconds", "must be a number") }
            durationSeconds = d
        }
        if let v = json["seed"], v != .null {
            guard let d = v.doubleValue, d >= 0, d.rounded() == d, d < 1.8e19 else { throw bad("seed", "must be a non-negative integer") }
            seed = UInt64(d)
        }
    }

    /// Checks every field against the caps.
    /// - Throws: `PatternError.invalidWorkload` naming the field, its value and the allowed range.
    package func validate() throws {
        func check(_ ok: Bool, _ field: String, _ value: String, _ range: String) throws {
            if !ok { throw PatternError(.invalidWorkload, "\(field) is \(value); it must be \(range).") }
        }
        try check((1...WorkloadCaps.maxRequests).contains(requests), "requests", "\(requests)", "between 1 and \(WorkloadCaps.maxRequests)")
        try check((1...WorkloadCaps.maxConcurrency).contains(concurrency), "concurrency", "\(concurrency)", "between 1 and \(WorkloadCaps.maxConcurrency)")
        try check((1...WorkloadCaps.maxObjects).contains(objects), "objects", "\(objects)", "between 1 and \(WorkloadCaps.maxObjects)")
        try check(
            WorkloadCaps.zipfExponentRange.contains(zipfExponent), "zipfExponent", "\(zipfExponent)",
            "between \(WorkloadCaps.zipfExponentRange.lowerBound) and \(WorkloadCaps.zipfExponentRange.upperBound)")
        try check(ratePerSecond >= 0 && ratePerSecond <= WorkloadCaps.maxRatePerSecond, "ratePerSecond", "\(ratePerSecond)", "between 0 (as fast as possible) and \(Int(WorkloadCaps.maxRatePerSecond))")
        if let d = durationSeconds {
            try check(d > 0 && d <= WorkloadCaps.maxDurationSeconds, "durationSeconds", "\(d)", "greater than 0 and at most \(Int(WorkloadCaps.maxDurationSeconds))")
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
    package var effectiveDuration: Double { durationSeconds ?? WorkloadCaps.maxDurationSeconds }
}
