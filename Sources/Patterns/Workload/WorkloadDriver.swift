import DurableObjects
import JSONModel

/// Progress of a run: `(completed, total)`, reported at most about 10 times a second and once at the end.
package typealias WorkloadProgress = @Sendable (_ completed: Int, _ total: Int) -> Void

extension PatternRuntime {
    /// Sends `options.requests` calls to objects of a namespace, `options.concurrency` at a time, and reports
    /// throughput, latency, errors and the pattern's checks: `runWorkload`.
    ///
    /// Object choice is deterministic for a given `seed`. Before the first request the class's plan may read
    /// baselines (so checks hold on objects that already have state); after the last one it verifies.
    /// Cancellation: cancelling the calling task stops sending at once (requests in flight finish, as a
    /// caller cannot take back a request an object has received) and the call throws `CancellationError`
    /// without running the checks.
    /// - Throws: `PatternError` for an unknown namespace or method, invalid arguments, or a parameter outside
    ///   the caps; `CancellationError`.
    package func runWorkload(
        _ options: WorkloadOptions, worker: (any WorkloadWorker)? = nil, progress: WorkloadProgress? = nil
    ) async throws -> WorkloadResult {
        try options.validate()
        if options.call != nil || options.request != nil || worker?.rpcMethods(of: options.namespace) != nil {
            return try await runUserWorkload(options, worker: worker, progress: progress)
        }
        let pattern = try pattern(options.namespace)
        let method = options.method ?? pattern.defaultWorkloadMethod
        let spec = try pattern.method(method)
        guard spec.transport == .rpc else {
            throw PatternError(
                .invalidWorkload,
                "\(method) acts on a caller's WebSocket and cannot be driven by runWorkload; RPC methods of \(pattern.binding): \(pattern.methods.filter { $0.transport == .rpc }.map(\.name).joined(separator: ", ")).")
        }
        let base = options.args ?? (method == pattern.defaultWorkloadMethod ? pattern.defaultWorkloadArguments : [:])
        guard case .object = base else {
            throw PatternError(.invalidArguments, "args must be a JSON object (the arguments of \(method)).")
        }
        let plan = pattern.makePlan(method, base)
        try ArgumentValidator.validate(plan.arguments(request: 0, object: 0, base: base), against: spec.arguments)

        let seed = options.seed ?? UInt64.random(in: 0...UInt64(1 << 53))
        let choices = ObjectPicker.sequence(
            requests: options.requests, objects: options.objects, distribution: options.distribution,
            exponent: options.zipfExponent, seed: seed)
        let names = (0..<options.objects).map { options.objectPrefix + String($0) }
        let ns = try namespace(options.namespace)
        var target = WorkloadTarget(patterns: self, namespace: ns, names: names, touched: Self.distinct(choices[...], objects: options.objects), elapsedSeconds: 0)
        try await plan.prepare(target)
        try Task.checkCancellation()

        let run = WorkloadRun(
            namespace: ns, names: names, choices: choices, method: method, base: base, plan: plan,
            concurrency: options.concurrency, rate: options.ratePerSecond, duration: options.effectiveDuration)
        let outcome = await run.execute(progress: progress)
        try Task.checkCancellation()

        target.touched = Self.distinct(choices[..<outcome.taken], objects: options.objects)
        target.elapsedSeconds = outcome.seconds
        var checks = outcome.standardChecks(options)
        checks += await plan.verify(target)
        return outcome.result(
            namespace: pattern.binding, method: method, options: options, seed: seed,
            objectsTouched: target.touched.count, checks: checks)
    }

