import DurableObjects
import JSONModel

/// `COUNTER`: one number per object, kept in storage and cached in memory.
///
/// The constructor loads the value once (storage reads are synchronous, under the input gate, so no request
/// can see it half-initialised); `increment` updates the cache and writes it through, so the value survives
/// eviction and restarts. Concurrent increments need no lock: one event runs at a time.
final class Counter: DurableObject {
    private var value: Int

    init(value: Int) { self.value = value }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        switch method {
        case "increment":
            let by = try Arguments(args).int("by", default: 1)
            value += by
            try context.storage.put("value", .number(Double(value)))
            return ["value": .number(Double(value))]
        case "get":
            return ["value": .number(Double(value))]
        default:
            throw DurableObjectError(.notFound, "Counter has no method \"\(method)\".")
        }
    }

    static let objectClass = DurableObjectClass(name: "Counter", hasAlarmHandler: false) { context in
        Counter(value: try context.storage.get("value")?.integer ?? 0)
    }

    static let pattern = PatternClass(
        binding: "COUNTER", objectClass: objectClass,
        summary: "A counter per object name: increments are serialised by the object, so none is lost.",
        implementation: """
            The value lives in SQLite-backed KV storage under "value" and is cached in the object; the constructor \
            loads it synchronously (under the input gate), each increment writes it through. No lock is needed: \
            the input gate runs one event at a time, and concurrent writes share one commit (group commit).
            """,
        methods: [
            MethodSpec(
                "increment", "Adds `by` (default 1) and returns the new value.",
                arguments: Schema.object(["by": Schema.integer("Amount to add (may be negative).", minimum: -1_000_000_000, maximum: 1_000_000_000, default: 1)]),
                result: Schema.object(["value": Schema.integer("The value after the increment.")], required: ["value"])),
            MethodSpec(
                "get", "Returns the value.",
                result: Schema.object(["value": Schema.integer("The current value.")], required: ["value"])),
        ],
        defaultWorkloadMethod: "increment", defaultWorkloadArguments: ["by": 1],
        makePlan: { method, _ in method == "increment" ? CounterPlan() as any WorkloadPlan : UncheckedPlan() })
}

/// Checks that every acknowledged increment is in the final value of its object.
final class CounterPlan: WorkloadPlan {
    private let state = Locked<(baseline: [Int: Int], sent: [Int: Int])>(([:], [:]))

    func prepare(_ target: WorkloadTarget) async throws {
        let values = try await target.callTouched("get")
        state.withLock { $0.baseline = values.mapValues { $0["value"]?.integer ?? 0 } }
    }

    func record(object: Int, arguments: JSON, result: JSON?) {
        guard result != nil else { return }
        let by = arguments["by"]?.integer ?? 1
        state.withLock { $0.sent[object, default: 0] += by }
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let (baseline, sent) = state.withLock { ($0.baseline, $0.sent) }
        do {
            let values = try await target.callTouched("get")
            var wrong: [String] = []
            for (i, v) in values {
                let expected = (baseline[i] ?? 0) + (sent[i] ?? 0)
                let actual = v["value"]?.integer ?? 0
                if actual != expected { wrong.append("\(target.names[i]): \(actual) ≠ \(expected)") }
            }
            let total = sent.values.reduce(0, +)
            return [
                WorkloadCheck(
                    "counter_totals", wrong.isEmpty,
                    wrong.isEmpty
                        ? "\(values.count) objects: each value equals its starting value plus the \(total) acknowledged increments sent in all"
                        : "\(wrong.count) objects differ: \(wrong.prefix(5).joined(separator: "; "))")
            ]
        } catch {
            return [WorkloadCheck("counter_totals", false, "could not read the counters: \(error)")]
        }
    }
}
