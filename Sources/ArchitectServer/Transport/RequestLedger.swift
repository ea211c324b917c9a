import Foundation

/// The requests received and not yet answered, so that input closing never loses a reply.
///
/// The reader records each request it forwards; the writer removes its id once the response is on the wire;
/// a `notifications/cancelled` removes it too (the spec says a cancelled request gets no response). When input
/// ends, the reader waits on the ledger until it is empty or a drain deadline passes.
/// Sendable by hand: every mutable field is guarded by `condition` (an `NSCondition`).
final class RequestLedger: @unchecked Sendable {
    // Protected by `condition`.
    private var outstanding: Set<RequestKey> = []
    private let condition = NSCondition()

    func opened(_ key: RequestKey) {
        condition.lock()
        outstanding.insert(key)
        condition.unlock()
    }

    func closed(_ key: RequestKey) {
        condition.lock()
        outstanding.remove(key)
        if outstanding.isEmpty { condition.broadcast() }
        condition.unlock()
    }

    var count: Int {
        condition.lock()
        defer { condition.unlock() }
        return outstanding.count
    }

    /// Blocks until no request is outstanding or `deadline` passes; returns the ids still unanswered.
    func waitUntilEmpty(before deadline: Date) -> Set<RequestKey> {
        condition.lock()
        defer { condition.unlock() }
        while !outstanding.isEmpty {
            if !condition.wait(until: deadline) { break }
        }
        return outstanding
    }
}
