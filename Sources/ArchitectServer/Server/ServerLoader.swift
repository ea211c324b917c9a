import Foundation
import Logging

/// The server, built on a thread of its own from the first moment, so that a session answers `initialize` (and
/// `ping`, `prompts/*`, `resources/*`) while the embedded runtime still opens its databases and the schemas are
/// read. A request that needs the server (`tools/*`) waits for it: at most the build time, once.
///
/// `serve` builds the server this way; tests and the command line build it at once (``init(_:)``).
/// Sendable by hand: every mutable field is guarded by `condition` (an `NSCondition`).
package final class ServerLoader: @unchecked Sendable {
    /// The knowledge base (building on its own thread too).
    package let knowledge: KnowledgeLoader
    /// The `initialize` instructions, known before the server is built.
    package let instructions: String
    package let logger: Logger
    // Both protected by `condition`.
    private var result: Result<ArchitectServer, any Error>?
    private var waiters: [CheckedContinuation<ArchitectServer, any Error>] = []
    private let condition = NSCondition()

    /// Starts `build` on a thread of its own.
    /// - Parameters:
    ///   - knowledge: the knowledge base the server will use (its `asOf` goes into the instructions).
    ///   - instructions: what `initialize` says, the same as the built server's ``ArchitectServer/instructions``.
    package init(
        knowledge: KnowledgeLoader, instructions: String, logger: Logger,
        build: @escaping @Sendable () throws -> ArchitectServer
    ) {
        self.knowledge = knowledge
        self.instructions = instructions
        self.logger = logger
        let thread = Thread { [self] in
            let built = Result { try build() }
            condition.lock()
            result = built
            let waiting = waiters
            waiters = []
            condition.broadcast()
            condition.unlock()
            for waiter in waiting { waiter.resume(with: built) }
        }
        thread.name = "do-architect.start"
        thread.start()
    }

    /// Wraps a server that is already built.
    package init(_ server: ArchitectServer) {
        knowledge = server.knowledgeLoader
        instructions = server.instructions
        logger = server.logger
        result = .success(server)
    }

    /// The server, once built, suspending (never blocking a thread) while it builds.
    /// - Throws: the error that stopped the build, every time it is asked for.
    package func ready() async throws -> ArchitectServer {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            guard let result else {
                waiters.append(continuation)
                condition.unlock()
                return
            }
            condition.unlock()
            continuation.resume(with: result)
        }
    }

    /// The server, once built, blocking the calling thread while it builds (for synchronous callers).
    /// - Throws: the error that stopped the build.
    package func get() throws -> ArchitectServer {
        condition.lock()
        while result == nil { condition.wait() }
        let value = result!
        condition.unlock()
        return try value.get()
    }
}
