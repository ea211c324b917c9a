import DurableObjects
import JSONModel

/// `SHARDED_COUNTER`: a logical counter spread over N shard objects, with a read that fans out.
///
/// Objects named `<counter>` are fronts, objects named `<counter>#shard-<k>` are shards (same class, same
/// namespace). A front keeps no state: `increment` picks a random shard and calls it with the input gate
/// released (`external`), so the front is never the bottleneck; `get` calls every shard in parallel and sums.
/// In production the Worker itself would pick the shard; the front exists so one name addresses the counter.
final class ShardedCounter: DurableObject {
    private var value: Int

    init(value: Int) { self.value = value }

    /// The name of shard `k` of counter `name`.
    static func shardName(_ name: String, _ k: Int) -> String { "\(name)#shard-\(k)" }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        let a = Arguments(args)
        switch method {
        case "add":
            value += try a.int("by", default: 1)
            try context.storage.put("value", .number(Double(value)))
            return ["value": .number(Double(value))]
        case "value":
            return ["value": .number(Double(value))]
        case "increment":
            let by = try a.int("by", default: 1)
            let shards = try a.int("shards", default: 8)
            let k = Int.random(in: 0..<shards)
            let shard = try shardStub(k, context: context)
            let r = try await context.external { try await shard.call("add", ["by": .number(Double(by))]) }
            return ["shard": .number(Double(k)), "shardValue": r["value"] ?? .null]
        case "get":
            let shards = try a.int("shards", default: 8)
            let stubs = try (0..<shards).map { try shardStub($0, context: context) }
            let values = try await context.external {
                try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                    for (k, stub) in stubs.enumerated() {
                        group.addTask { (k, try await stub.call("value")["value"]?.integer ?? 0) }
                    }
                    var out = [Int](repeating: 0, count: stubs.count)
                    for try await (k, v) in group { out[k] = v }
                    return out
                }
            }
            return ["value": .number(Double(values.reduce(0, +))), "shards": .array(values.map { .number(Double($0)) })]
        default:
            throw DurableObjectError(.notFound, "ShardedCounter has no method \"\(method)\".")
        }
    }

    private func shardStub(_ k: Int, context: isolated ObjectContext) throws -> DurableObjectStub {
        guard let name = context.id.name else {
            throw DurableObjectError(.invalidArgument, "A sharded counter front must be addressed by name.")
        }
        return context.namespace.getByName(Self.shardName(name, k))
    }

    static let objectClass = DurableObjectClass(name: "ShardedCounter", hasAlarmHandler: false) { context in
        ShardedCounter(value: try context.storage.get("value")?.integer ?? 0)
    }

    private static let shardsArgument = Schema.integer("Number of shards of this counter (keep it fixed for a counter).", minimum: 1, maximum: 128, default: 8)

    static let pattern = PatternClass(
        binding: "SHARDED_COUNTER", objectClass: objectClass,
        summary: "A counter too hot for one object, split over N shard objects; reads fan out and sum.",
        implementation: """
            Writes go to one of N shard objects (`<name>#shard-<k>`, chosen at random) so N objects share the \
            load (about 1,000 simple requests/s each); the read calls all N in parallel and sums. The front \
            object addressed by `<name>` keeps no state and releases its input gate while it waits for a shard. \
            Trade-off: a read costs N requests and is not a snapshot across shards.
            """,
        methods: [
            MethodSpec(
                "increment", "Adds `by` to one random shard of the counter.",
                arguments: Schema.object([
                    "by": Schema.integer("Amount to add.", minimum: -1_000_000_000, maximum: 1_000_000_000, default: 1),
                    "shards": shardsArgument,
                ]),
                result: Schema.object(
                    [
                        "shard": Schema.integer("The shard written."),
                        "shardValue": Schema.integer("That shard's value after the write."),
                    ], required: ["shard", "shardValue"])),
            MethodSpec(
                "get", "Reads every shard in parallel and returns the sum.",
                arguments: Schema.object(["shards": shardsArgument]),
                result: Schema.object(
                    [
                        "value": Schema.integer("Sum of the shards."),
                        "shards": Schema.array(Schema.integer("Shard value."), "Each shard's value."),
                    ], required: ["value", "shards"])),
            MethodSpec(
                "add", "Shard level: adds `by` to this object's own value.",
                arguments: Schema.object(["by": Schema.integer("Amount to add.", minimum: -1_000_000_000, maximum: 1_000_000_000, default: 1)]),
                result: Schema.object(["value": Schema.integer("This shard's value.")], required: ["value"])),
            MethodSpec(
                "value", "Shard level: this object's own value.",
                result: Schema.object(["value": Schema.integer("This shard's value.")], required: ["value"])),
        ],
        defaultWorkloadMethod: "increment", defaultWorkloadArguments: ["by": 1, "shards": 8],
        makePlan: { method, args in
            method == "increment" ? ShardedCounterPlan(shards: args["shards"]?.integer ?? 8) as any WorkloadPlan : UncheckedPlan()
        })
}

/// Checks that each counter's fanned-out sum grew by exactly the acknowledged increments.
final class ShardedCounterPlan: WorkloadPlan {
    private let shards: Int
    private let state = Locked<(baseline: [Int: Int], sent: [Int: Int])>(([:], [:]))

    init(shards: Int) { self.shards = shards }

    func prepare(_ target: WorkloadTarget) async throws {
        let values = try await target.callTouched("get", ["shards": .number(Double(shards))])
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
            let values = try await target.callTouched("get", ["shards": .number(Double(shards))])
            var wrong: [String] = []
            for (i, v) in values {
                let expected = (baseline[i] ?? 0) + (sent[i] ?? 0)
                let actual = v["value"]?.integer ?? 0
                if actual != expected { wrong.append("\(target.names[i]): \(actual) ≠ \(expected)") }
            }
            return [
                WorkloadCheck(
                    "sharded_totals", wrong.isEmpty,
                    wrong.isEmpty
                        ? "\(values.count) counters × \(shards) shards: sums equal the \(sent.values.reduce(0, +)) acknowledged increments"
                        : "\(wrong.count) counters differ: \(wrong.prefix(5).joined(separator: "; "))")
            ]
        } catch {
            return [WorkloadCheck("sharded_totals", false, "could not read the counters: \(error)")]
        }
    }
}
