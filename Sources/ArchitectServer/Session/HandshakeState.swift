import Foundation
import JSONModel

/// What the handshake era remembers between requests: the version `initialize` chose, whether the client
/// declared roots and the MCP Apps extension, and the log level `logging/setLevel` set.
/// Sendable by hand: every mutable field is guarded by `lock`.
final class HandshakeState: @unchecked Sendable {
    // All protected by `lock`.
    private var version: String?
    private var declaresRoots = false
    private var declaresViews = false
    private var level: LogLevel = .warning
    private let lock = NSLock()

    /// Records an `initialize`: its version and the client's capabilities.
    func initialized(version: String, capabilities: JSONObject) {
        lock.lock()
        self.version = version
        declaresRoots = capabilities["roots"]?.objectValue != nil
        declaresViews = ViewResources.declared(in: capabilities)
        lock.unlock()
    }

    /// The version `initialize` chose, if any.
    var negotiatedVersion: String? {
        lock.lock()
        defer { lock.unlock() }
        return version
    }

    /// Whether the client declared the `roots` capability in `initialize`.
    var clientDeclaresRoots: Bool {
        lock.lock()
        defer { lock.unlock() }
        return declaresRoots
    }

    /// Whether the client declared the MCP Apps extension (`io.modelcontextprotocol/ui`) in `initialize`.
    var clientDeclaresViews: Bool {
        lock.lock()
        defer { lock.unlock() }
        return declaresViews
    }

    /// The lowest level of log message the client wants (warning until `logging/setLevel`).
    var logLevel: LogLevel {
        get {
            lock.lock()
            defer { lock.unlock() }
            return level
        }
        set {
            lock.lock()
            level = newValue
            lock.unlock()
        }
    }
}