    /// A workload on the loaded Worker: `call` on one of its namespaces, or `request` to its `fetch` handler.
    private func runUserWorkload(
        _ options: WorkloadOptions, worker: (any WorkloadWorker)?, progress: WorkloadProgress?
    ) async throws -> WorkloadResult {
        let seed = options.seed ?? UInt64.random(in: 0...UInt64(1 << 53))
        let names = (0..<options.objects).map { options.objectPrefix + String($0) }
        let template = WorkloadTemplate(seed: seed, names: names)
        let choices = ObjectPicker.sequence(
            requests: options.requests, objects: options.objects, distribution: options.distribution,
            exponent: options.zipfExponent, seed: seed)
        let label: String
        let method: String
        var run: WorkloadRun
        let statuses = Locked<[Int: Int]>([:])
        if let request = options.request {
            guard let worker else {
                throw PatternError(.invalidWorkload, "request drives the loaded Worker's fetch handler, and no Worker is loaded: call loadWorker first.")
            }
            label = worker.name
            method = "fetch"
            // `send` replaces the stub calls, so the run's stub table is never used: any namespace serves.
            let ns = try namespace(classes[0].binding)
            run = WorkloadRun(
                namespace: ns, names: names, choices: choices, method: method, base: .null, plan: UncheckedPlan(),
                concurrency: options.concurrency, rate: options.ratePerSecond, duration: options.effectiveDuration)
            run.send = { i, object in
                var filled = request
                filled.url = template.fill(request.url, request: i, object: object)
                filled.headers = request.headers.mapValues { template.fill($0, request: i, object: object) }
                filled.body = request.body.map { template.fill($0, request: i, object: object) }
                let (status, body) = try await worker.fetch(filled)
                statuses.withLock { $0[status, default: 0] += 1 }
                if status >= 500 { throw WorkloadHTTPFailure(status: status, body: body) }
            }
        } else {
            let binding = options.namespace
            guard let call = options.call else {
                let methods = worker?.rpcMethods(of: binding) ?? []
                throw PatternError(
                    .invalidWorkload,
                    "\(binding) is a namespace of your Worker: give call: {method, args} (its RPC methods: \(methods.isEmpty ? "none" : methods.joined(separator: ", "))), or request to drive the Worker's fetch handler.")
            }
            guard let worker else {
                if classes.contains(where: { $0.binding == binding }) {
                    throw PatternError(.invalidWorkload, "call drives a class of your Worker; \(binding) is built in: give method and args (an object) instead.")
                }
                throw PatternError(.invalidWorkload, "call drives a namespace of your Worker, and no Worker is loaded: call loadWorker first.")
            }
            guard let methods = worker.rpcMethods(of: binding) else {
                if classes.contains(where: { $0.binding == binding }) {
                    throw PatternError(.invalidWorkload, "call drives a class of your Worker; \(binding) is built in: give method and args (an object) instead.")
                }
                throw PatternError(.unknownNamespace, "\(binding) is not a namespace of the Worker \(worker.name); its namespaces: \(worker.namespaces.joined(separator: ", ")).")
            }
            guard methods.contains(call.method) else {
                throw PatternError(.unknownMethod, "The class bound as \(binding) has no RPC method \"\(call.method)\"; its RPC methods: \(methods.isEmpty ? "none" : methods.joined(separator: ", ")).")
            }
            label = binding
            method = call.method
            let base = JSON.array(call.args)
            run = WorkloadRun(
                namespace: try namespace(binding), names: names, choices: choices, method: call.method, base: base,
                plan: TemplatePlan(template: template, args: base), concurrency: options.concurrency,
                rate: options.ratePerSecond, duration: options.effectiveDuration)
        }
        try Task.checkCancellation()
        let outcome = await run.execute(progress: progress)
        try Task.checkCancellation()
        let checks = outcome.standardChecks(options)
        var result = outcome.result(
            namespace: label, method: method, options: options, seed: seed,
            objectsTouched: Self.distinct(choices[..<outcome.taken], objects: options.objects).count, checks: checks)
        if options.request != nil { result.statuses = statuses.withLock { $0 } }
        return result
    }

    static func distinct(_ choices: ArraySlice<Int32>, objects: Int) -> [Int] {
        var seen = [Bool](repeating: false, count: objects)
        for c in choices { seen[Int(c)] = true }
        return seen.indices.filter { seen[$0] }
    }
}

/// The sending part of one run: workers pulling request numbers from a shared counter.
struct WorkloadRun: Sendable {
    struct Outcome: Sendable {
        /// Requests sent.
        var issued = 0
        /// Request numbers taken by workers (≥ issued; the objects they chose are the ones possibly touched).
        var taken = 0
        var completed = 0
        var errors: [String: Int] = [:]
        var latencies: [UInt64] = []
        var seconds = 0.0
        /// The first few distinct failures.
        var samples: [WorkloadErrorSample] = []

        /// The checks of every run: all requests sent (or how many before the duration cap), and no errors.
        func standardChecks(_ options: WorkloadOptions) -> [WorkloadCheck] {
            let errorCount = errors.values.reduce(0, +)
            return [
                WorkloadCheck(
                    "all_requests_sent", issued == options.requests,
                    issued == options.requests
                        ? "\(options.requests) requests sent"
                        : "\(issued) of \(options.requests) sent before the \(options.effectiveDuration) s duration cap"),
                WorkloadCheck(
                    "no_errors", errorCount == 0,
                    errorCount == 0
                        ? "every request succeeded"
                        : "\(errorCount) failed: " + errors.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            ]
        }

        /// The run's result, with the figures measured here and the parameters used.
        func result(
            namespace: String, method: String, options: WorkloadOptions, seed: UInt64, objectsTouched: Int,
            checks: [WorkloadCheck]
        ) -> WorkloadResult {
            WorkloadResult(
                namespace: namespace, method: method, requests: options.requests, completed: completed,
                errors: errors, durationMs: seconds * 1000,
                throughput: seconds > 0 ? Double(completed) / seconds : 0,
                latencyMs: .init(nanoseconds: latencies), objectsTouched: objectsTouched, checks: checks,
                concurrency: options.concurrency, objects: options.objects, distribution: options.distribution, seed: seed,
                stoppedEarly: issued < options.requests ? "durationSeconds" : nil, errorSamples: samples)
        }
    }

    private struct Shared {
        var next = 0
        var sent = 0
        var completed = 0
        var stopped = false
    }

