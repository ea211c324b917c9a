/// What a Cloudflare account's analytics say about one Durable Object namespace over a window: the raw material of
/// a ``NamespaceReport`` for a source that aggregates by time bucket instead of recording every second.
///
/// `nil` means the source could not measure the figure (a field the API rejected, or one it never offers); the
/// report then shows `null` with a note instead of a zero.
package struct AccountNamespaceFigures: Sendable, Equatable {
    /// The name shown: the binding of the wrangler config when known, else `script:Class`.
    package var namespace: String
    package var className: String?
    package var namespaceId: String
    package var scriptName: String?
    /// `false` for a KV-backed class (billed by storage units instead of rows).
    package var useSqlite: Bool?

    /// Invocations (HTTP, RPC, alarms, hibernated WebSocket messages, closed WebSocket connections).
    package var requests: Int = 0
    package var errors: Int?
    /// Invocations whose type is `alarm`.
    package var alarms: Int?
    package var wallTimeMicroseconds: Double?
    package var cpuTimeMicroseconds: Double?
    package var activeTimeMicroseconds: Double?
    package var rowsRead: Int?
    package var rowsWritten: Int?
    package var storageReadUnits: Int?
    package var storageWriteUnits: Int?
    package var storageDeletes: Int?
    /// Incoming messages on standard (not hibernated) WebSockets.
    package var webSocketMessagesIn: Int?
    package var storedBytes: Int64?
    /// Distinct objects with an invocation in the window; nil when the per-object grouping was not available.
    package var activeObjects: Int?
    /// True when the per-object grouping hit the query's row limit, so `activeObjects` is a lower bound.
    package var activeObjectsIsLowerBound = false
    /// The busiest objects, most requests first.
    package var hotObjects: [HotObject] = []
    /// Time buckets of `granularitySeconds`, oldest first; buckets without traffic may be missing.
    package var buckets: [Bucket] = []

    package struct HotObject: Sendable, Equatable {
        package var id: String
        package var requests: Int
        /// Requests in its busiest bucket.
        package var busiestBucketRequests: Int
        /// Buckets of the window in which it had traffic.
        package var activeBuckets: Int

        package init(id: String, requests: Int, busiestBucketRequests: Int, activeBuckets: Int) {
            self.id = id
            self.requests = requests
            self.busiestBucketRequests = busiestBucketRequests
            self.activeBuckets = activeBuckets
        }
    }

    package struct Bucket: Sendable, Equatable {
        /// Start of the bucket, Unix seconds.
        package var start: Int64
        package var requests: Int
        package var errors: Int?
        package var stateOperations: Int?

        package init(start: Int64, requests: Int, errors: Int?, stateOperations: Int?) {
            self.start = start
            self.requests = requests
            self.errors = errors
            self.stateOperations = stateOperations
        }
    }

    package init(namespace: String, className: String?, namespaceId: String, scriptName: String?, useSqlite: Bool?) {
        self.namespace = namespace
        self.className = className
        self.namespaceId = namespaceId
        self.scriptName = scriptName
        self.useSqlite = useSqlite
    }

    /// Storage operations: rows read and written, plus KV-backed read and write units and deletes.
    package var stateOperations: Int? {
        let parts = [rowsRead, rowsWritten, storageReadUnits, storageWriteUnits, storageDeletes].compactMap { $0 }
        return parts.isEmpty ? nil : parts.reduce(0, +)
    }
}

/// The window an account source actually queried: whole buckets of `granularitySeconds`.
package struct AccountWindow: Sendable, Equatable {
    /// First second of the window, Unix seconds (inclusive).
    package var from: Int64
    /// Last second of the window, Unix seconds (inclusive).
    package var to: Int64
    package var granularitySeconds: Int

    package init(from: Int64, to: Int64, granularitySeconds: Int) {
        self.from = from
        self.to = to
        self.granularitySeconds = granularitySeconds
    }

    package var seconds: Int { Int(to - from + 1) }
}
