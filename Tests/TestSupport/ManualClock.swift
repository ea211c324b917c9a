import DurableObjects

/// A `RuntimeClock` that only moves when told: alarms, eviction and timeouts run in virtual time.
public final class ManualClock: RuntimeClock, @unchecked Sendable {
    private struct Sleeper {
        var deadline: Int64
        var continuation: CheckedContinuation<Void, any Error>
    }
    private struct State {
        var now: Int64
        var sleepers: [UInt64: Sleeper] = [:]
        var next: UInt64 = 0
    }
    private let lock = NSLockBox()
    private var state: State

    /// A clock at `start` nanoseconds since the epoch (default: 2026-01-01).
    public init(startNanoseconds: Int64 = 1_767_225_600_000_000_000) {
        state = State(now: startNanoseconds)
    }

    public var nowNanoseconds: Int64 { lock.with { state.now } }

    /// Tasks currently sleeping on this clock.
    public var sleeperCount: Int { lock.with { state.sleepers.count } }

    public func sleep(untilNanoseconds deadline: Int64) async throws {
        let token = lock.with { () -> UInt64 in
            state.next += 1
            return state.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let immediate: (any Error)?? = lock.with {
                    if Task.isCancelled { return .some(CancellationError()) }
                    if deadline <= state.now { return .some(nil) }
                    state.sleepers[token] = Sleeper(deadline: deadline, continuation: c)
                    return .none
                }
                if let immediate {
                    if let e = immediate { c.resume(throwing: e) } else { c.resume() }
                }
            }
        } onCancel: {
            let s = lock.with { state.sleepers.removeValue(forKey: token) }
            s?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes the sleepers whose deadline has passed.
    public func advance(by duration: Duration) {
        let ready = lock.with { () -> [Sleeper] in
            state.now += duration.nanoseconds
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for k in due.keys { state.sleepers[k] = nil }
            return due.values.sorted { $0.deadline < $1.deadline }
        }
        for s in ready { s.continuation.resume() }
    }
}

import Foundation

final class NSLockBox: @unchecked Sendable {
    private let lock = NSLock()
    func with<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
