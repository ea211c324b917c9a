/// The input gate of one object: a FIFO lock with hand-off, as a synchronous state machine.
///
/// The owning `ObjectContext` performs the actions it returns (resuming a waiter). Releasing hands the lock
/// directly to the oldest waiter, so no later arrival can overtake it.
struct InputGate<Waiter> {
    enum AcquireAction {
        case granted
        case wait
        case overloaded
    }

    private(set) var locked = false
    private var waiters: [Waiter] = []
    private var head = 0

    /// Waiters queued.
    var waitingCount: Int { waiters.count - head }

    /// Tries to take the lock; on `.wait` the caller must `enqueue` its waiter.
    mutating func acquire(maxQueued: Int, bypassLimit: Bool) -> AcquireAction {
        if !locked {
            locked = true
            return .granted
        }
        if !bypassLimit && waitingCount >= maxQueued { return .overloaded }
        return .wait
    }

    mutating func enqueue(_ waiter: Waiter) { waiters.append(waiter) }

    /// Releases the lock; returns the waiter that now owns it, if any.
    mutating func release() -> Waiter? {
        precondition(locked, "input gate released while not held")
        if head < waiters.count {
            let next = waiters[head]
            head += 1
            if head > 64 && head * 2 > waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
            return next
        }
        locked = false
        return nil
    }

    /// Removes every waiter (the object broke); the lock stays with its current holder.
    mutating func drain() -> [Waiter] {
        let all = Array(waiters[head...])
        waiters.removeAll()
        head = 0
        return all
    }
}
