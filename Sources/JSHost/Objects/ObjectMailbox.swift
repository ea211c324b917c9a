import DurableObjects
import JSONModel

/// Host I/O that finished for one JavaScript context and must be delivered into it.
enum HostCompletion: Sendable {
    /// A timer is due.
    case timer(Int)
    /// An operation started by `startOperation` (a call to another object) finished.
    case operation(Int, Result<JSON, DurableObjectError>)
}

/// Where an object's finished host I/O waits until an event of the object delivers it into JavaScript, and where
/// an event waits for its own result.
///
/// An event whose promise is still pending waits here (with its input gate open, as for any I/O other than
/// storage); it wakes either to deliver a completion (whose callbacks may settle any event's promise) or because
/// its own promise settled during another event's delivery.
final class ObjectMailbox: Sendable {
    enum Wake: Sendable {
        case settled
        case completion(HostCompletion)
        /// The waiting task was cancelled (e.g. an alarm past its wall-time limit): the event gives up.
        case cancelled
    }

    private struct State {
        var queue: [HostCompletion] = []
        var settled: Set<Int> = []
        var waiters: [(token: Int, exclusive: Bool, continuation: CheckedContinuation<Wake, Never>)] = []
        /// Critical sections running (`beginExclusive`): completions go to their waits only, since an event
        /// waiting with its gate open could not deliver them before the section ends.
        var exclusive = 0
    }

    private let state = Locked(State())

    /// Queues a completion, or hands it to a waiting event (a critical section's wait first).
    func post(_ completion: HostCompletion) {
        let waiter = state.withLock { s -> CheckedContinuation<Wake, Never>? in
            let index = s.waiters.firstIndex { $0.exclusive } ?? (s.exclusive == 0 && !s.waiters.isEmpty ? 0 : nil)
            guard let index else {
                s.queue.append(completion)
                return nil
            }
            return s.waiters.remove(at: index).continuation
        }
        waiter?.resume(returning: .completion(completion))
    }

    /// A critical section starts waiting here (the input gate stays with it).
    func beginExclusive() { state.withLock { $0.exclusive += 1 } }

    /// A critical section ended: completions queued meanwhile go to the events waiting with their gate open.
    func endExclusive() {
        let handed = state.withLock { s -> [(CheckedContinuation<Wake, Never>, HostCompletion)] in
            s.exclusive -= 1
            var handed: [(CheckedContinuation<Wake, Never>, HostCompletion)] = []
            while s.exclusive == 0, !s.queue.isEmpty, !s.waiters.isEmpty {
                handed.append((s.waiters.removeFirst().continuation, s.queue.removeFirst()))
            }
            return handed
        }
        for (waiter, completion) in handed { waiter.resume(returning: .completion(completion)) }
    }

    /// Records that the promise of `token` settled, waking its event if it waits.
    func settled(_ token: Int) {
        let waiter = state.withLock { s -> CheckedContinuation<Wake, Never>? in
            if let index = s.waiters.firstIndex(where: { $0.token == token }) {
                return s.waiters.remove(at: index).continuation
            }
            s.settled.insert(token)
            return nil
        }
        waiter?.resume(returning: .settled)
    }

    /// Forgets a token whose result was taken.
    func forget(_ token: Int) {
        state.withLock { _ = $0.settled.remove(token) }
    }

    /// The next thing for the event (or critical section, `exclusive`) of `token` to do.
    func next(for token: Int, exclusive: Bool = false) async -> Wake {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate = state.withLock { s -> Wake? in
                    if Task.isCancelled { return .cancelled }
                    if s.settled.remove(token) != nil { return .settled }
                    if !s.queue.isEmpty && (exclusive || s.exclusive == 0) { return .completion(s.queue.removeFirst()) }
                    s.waiters.append((token, exclusive, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { s -> CheckedContinuation<Wake, Never>? in
                guard let index = s.waiters.firstIndex(where: { $0.token == token }) else { return nil }
                return s.waiters.remove(at: index).continuation
            }
            waiter?.resume(returning: .cancelled)
        }
    }
}
