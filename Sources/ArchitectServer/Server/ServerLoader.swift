import Foundation
import Logging

/// The server, built on a thread of its own from the first moment, so that a session answers `initialize` (and
/// `ping`, `prompts/*`, `resources/*`) while the embedded runtime still opens its databases and the schemas are
/// read. A request that needs the server (`tools/*`) waits for it: at most the build time, once.
///
/// `serve` builds the server this way; tests and the command line build it at once (``init(_:)``).
package final class ServerLoader: Sendable {
    /// The knowledge base (building on its own thread too).
    package let knowledge: KnowledgeLoader
    /// The `initialize` instructions, known before the server is built.
    package let instructions: String
    package let logger: Logger
    private let server: BuiltOnThread<ArchitectServer>

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
        server = BuiltOnThread(threadName: "do-architect.start", build: build)
    }

    /// Wraps a server that is already built.
    package init(_ server: ArchitectServer) {
        knowledge = server.knowledgeLoader
        instructions = server.instructions
        logger = server.logger
        self.server = BuiltOnThread(server)
    }

    /// The server, once built, suspending (never blocking a thread) while it builds.
    /// - Throws: the error that stopped the build, every time it is asked for.
    package func ready() async throws -> ArchitectServer {
        try await server.ready()
    }

    /// The server, once built, blocking the calling thread while it builds (for synchronous callers).
    /// - Throws: the error that stopped the build.
    package func get() throws -> ArchitectServer {
        try server.get()
    }
}
