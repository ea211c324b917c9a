#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one writer of stdout: frames are written whole, in the order they were queued, by a dedicated thread.
///
/// swift-sdk 0.12.1's writer sleeps between partial writes inside an actor method, so a second send can write
/// into the middle of the first (mcp-notes D1). Here only this thread writes, one frame at a time. It waits
/// for the pipe with `poll` and writes at most `PIPE_BUF` bytes per call, so it never blocks forever: if the
/// reader makes no room for `stallTimeout`, or the pipe breaks (EPIPE), the writer closes, fails every
/// queued frame, and reports it through `onClosed`.
/// Sendable by hand: the queue and flags are guarded by `condition`; only the writer thread writes the descriptor.
final class OutputWriter: @unchecked Sendable {
    typealias Completion = @Sendable (_ written: Bool) -> Void

    private let descriptor: Int32
    private let stallTimeout: TimeInterval
    // Protected by `condition`.
    private var queue: [(Data, Completion?)] = []
    private var isWriting = false
    private var isClosed = false
    private var closedHandler: (@Sendable (String) -> Void)?
    private let condition = NSCondition()

    init(descriptor: Int32, stallTimeout: TimeInterval) {
        self.descriptor = descriptor
        self.stallTimeout = stallTimeout
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "do-architect.stdout"
        thread.start()
    }

    /// Called once, from the writer thread, when the output can no longer be written.
    func onClosed(_ handler: @escaping @Sendable (String) -> Void) {
        condition.lock()
        closedHandler = handler
        condition.unlock()
    }

    /// Queues one frame; `completion` learns whether it reached the pipe.
    func enqueue(_ frame: Data, completion: Completion? = nil) {
        condition.lock()
        if isClosed {
            condition.unlock()
            completion?(false)
            return
        }
        queue.append((frame, completion))
        condition.broadcast()
        condition.unlock()
    }

    /// Queues one frame and waits until it is written. Returns whether it was.
    func write(_ frame: Data) async -> Bool {
        await withCheckedContinuation { continuation in
            enqueue(frame) { continuation.resume(returning: $0) }
        }
    }

    /// Blocks until every queued frame is written (or the writer closed), at most until `deadline`.
    @discardableResult
    func waitUntilIdle(before deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while (!queue.isEmpty || isWriting) && !isClosed {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !isClosed { condition.wait() }
            if isClosed { condition.unlock(); return }
            let (frame, completion) = queue.removeFirst()
            isWriting = true
            condition.unlock()

            let failure = writeWhole(frame)

            condition.lock()
            isWriting = false
            var failed: [Completion?] = []
            var handler: (@Sendable (String) -> Void)?
            if let failure {
                isClosed = true
                failed = queue.map(\.1)
                queue.removeAll()
                handler = closedHandler
                closedHandler = nil
                _ = failure
            }
            condition.broadcast()
            condition.unlock()

            completion?(failure == nil)
            for other in failed { other?(false) }
            if let failure, let handler { handler(failure) }
            if failure != nil { return }
        }
    }

    /// Writes all of `frame`; returns why it could not, or nil.
    private func writeWhole(_ frame: Data) -> String? {
        frame.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            guard let base = raw.baseAddress else { return nil }
            var offset = 0
            var stalledSince: Date?
            while offset < raw.count {
                var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&pollDescriptor, 1, 250)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return "poll failed: \(String(cString: strerror(errno)))"
                }
                if ready == 0 {
                    let since = stalledSince ?? Date()
                    stalledSince = since
                    if Date().timeIntervalSince(since) >= stallTimeout {
                        return "the client read nothing for \(Int(stallTimeout)) s"
                    }
                    continue
                }
                if pollDescriptor.revents & Int16(POLLERR | POLLNVAL) != 0 {
                    return "the output pipe is closed"
                }
                let chunk = min(raw.count - offset, Int(PIPE_BUF))
                let written = systemWrite(descriptor, base + offset, chunk)
                if written < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return errno == EPIPE ? "the client closed its end of the pipe" : "write failed: \(String(cString: strerror(errno)))"
                }
                offset += written
                stalledSince = nil
            }
            return nil
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, buffer, count)
    #else
    return Darwin.write(descriptor, buffer, count)
    #endif
}
