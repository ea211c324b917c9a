@testable import DurableObjects
import Foundation
@testable import JSHost
import JSONModel
import TestSupport
import Testing

/// The conformance fixture Worker (`Fixtures/conformance`, plain JavaScript), bundled once for every suite.
let conformanceWorker = Result { try JSWorker.load(path: Fixtures.url("JSHostTests", "conformance").path) }

/// Runs `body` on a runtime (manual clock, temporary directory) where the fixture's classes are registered.
func withJSRuntime<R: Sendable>(
    clock: ManualClock = ManualClock(),
    configure: (inout RuntimeConfiguration) -> Void = { _ in },
    dataDirectory: URL? = nil,
    _ body: @escaping @Sendable (DurableObjectsRuntime, ManualClock) async throws -> R
) async throws -> R {
    let worker = try conformanceWorker.get()
    return try await withRuntime(clock: clock, configure: configure, dataDirectory: dataDirectory) { runtime, clock in
        try worker.register(in: runtime)
        return try await body(runtime, clock)
    }
}

extension DurableObjectsRuntime {
    /// A namespace of the fixture (registered by `withJSRuntime`).
    func js(_ binding: String) throws -> DurableObjectNamespace {
        try #require(namespace(binding))
    }
}

/// `eventually` with room for a loaded machine (the engine threads are shared by every test running in parallel).
func soon(_ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    try await eventually(timeout: .seconds(20), condition)
}

/// The number of tasks sleeping on `clock` once it stops changing (the runtime's own loops sleep on it too, and may
/// start doing so after the test began): the baseline for `timerStarted`.
func idleSleepers(_ clock: ManualClock) async -> Int {
    var last = clock.sleeperCount
    var stableSince = ContinuousClock.now
    while ContinuousClock.now - stableSince < .milliseconds(60) {
        try? await Task.sleep(for: .milliseconds(5))
        let now = clock.sleeperCount
        if now != last {
            last = now
            stableSince = ContinuousClock.now
        }
    }
    return last
}

/// Waits (real time) until more tasks sleep on `clock` than `baseline`, i.e. a JavaScript timer was set.
func timerStarted(_ clock: ManualClock, beyond baseline: Int, count: Int = 1) async -> Bool {
    await soon { clock.sleeperCount >= baseline + count }
}

/// A call started now whose end can be polled without awaiting it (an event that may never end must not hang
/// the test).
final class PendingCall: Sendable {
    private let outcome = Locked<Result<JSON, any Error>?>(nil)
    private let task: Task<Void, Never>

    init(_ body: @escaping @Sendable () async throws -> JSON) {
        let outcome = self.outcome
        task = Task {
            let result: Result<JSON, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
    }

    /// The result once the call ended.
    var result: Result<JSON, any Error>? { outcome.withLock { $0 } }

    /// Waits up to `timeout` (real time) for the call to end.
    func finish(within timeout: Duration = .seconds(60)) async -> Result<JSON, any Error>? {
        _ = await eventually(timeout: timeout) { self.result != nil }
        return result
    }

    /// Advances `clock` by `step` until the call ends (real time, up to `timeout`). For a call whose timer may be
    /// set after the first advance: another task sleeping on the clock can make `timerStarted` true before the
    /// object's own timer exists, and an advance made before then would leave that timer waiting for ever.
    func finish(advancing clock: ManualClock, by step: Duration, within timeout: Duration = .seconds(60)) async -> Result<JSON, any Error>? {
        let deadline = ContinuousClock.now + timeout
        while result == nil, ContinuousClock.now < deadline {
            clock.advance(by: step)
            _ = await eventually(timeout: .milliseconds(250)) { self.result != nil }
        }
        return result
    }

    /// The error the call failed with, when it failed with a `DurableObjectError`.
    func error(within timeout: Duration = .seconds(60)) async -> DurableObjectError? {
        guard case .failure(let error as DurableObjectError)? = await finish(within: timeout) else { return nil }
        return error
    }

    func cancel() { task.cancel() }
}

/// Counts commits of the runtime (the commit hook) and injects latency or failures.
final class CommitProbe: Sendable {
    private struct State {
        var commits = 0
        var completed = 0
        var failAt: Set<Int> = []
        var latency: Duration = .zero
        var latencyFor: String?
        var order: [String] = []
    }
    private let state = Locked(State())

    var commits: Int { state.withLock { $0.commits } }
    /// Commits whose hook (latency included) has finished.
    var completed: Int { state.withLock { $0.completed } }
    /// The ids (hex) of the objects whose commits finished, in order.
    var order: [String] { state.withLock { $0.order } }

    /// Fails the next commit.
    func failNext() { state.withLock { _ = $0.failAt.insert($0.commits + 1) } }
    /// Fails the `n`th commit from now (1 = the next).
    func fail(commit n: Int) { state.withLock { _ = $0.failAt.insert($0.commits + n) } }
    /// Delays each commit (of the object `id` only, when given) by `latency` of real time.
    func setLatency(_ latency: Duration, for id: String? = nil) {
        state.withLock {
            $0.latency = latency
            $0.latencyFor = id
        }
    }

    var hook: CommitHook {
        { _, id in
            let (fail, latency) = self.state.withLock { s -> (Bool, Duration) in
                s.commits += 1
                let delay = s.latencyFor == nil || s.latencyFor == id.hex ? s.latency : .zero
                return (s.failAt.remove(s.commits) != nil, delay)
            }
            if latency > .zero { try await Task.sleep(for: latency) }
            self.state.withLock {
                $0.completed += 1
                $0.order.append(id.hex)
            }
            if fail { throw DurableObjectError(.storage, "injected commit failure") }
        }
    }
}

/// `{name, message}` as the fixture's `failure()` describes a caught error.
func described(_ value: JSON?) -> (name: String?, message: String?) {
    (value?["name"]?.stringValue, value?["message"]?.stringValue)
}
