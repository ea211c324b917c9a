import Foundation
import JSONModel

/// Requests this server sends to the client (only `roots/list`), each waiting for its answer at most a timeout.
///
/// A client that never answers costs the waiting tool call the timeout, never a hang.
/// Sendable by hand: every mutable field is guarded by `lock`; continuations are resumed outside it.
final class ClientRequests: @unchecked Sendable {
    // All protected by `lock`.
    private var waiting: [RequestKey: CheckedContinuation<JSON, any Error>] = [:]
    private var settledEarly: [RequestKey: Result<JSON, any Error>] = [:]
    private var nextNumber = 1
    private let lock = NSLock()

    /// Why a request to the client got no result.
    struct Unanswered: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends a request through `send` and returns the client's result.
    /// - Throws: ``ProtocolError`` when the client answered with an error, ``Unanswered`` after `timeout`,
    ///   `CancellationError` when the calling task is cancelled.
    func ask(
        _ method: String, params: JSON, timeout: Duration, send: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> JSON {
        let id = makeID()
        return try await withThrowingTaskGroup(of: JSON.self) { group in
            group.addTask {
                try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        self.register(id, continuation)
                        send(OutboundMessage.request(id: id, method, params))
                    }
                } onCancel: {
                    self.settle(id, .failure(CancellationError()))
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Unanswered(description: "the client did not answer \(method) within \(timeout)")
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// Delivers the client's answer to request `id`.
    func settle(_ id: RequestKey, _ outcome: Result<JSON, any Error>) {
        lock.lock()
        guard let continuation = waiting.removeValue(forKey: id) else {
            if settledEarly.count < 64 { settledEarly[id] = outcome }
            lock.unlock()
            return
        }
        lock.unlock()
        continuation.resume(with: outcome)
    }

    private func makeID() -> RequestKey {
        lock.lock()
        defer { lock.unlock() }
        nextNumber += 1
        return .string("do-architect-\(nextNumber - 1)")
    }

    private func register(_ id: RequestKey, _ continuation: CheckedContinuation<JSON, any Error>) {
        lock.lock()
        if let outcome = settledEarly.removeValue(forKey: id) {
            lock.unlock()
            continuation.resume(with: outcome)
            return
        }
        waiting[id] = continuation
        lock.unlock()
    }
}
