import DurableObjects
import JSONModel

/// The pattern-specific part of a workload run: per-request arguments, bookkeeping of what was sent, and the
/// checks that prove the pattern kept its promise (counter totals, money conserved, no webhook lost).
///
/// One plan per run. `record` is called concurrently from the driver's workers; implementations lock.
package protocol WorkloadPlan: Sendable {
    /// Runs before the first request on the objects that the run will touch (reads baselines, funds accounts,
    /// joins listeners).
    func prepare(_ target: WorkloadTarget) async throws
    /// The arguments of request `request` to object `object` (an index into `target.names`), from `base` (the
    /// caller's `args` or the class default).
    func arguments(request: Int, object: Int, base: JSON) -> JSON
    /// Called after each request with its result (`nil` when it failed).
    func record(object: Int, arguments: JSON, result: JSON?)
    /// The pattern's checks, after the last request.
    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck]
}

extension WorkloadPlan {
    package func prepare(_ target: WorkloadTarget) async throws {}
    package func arguments(request: Int, object: Int, base: JSON) -> JSON { base }
    package func record(object: Int, arguments: JSON, result: JSON?) {}
    package func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] { [] }
}

/// A plan with no checks of its own (methods other than a class's checked ones).
package struct UncheckedPlan: WorkloadPlan {
    package init() {}
}

/// One named check of a workload result.
package struct WorkloadCheck: Sendable, Hashable, Encodable {
    /// Stable name (`counter_totals`).
    package var name: String
    /// Whether it held.
    package var passed: Bool
    /// The numbers behind it.
    package var detail: String

    /// Makes a check result.
    package init(_ name: String, _ passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// What a plan sees of a run: the namespace, the object names, which were touched, and the pattern runtime.
package struct WorkloadTarget: Sendable {
    /// The pattern runtime (for client-side methods such as chat `join`).
    package var patterns: PatternRuntime
    /// The namespace.
    package var namespace: DurableObjectNamespace
    /// Object names by index.
    package var names: [String]
    /// Indexes of the objects the run touches (prepare) or touched (verify), ascending.
    package var touched: [Int]
    /// Seconds the run lasted (0 before it starts).
    package var elapsedSeconds: Double

    /// A fresh stub for object `index`.
    package func stub(_ index: Int) -> DurableObjectStub { namespace.getByName(names[index]) }

    /// Calls every touched object with `method` and `args`, a few at a time; results by object index.
    package func callTouched(_ method: String, _ args: JSON = .null) async throws -> [Int: JSON] {
        var results: [Int: JSON] = [:]
        let touched = self.touched
        try await withThrowingTaskGroup(of: (Int, JSON).self) { group in
            var next = 0
            while next < touched.count || !group.isEmpty {
                while next < touched.count, next - results.count < 32 {
                    let i = touched[next]
                    let stub = self.stub(i)
                    group.addTask { (i, try await stub.call(method, args)) }
                    next += 1
                }
                if let (i, r) = try await group.next() { results[i] = r }
            }
        }
        return results
    }
}
