import DurableObjects
import JSONModel

/// `LAB`: a deliberately configurable object for experiments and for the recommendation rules' tests.
///
/// `work` burns real CPU, performs state operations, and can run inside `blockConcurrencyWhile` holding the
/// gate for a while; the knobs come from the call, else from the object's stored configuration (`configure`).
/// `armFailingAlarm` sets an alarm whose handler throws (so the runtime retries, then drops it);
/// `openStandardSocket` holds a standard (non-hibernating) WebSocket open, which keeps the object in memory
/// and billable until `closeSockets`.
final class Lab: DurableObject {
    struct Knobs {
        var cpuMs = 0.0
        var stateOps = 0
        var blockConcurrency = false
        var holdMs = 0
        var fail = false

        /// Knobs from JSON, each field defaulting to `base`.
        init(_ json: JSON?, base: Knobs = Knobs()) throws {
            self = base
            guard let json else { return }
            let a = Arguments(json)
            cpuMs = try a.double("cpuMs", default: base.cpuMs)
            stateOps = try a.int("stateOps", default: base.stateOps)
            blockConcurrency = try a.bool("blockConcurrency", default: base.blockConcurrency)
            holdMs = try a.int("holdMs", default: base.holdMs)
            fail = try a.bool("fail", default: base.fail)
        }

        init() {}

        var json: JSON {
            [
                "cpuMs": .number(cpuMs), "stateOps": .number(Double(stateOps)), "blockConcurrency": .bool(blockConcurrency),
                "holdMs": .number(Double(holdMs)), "fail": .bool(fail),
            ]
        }
    }

    private var defaults: Knobs
    /// Caller ends of the standard sockets this object holds open (like an outgoing connection it keeps).
    private var clients: [ClientWebSocket] = []

    init(defaults: Knobs) { self.defaults = defaults }

    func call(_ method: String, _ args: JSON, context: isolated ObjectContext) async throws -> JSON {
        switch method {
        case "work":
            let knobs = try Knobs(args, base: defaults)
            if knobs.blockConcurrency {
                return try await context.blockConcurrencyWhile { try await work(knobs, context: context) }
            }
            return try await work(knobs, context: context)
        case "configure":
            defaults = try Knobs(args, base: defaults)
            try context.storage.put("knobs", defaults.json)
            return defaults.json
        case "armFailingAlarm":
            let delay = Int64(try Arguments(args).int("delayMs", default: 0))
            try context.storage.put("alarmThrows", true)
            try context.setAlarm(context.clock.nowMilliseconds + delay)
            return ["alarmAt": .number(Double(context.clock.nowMilliseconds + delay))]
        case "openStandardSocket":
            let pair = WebSocketPair()
            try context.acceptStandardWebSocket(pair.server)
            clients.append(pair.client)
            return ["open": .number(Double(clients.count))]
        case "closeSockets":
            let open = clients
            clients.removeAll()
            try await context.external {
                for c in open { try await c.close() }
            }
            return ["closed": .number(Double(open.count))]
        case "status":
            return [
                "knobs": defaults.json, "standardSockets": .number(Double(clients.count)),
                "alarm": try context.getAlarm().map { .number(Double($0)) } ?? .null,
                "keys": .number(Double(try context.storage.list(ListOptions(prefix: "op-")).count)),
            ]
        default:
            throw DurableObjectError(.notFound, "Lab has no method \"\(method)\".")
        }
    }

    private func work(_ knobs: Knobs, context: isolated ObjectContext) async throws -> JSON {
        let cpu = Self.burn(milliseconds: knobs.cpuMs)
        for i in 0..<knobs.stateOps {
            let key = "op-\(i % 16)"
            if i % 2 == 0 {
                try context.storage.put(key, .number(Double(i)))
            } else {
                _ = try context.storage.get(key)
            }
        }
        if knobs.holdMs > 0 {
            let clock = context.clock
            try await context.external { try await clock.sleep(for: .milliseconds(knobs.holdMs)) }
        }
        if knobs.fail { throw DurableObjectError.thrown("Lab: failing as asked (fail: true).") }
        return ["cpuMs": .number((cpu * 1000).rounded() / 1000), "stateOps": .number(Double(knobs.stateOps))]
    }