    private struct WorkerReport: Sendable {
        var completed = 0
        var errors: [String: Int] = [:]
        var latencies: [UInt64] = []
        var samples: [WorkloadErrorSample] = []
    }

    let namespace: DurableObjectNamespace
    let names: [String]
    let choices: [Int32]
    let method: String
    let base: JSON
    let plan: any WorkloadPlan
    let concurrency: Int
    let rate: Double
    let duration: Double
    /// Sends request `i` to object `object` in place of an RPC call with `method` (the Worker's fetch handler).
    var send: (@Sendable (_ request: Int, _ object: Int) async throws -> Void)? = nil

    func execute(progress: WorkloadProgress?) async -> Outcome {
        let shared = Locked(Shared())
        let stubs = StubTable(namespace: namespace, names: names)
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int64(duration * 1000))
        let total = choices.count
        var outcome = Outcome()
        outcome.latencies.reserveCapacity(total)
        await withTaskGroup(of: WorkerReport?.self) { group in
            for _ in 0..<min(concurrency, total) {
                group.addTask { await worker(shared: shared, stubs: stubs, start: start, deadline: deadline) }
            }
            if let progress {
                group.addTask {
                    var last = -1
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(100))
                        let done = shared.withLock { $0.completed }
                        if done != last, !Task.isCancelled {
                            progress(done, total)
                            last = done
                        }
                    }
                    return nil
                }
            }
            var workers = min(concurrency, total)
            while workers > 0, let report = await group.next() {
                guard let report else { continue }
                workers -= 1
                outcome.completed += report.completed
                outcome.latencies += report.latencies
                for (k, v) in report.errors { outcome.errors[k, default: 0] += v }
                outcome.samples = WorkloadErrorSample.merge(outcome.samples, report.samples)
            }
            group.cancelAll()
        }
        (outcome.issued, outcome.taken) = shared.withLock { ($0.sent, min($0.next, total)) }
        let elapsed = ContinuousClock.now - start
        outcome.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        progress?(outcome.completed, total)
        return outcome
    }

    private func worker(shared: Locked<Shared>, stubs: StubTable, start: ContinuousClock.Instant, deadline: ContinuousClock.Instant) async -> WorkerReport {
        var report = WorkerReport()
        report.latencies.reserveCapacity(choices.count / max(1, concurrency) + 1)
        let total = choices.count
        while true {
            let i = shared.withLock { s -> Int in
                if s.stopped || s.next >= total { return -1 }
                s.next += 1
                return s.next - 1
            }
            if i < 0 { break }
            if Task.isCancelled {
                shared.withLock { $0.stopped = true }
                break
            }
            if rate > 0 {
                let due = start + .nanoseconds(Int64(Double(i) / rate * 1e9))
                if due > ContinuousClock.now { try? await Task.sleep(until: due, clock: .continuous) }
            }
            if ContinuousClock.now >= deadline {
                shared.withLock { $0.stopped = true }
                break
            }
            shared.withLock { $0.sent += 1 }
            let object = Int(choices[i])
            let args = send == nil ? plan.arguments(request: i, object: object, base: base) : .null
            let t0 = ContinuousClock.now
            do {
                let result: JSON
                if let send {
                    try await send(i, object)
                    result = .null
                } else {
                    result = try await stubs.stub(object).call(method, args)
                }
                let elapsed = ContinuousClock.now - t0
                report.latencies.append(UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000))
                report.completed += 1
                plan.record(object: object, arguments: args, result: result)
            } catch {
                let kind = Self.kind(of: error)
                report.errors[kind, default: 0] += 1
                WorkloadErrorSample.add(kind: kind, error: error, request: i, object: names[object], to: &report.samples)
                if let e = error as? DurableObjectError, e.durableObjectReset { stubs.renew(object) }
                plan.record(object: object, arguments: args, result: nil)
            }
            shared.withLock { $0.completed += 1 }
        }
        return report
    }

    /// The error kind reported in `errors`.
    static func kind(of error: any Error) -> String {
        if let failure = error as? WorkloadHTTPFailure { return "http_\(failure.status)" }
        guard let e = error as? DurableObjectError else { return "other" }
        if e.overloaded { return "overloaded" }
        if e.code == .userError, e.errorClass != "Error" { return e.errorClass }
        return e.code.rawValue
    }
}

/// Stubs of the run's objects, made on first use and renewed after a reset.
final class StubTable: Sendable {
    private let namespace: DurableObjectNamespace
    private let names: [String]
    private let stubs: Locked<[DurableObjectStub?]>

    init(namespace: DurableObjectNamespace, names: [String]) {
        self.namespace = namespace
        self.names = names
        stubs = Locked([DurableObjectStub?](repeating: nil, count: names.count))
    }

    func stub(_ i: Int) -> DurableObjectStub {
        if let s = stubs.withLock({ $0[i] }) { return s }
        let s = namespace.getByName(names[i])
        stubs.withLock { $0[i] = s }
        return s
    }

    func renew(_ i: Int) { stubs.withLock { $0[i] = nil } }
}
