import DurableObjects
import Foundation

/// The fixed set of JavaScript threads, one per core: context groups are spread over them round-robin.
package final class JSThreadPool: Sendable {
    /// The threads.
    package let threads: [JSThread]
    private let next = Locked(0)

    /// Starts `count` threads (default: one per active core).
    package init(count: Int = ProcessInfo.processInfo.activeProcessorCount) {
        threads = (0..<max(1, count)).map { JSThread(index: $0) }
    }

    /// The thread for a new context group.
    package func assign() -> JSThread {
        let index = next.withLock { n -> Int in
            defer { n = (n + 1) % threads.count }
            return n
        }
        return threads[index]
    }

    /// The process-wide pool.
    package static let shared = JSThreadPool()
}