    /// Spins until this thread has used `milliseconds` of CPU; returns the CPU milliseconds used.
    static func burn(milliseconds: Double) -> Double {
        guard milliseconds > 0 else { return 0 }
        let start = MeasuredTime.threadCPUNanos()
        let target = UInt64(milliseconds * 1_000_000)
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        while MeasuredTime.threadCPUNanos() &- start < target {
            for _ in 0..<1_000 { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        if x == 0 { return -1 }  // keeps the loop from being optimised away
        return Double(MeasuredTime.threadCPUNanos() &- start) / 1_000_000
    }

    func alarm(_ info: AlarmInfo, context: isolated ObjectContext) async throws {
        if try context.storage.get("alarmThrows") == true {
            throw DurableObjectError.thrown("Lab: the alarm throws as asked (retry \(info.retryCount)).")
        }
    }

    static let objectClass = DurableObjectClass(name: "Lab") { context in
        Lab(defaults: try Knobs(try context.storage.get("knobs")))
    }

    private static let knobsSchema: KeyValuePairs<String, JSON> = [
        "cpuMs": Schema.number("Real CPU to burn per request, in milliseconds.", minimum: 0, maximum: 30_000),
        "stateOps": Schema.integer("Storage operations per request (alternating put and get).", minimum: 0, maximum: 10_000),
        "blockConcurrency": Schema.boolean("Run the request inside blockConcurrencyWhile.", default: false),
        "holdMs": Schema.integer("Await this long (runtime clock) during the request; inside blockConcurrencyWhile the gate stays closed.", minimum: 0, maximum: 30_000),
        "fail": Schema.boolean("Throw at the end of the request.", default: false),
    ]

    static let pattern = PatternClass(
        binding: "LAB", objectClass: objectClass,
        summary: "A configurable misbehaving object for experiments: CPU burn, state operations, blockConcurrencyWhile, failing alarms, standard WebSockets.",
        implementation: """
            Not a pattern to copy: each knob reproduces something the metrics and recommendations should catch. \
            CPU burn spins on the thread CPU clock; stateOps alternate KV put and get; blockConcurrency with \
            holdMs keeps the input gate closed across an await (gate wait grows); armFailingAlarm sets an alarm \
            that throws (retries, then a drop); openStandardSocket accepts a non-hibernatable socket, so the \
            object stays in memory and billable. Knobs come per call or from `configure` (stored).
            """,
        methods: [
            MethodSpec(
                "work", "One request shaped by the knobs (call values override the object's configuration).",
                arguments: Schema.object(knobsSchema),
                result: Schema.object(
                    ["cpuMs": Schema.number("CPU burnt."), "stateOps": Schema.integer("Storage operations done.")],
                    required: ["cpuMs", "stateOps"])),
            MethodSpec(
                "configure", "Stores default knobs for this object.",
                arguments: Schema.object(knobsSchema),
                result: Schema.object(knobsSchema)),
            MethodSpec(
                "armFailingAlarm", "Sets an alarm `delayMs` from now whose handler throws.",
                arguments: Schema.object(["delayMs": Schema.integer("Delay in ms.", minimum: 0, maximum: 86_400_000, default: 0)]),
                result: Schema.object(["alarmAt": Schema.integer("Alarm time, ms since the epoch.")], required: ["alarmAt"])),
            MethodSpec(
                "openStandardSocket", "Accepts a standard (non-hibernatable) WebSocket and keeps it open.",
                result: Schema.object(["open": Schema.integer("Standard sockets this object holds.")], required: ["open"])),
            MethodSpec(
                "closeSockets", "Closes the standard sockets this object holds.",
                result: Schema.object(["closed": Schema.integer("Sockets closed.")], required: ["closed"])),
            MethodSpec(
                "status", "Knobs, open standard sockets, the alarm and the keys written by work.",
                result: Schema.object(
                    [
                        "knobs": Schema.any("Stored knobs."), "standardSockets": Schema.integer("Open standard sockets."),
                        "alarm": Schema.nullable(Schema.integer("Alarm time.")), "keys": Schema.integer("Keys op-*."),
                    ], required: ["knobs", "standardSockets", "alarm", "keys"])),
        ],
        defaultWorkloadMethod: "work", defaultWorkloadArguments: ["cpuMs": 0, "stateOps": 1],
        makePlan: { _, _ in UncheckedPlan() })
}
