import DurableObjects
import JSONModel

/// Enqueues uniquely numbered events for 8 customers per object, waits for the alarms to drain the queues, and
/// checks that every accepted event was delivered (or dead-lettered) exactly once and in order per customer.
final class WebhookPlan: WorkloadPlan {
    /// Longest wait for the queues to drain after the last request (real time).
    static let drainTimeout: Duration = .seconds(30)

    private let run = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private let state = Locked<(baseline: [Int: JSON], accepted: [Int: Int])>(([:], [:]))

    func prepare(_ target: WorkloadTarget) async throws {
        let status = try await target.callTouched("status")
        state.withLock { $0.baseline = status }
    }

    func arguments(request: Int, object: Int, base: JSON) -> JSON {
        guard case .object(var m) = base else { return base }
        if base["eventId"] == nil { m["eventId"] = .string("wl-\(run)-\(request)") }
        if base["customer"] == nil { m["customer"] = .string("customer-\(request % 8)") }
        return .object(m)
    }

    func record(object: Int, arguments: JSON, result: JSON?) {
        guard result?["accepted"]?.boolValue == true else { return }
        state.withLock { $0.accepted[object, default: 0] += 1 }
    }

    func verify(_ target: WorkloadTarget) async -> [WorkloadCheck] {
        let (baseline, accepted) = state.withLock { ($0.baseline, $0.accepted) }
        let start = ContinuousClock.now
        var status: [Int: JSON] = [:]
        do {
            while true {
                status = try await target.callTouched("status")
                let pending = status.values.reduce(0) { $0 + ($1["pending"]?.integer ?? 0) }
                if pending == 0 || ContinuousClock.now - start > Self.drainTimeout { break }
                try await Task.sleep(for: .milliseconds(20))
            }
        } catch {
            return [WorkloadCheck("webhooks_delivered", false, "could not read the queues: \(error)")]
        }
        func delta(_ field: String) -> Int {
            status.reduce(0) { sum, entry in
                sum + (entry.value[field]?.integer ?? 0) - (baseline[entry.key]?[field]?.integer ?? 0)
            }
        }
        let sent = accepted.values.reduce(0, +)
        let delivered = delta("delivered")
        let dead = delta("deadLettered")
        let pending = status.values.reduce(0) { $0 + ($1["pending"]?.integer ?? 0) }
        let duplicates = delta("duplicates")
        let outOfOrder = delta("outOfOrder")
        return [
            WorkloadCheck(
                "webhooks_not_lost", delivered + dead == sent && pending == 0,
                "\(sent) accepted, \(delivered) delivered, \(dead) dead-lettered, \(pending) still pending"
                    + (pending > 0 ? " after \(Self.drainTimeout) (is the runtime's run loop running?)" : "")),
            WorkloadCheck("webhooks_not_duplicated", duplicates == 0, "\(duplicates) duplicate deliveries"),
            WorkloadCheck("webhooks_in_order", outOfOrder == 0, "\(outOfOrder) deliveries out of order per customer"),
        ]
    }
}
