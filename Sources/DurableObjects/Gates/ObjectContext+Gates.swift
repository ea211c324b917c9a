/// The input gate as object code and the runtime use it: acquiring and releasing it, `external` awaits and
/// critical sections (`blockConcurrencyWhile`).
extension ObjectContext {
    func acquireGate(reentry: Bool) async throws {
        if let brokenError { throw brokenError }
        switch gate.acquire(maxQueued: namespace.runtimeConfig.maxQueuedEvents, bypassLimit: reentry) {
        case .granted: return
        case .overloaded:
            throw DurableObjectError(
                .overloaded, "Durable Object is overloaded. Too many requests queued.", remote: true, overloaded: true)
        case .wait:
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                gate.enqueue(c)
            }
        }
    }

    func releaseGate() {
        if let next = gate.release() { next.resume() }
    }

    /// Runs `operation` with the input gate released: use it around awaits of external I/O (a fetch, another
    /// object, a timer). Pending writes are committed first (the output gate), other events may run meanwhile,
    /// and the gate is re-acquired in arrival order before returning. Inside `blockConcurrencyWhile` the gate
    /// stays closed. Code inside `operation` runs without the gate: only await there.
    public func external<T>(_ operation: () async throws -> T) async throws -> T {
        if criticalDepth > 0 { return try await operation() }
        if let brokenError { throw brokenError }
        if storage.hasPendingWrites { try await commitNow() }
        storage.endTurn()
        releaseGate()
        let result: Result<T, any Error>
        do { result = .success(try await operation()) } catch { result = .failure(error) }
        try await acquireGate(reentry: true)
        return try result.get()
    }

    /// Sleeps on the runtime clock with the input gate released (like `await scheduler.wait(ms)`).
    public func sleep(for duration: Duration) async throws {
        let clock = self.clock
        try await external { try await clock.sleep(for: duration) }
    }

    /// Runs `body` while no other event is delivered, even across `external` awaits. Nesting is limited to 64.
    /// Times out after `blockConcurrencyTimeout` (default 30 s); a timeout or a throw resets the object.
    public func blockConcurrencyWhile<T>(_ body: () async throws -> T) async throws -> T {
        if criticalDepth >= 64 {
            throw DurableObjectError(.userError, "blockConcurrencyWhile() calls are nested too deeply.")
        }
        if let brokenError { throw brokenError }
        criticalDepth += 1
        criticalToken &+= 1
        let token = criticalToken
        defer { criticalDepth -= 1 }
        let clock = self.clock
        let deadline = clock.nowNanoseconds + namespace.runtimeConfig.blockConcurrencyTimeout.nanoseconds
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(untilNanoseconds: deadline)
                    await self.criticalSectionTimedOut(token)
                } catch {}
            }
            let r: Result<T, any Error>
            do { r = .success(try await body()) } catch { r = .failure(error) }
            group.cancelAll()
            return r
        }
        if let brokenError { throw brokenError }
        switch result {
        case .success(let v): return v
        case .failure(let error):
            let e = DurableObjectError.from(error)
            breakObject(e.asReset())
            throw brokenError ?? e
        }
    }

    func criticalSectionTimedOut(_ token: UInt64) {
        guard criticalDepth > 0, token <= criticalToken, brokenError == nil else { return }
        breakObject(
            DurableObjectError(
                .timeout,
                "A call to blockConcurrencyWhile() in a Durable Object waited for too long. The call was canceled and the Durable Object was reset.",
                remote: true, overloaded: true, durableObjectReset: true))
    }
}
