import Foundation

/// Thrown internally when an event reaches an instance that was evicted meanwhile; the stub retries.
struct InstanceEvicted: Error {}

/// The kinds of events, for metrics.
package enum EventKind: String, Sendable {
    case request, rpc, alarm, webSocket, internalEvent
}

/// One live instance of a Durable Object: its identity, storage, input gate and output gate (`ctx` / `state`).
///
/// An actor whose executor measures CPU per job (`MeteredExecutor`). Object code receives it as an `isolated`
/// parameter. See `docs/runtime.md` for the gate rules.
public actor ObjectContext {
    /// The object's id (with its name when made from a name).
    public nonisolated let id: DurableObjectId
    /// The namespace (binding) this instance belongs to.
    public nonisolated let namespace: DurableObjectNamespace
    /// A random number identifying this construction of the object (changes after eviction or reset).
    public nonisolated let instanceId: UInt64
    nonisolated let executor: MeteredExecutor

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The object's storage: KV, SQL, alarms, synchronous transactions.
    public let storage: ObjectStorage

    var gate = InputGate<CheckedContinuation<Void, any Error>>()
    var instance: (any DurableObject)?
    var constructing = false
    var brokenError: DurableObjectError?
    var evicted = false
    var inFlight = 0
    var criticalDepth = 0
    var criticalToken: UInt64 = 0
    var batchWaiters: [CheckedContinuation<Void, any Error>] = []
    var batchEvents = 0
    var deferredFlush = false
    var billableStart: UInt64 = 0
    var standardSockets = 0
    var idleSince: Int64
    let metricsSlot: ObjectMetricsSlot

    init(id: DurableObjectId, namespace: DurableObjectNamespace, path: String) {
        self.id = id
        self.namespace = namespace
        self.instanceId = UInt64.random(in: 1...UInt64.max)
        self.executor = MeteredExecutor(label: "do.\(namespace.binding)", measure: namespace.runtimeConfig.metricsEnabled)
        self.storage = ObjectStorage(path: path, pool: namespace.pool, backend: namespace.objectClass.storage)
        self.idleSince = namespace.runtimeConfig.clock.nowNanoseconds
        self.metricsSlot = namespace.metrics.slot(id)
    }

    /// The runtime's clock (time in alarms and `now`).
    public nonisolated var clock: any RuntimeClock { namespace.runtimeConfig.clock }

    /// The environment: other namespaces of the runtime by binding.
    public nonisolated func env(_ binding: String) -> DurableObjectNamespace? { namespace.runtime?.namespace(binding) }

    // MARK: Events

    /// Runs one event under the input gate and releases its result through the output gate.
    func perform<R>(
        _ kind: EventKind, _ body: (isolated ObjectContext, any DurableObject) async throws -> R
    ) async throws -> R {
        if evicted { throw InstanceEvicted() }
        if let brokenError { throw brokenError }
        let arrival = MeasuredTime.monotonicNanos()
        inFlight += 1
        if inFlight == 1 && standardSockets == 0 { billableStart = arrival }
        defer {
            inFlight -= 1
            if inFlight == 0 { idleSince = clock.nowNanoseconds }
        }
        do {
            try await acquireGate(reentry: false)
        } catch {
            namespace.metrics.rejected(
                metricsSlot, kind: kind, overloaded: (error as? DurableObjectError)?.overloaded ?? false,
                billableNanos: closingBillable(now: MeasuredTime.monotonicNanos()))
            throw error
        }
        let granted = MeasuredTime.monotonicNanos()
        let cpu0 = executor.cpuNow()
        let counters0 = storage.counters
        var outcome: Result<R, any Error>
        // A cold start (the constructor, its `blockConcurrencyWhile` and the database it opens) is recorded
        // apart: its CPU is not the event's.
        var coldStart = ColdStart.none
        do {
            let object: any DurableObject
            if let instance {
                object = instance
            } else {
                let wall0 = MeasuredTime.monotonicNanos(), cpuStart = executor.cpuNow()
                defer { coldStart = ColdStart(wallNanos: MeasuredTime.monotonicNanos() &- wall0, cpuNanos: executor.cpuNow() &- cpuStart) }
                object = try await constructedInstance()
            }
            outcome = .success(try await body(self, object))
        } catch {
            outcome = .failure(error)
        }
        if let critical = storage.criticalError {
            // Disk full, I/O error, corruption: roll back to the last commit and reset (semantics §2.5).
            breakObject(critical)
        }
        // This event's storage operations, read before the turn ends: while it waits for its batch's commit,
        // the events that join the batch make operations of their own.
        let counters1 = storage.counters
        var cpuAtRelease: UInt64 = 0
        do {
            try await finishTurn(cpuAtRelease: &cpuAtRelease)
        } catch {
            outcome = .failure(error)
        }
        if let brokenError, case .success = outcome { outcome = .failure(brokenError) }
        let cpuEnd = cpuAtRelease == 0 ? executor.cpuNow() : cpuAtRelease
        let cpu = cpuEnd > cpu0 &+ coldStart.cpuNanos ? cpuEnd - cpu0 - coldStart.cpuNanos : 0
        let end = MeasuredTime.monotonicNanos()
        let failed: Bool
        if case .failure = outcome { failed = true } else { failed = false }
        namespace.metrics.event(
            metricsSlot, kind: kind, wallNanos: end &- granted, cpuNanos: cpu, gateWaitNanos: granted &- arrival,
            failed: failed, before: counters0, after: counters1, billableNanos: closingBillable(now: end),
            coldStart: coldStart)
        switch outcome {
        case .success(let value): return value
        case .failure(let error):
            if error is InstanceEvicted { throw error }
            throw DurableObjectError.from(error).asRemote()
        }
    }

    func constructedInstance() async throws -> any DurableObject {
        if let instance { return instance }
        constructing = true
        defer { constructing = false }
        do {
            let made = try await namespace.objectClass.construct(self)
            if let brokenError { throw brokenError }
            instance = made
            storage.alarmHandlerRequired = !namespace.objectClass.hasAlarmHandler
            return made
        } catch {
            let e = DurableObjectError.from(error)
            breakObject(e.durableObjectReset ? e : e.asReset())
            throw brokenError ?? e
        }
    }

    /// The billable time to record when the event now ending is the last one in flight (and no standard
    /// WebSocket keeps the object awake): the length of the interval that closes.
    func closingBillable(now: UInt64) -> UInt64 {
        inFlight == 1 && standardSockets == 0 ? now &- billableStart : 0
    }

    /// Ends the turn: commits now, or joins the next event's batch, and waits for durability (the output gate).
    func finishTurn(cpuAtRelease: inout UInt64) async throws {
        if brokenError != nil {
            cpuAtRelease = executor.cpuNow()
            releaseGate()
            return
        }
        if storage.hasPendingWrites {
            // Like workerd's commit on the next event-loop turn: let events that already arrived reach the gate,
            // so that they join this commit (group commit) instead of each paying for one.
            if gate.waitingCount == 0 && batchEvents < namespace.runtimeConfig.maxBatchEvents
                && executor.hasQueuedJobs
            {
                await Task.yield()
            }
            if brokenError != nil {
                cpuAtRelease = executor.cpuNow()
                releaseGate()
                return
            }
            let confirmed = storage.hasConfirmedWrites
            if gate.waitingCount > 0 && batchEvents < namespace.runtimeConfig.maxBatchEvents {
                batchEvents += 1
                cpuAtRelease = executor.cpuNow()
                releaseGate()
                if confirmed {
                    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                        batchWaiters.append(c)
                    }
                }
                return
            }
            if !confirmed {
                deferredFlush = true
                namespace.needsFlush(self)
                cpuAtRelease = executor.cpuNow()
                releaseGate()
                return
            }
            do {
                try await commitNow()
            } catch {
                cpuAtRelease = executor.cpuNow()
                releaseGate()
                throw error
            }
        }
        storage.endTurn()
        cpuAtRelease = executor.cpuNow()
        releaseGate()
    }

    /// Commits the implicit transaction (gate held). Failure breaks the object.
    func commitNow() async throws {
        guard storage.hasPendingWrites else { return }
        let waiters = batchWaiters
        batchWaiters.removeAll()
        batchEvents = 0
        deferredFlush = false
        do {
            if let hook = namespace.runtimeConfig.commitHook {
                let (binding, id) = (namespace.binding, self.id)
                try await withOutputGateTimeout { try await hook(binding, id) }
            }
            if let brokenError { throw brokenError }
            if case .set(let t)? = try storage.pendingAlarmChange() {
                try namespace.alarmPersistBeforeCommit(id, nanos: t)
            }
            let change = try storage.commit()
            if let change { namespace.alarmCommitted(id, change) }
            if namespace.metrics.enabled, let bytes = storage.fileBytes() { namespace.metrics.stored(metricsSlot, bytes: bytes) }
            for w in waiters { w.resume() }
        } catch {
            let e = DurableObjectError.from(error)
            let message: String
            if e.code == .reset || e.durableObjectReset {
                message = e.message
            } else if e.message.contains("constraint failed") {
                message =
                    "Durable Object was reset and rolled back to its last known good state because the application left the database in a state where constraints were violated: \(e.message)"
            } else {
                message = "Durable Object storage commit failed, so the object was reset: \(e.message)"
            }
            let reset = DurableObjectError(
                e.code == .timeout ? .timeout : .reset, message, remote: true, overloaded: e.overloaded,
                durableObjectReset: true)
            breakObject(reset)
            for w in waiters { w.resume(throwing: reset) }
            throw reset
        }
    }

    /// Runs a storage operation that holds the output gate, failing after `outputGateTimeout`.
    func withOutputGateTimeout(_ operation: @escaping @Sendable () async throws -> Void) async throws {
        let clock = self.clock
        let deadline = clock.nowNanoseconds + namespace.runtimeConfig.outputGateTimeout.nanoseconds
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await operation()
                return true
            }
            group.addTask {
                try await clock.sleep(untilNanoseconds: deadline)
                return false
            }
            let finished = try await group.next() ?? true
            group.cancelAll()
            if !finished {
                throw DurableObjectError(
                    .timeout,
                    "Durable Object storage operation exceeded timeout which caused object to be reset.",
                    remote: true, overloaded: true, durableObjectReset: true)
            }
        }
    }

    /// Commits writes left by `allowUnconfirmed` turns (maintenance loop, eviction, `sync`).
    func flushDeferred() async {
        guard deferredFlush, brokenError == nil, !evicted else { return }
        do {
            try await acquireGate(reentry: true)
        } catch { return }
        if storage.hasPendingWrites { try? await commitNow() }
        if brokenError == nil { storage.endTurn() }
        releaseGate()
    }

    /// Waits until every write made so far is durable (`storage.sync()`).
    public func sync() async throws {
        if storage.hasPendingWrites { try await commitNow() }
        if let brokenError { throw brokenError }
    }

    /// Discards the instance: fails everything queued, drops in-memory state; a new stub gets a fresh instance.
    func breakObject(_ error: DurableObjectError) {
        guard brokenError == nil else { return }
        var e = error
        e.durableObjectReset = true
        e.remote = true
        brokenError = e
        instance = nil
        storage.close(error: e)
        for w in gate.drain() { w.resume(throwing: e) }
        let waiters = batchWaiters
        batchWaiters.removeAll()
        for w in waiters { w.resume(throwing: e) }
        namespace.instanceBroken(self)
    }

    /// Resets the object on purpose: unflushed writes are dropped; the caller gets `reason` with
    /// `durableObjectReset`.
    public func abort(_ reason: String = "Application called abort() to reset Durable Object.") -> DurableObjectError {
        let e = DurableObjectError(.reset, reason, remote: true, durableObjectReset: true)
        breakObject(e)
        return e
    }

    // MARK: Alarms (the API lives here because it needs the clock and the handler check)

    /// Sets the alarm, in milliseconds since the epoch; past times are clamped to now (it fires at once).
    public func setAlarm(_ milliseconds: Int64, options: WriteOptions = WriteOptions()) throws {
        storage.alarmHandlerRequired = !namespace.objectClass.hasAlarmHandler && !constructing
        try storage.setAlarm(milliseconds: milliseconds, now: clock.nowNanoseconds, options: options)
    }

    /// The alarm time in milliseconds, or `nil`.
    public func getAlarm() throws -> Int64? { try storage.getAlarm() }

    /// Deletes the alarm.
    public func deleteAlarm(options: WriteOptions = WriteOptions()) throws { try storage.deleteAlarm(options: options) }

    // MARK: Eviction

    /// Evicts the instance if it is idle (no event, no queued work, no standard WebSocket) for `idleFor`.
    /// Records the billable time of an object that standard WebSockets keep awake, up to now (from `tryEvict`,
    /// which the maintenance loop calls each second); the interval goes on, and the event that closes the last
    /// socket records the rest.
    func accrueHeldAwake() {
        guard standardSockets > 0, !evicted else { return }
        let now = MeasuredTime.monotonicNanos()
        namespace.metrics.heldAwake(metricsSlot, nanos: now &- billableStart)
        billableStart = now
    }

    func tryEvict(now: Int64, idleFor: Int64) async -> Bool {
        accrueHeldAwake()
        if deferredFlush { await flushDeferred() }
        guard !evicted, inFlight == 0, !gate.locked, gate.waitingCount == 0, !storage.hasPendingWrites,
            standardSockets == 0, brokenError == nil, now - idleSince >= idleFor
        else { return evicted }
        evicted = true
        instance = nil
        storage.close(error: nil)
        return true
    }

    /// Whether the instance has been broken.
    var isBroken: Bool { brokenError != nil }
}
