import DurableObjects

/// What a ``MetricsSource`` gathers about one namespace for a window: the raw material of a ``NamespaceReport``.
package struct NamespaceSnapshot: Sendable {
    package var namespace: String
    package var className: String?
    /// Per-second rows of the window, oldest first (seconds without traffic may be missing).
    package var seconds: [MetricsSecond]
    /// Distinct objects that handled an event in the window.
    package var activeObjects: Int
    /// The busiest objects of the window, most requests first.
    package var hotObjects: [HotObjectWindow]
    package var objectsInMemory: Int
    package var storedBytes: Int64
    package var storedObjects: Int
    /// The largest object's database among the window's busiest (bytes, as of its last commit); nil when not read.
    package var largestObjectBytes: Int64? = nil
    /// What one object may store: 10 GB on Cloudflare (GB = 10^9 bytes), or the cap of the runtime that ran them.
    package var storageLimitBytes: Int64 = NamespaceSnapshot.cloudflareStorageLimitBytes

    /// Storage per SQLite-backed object on Cloudflare: 10 GB (fact sheet §1, limits page).
    package static let cloudflareStorageLimitBytes: Int64 = 10_000_000_000

    package struct HotObjectWindow: Sendable {
        package var id: String
        package var name: String?
        package var requests: Int
        /// The most requests it handled in one second.
        package var peakPerSecond: Int
        /// Seconds of the window in which it had traffic.
        package var activeSeconds: Int
        /// Rows and keys it wrote per request over its life, when known.
        package var writesPerRequest: Double?

        package init(id: String, name: String?, requests: Int, peakPerSecond: Int, activeSeconds: Int) {
            self.id = id
            self.name = name
            self.requests = requests
            self.peakPerSecond = peakPerSecond
            self.activeSeconds = activeSeconds
        }
    }

    package init(
        namespace: String, className: String?, seconds: [MetricsSecond], activeObjects: Int,
        hotObjects: [HotObjectWindow], objectsInMemory: Int, storedBytes: Int64, storedObjects: Int
    ) {
        self.namespace = namespace
        self.className = className
        self.seconds = seconds
        self.activeObjects = activeObjects
        self.hotObjects = hotObjects
        self.objectsInMemory = objectsInMemory
        self.storedBytes = storedBytes
        self.storedObjects = storedObjects
    }
}

/// Where `getDOMetrics` gets its numbers: the runtime embedded in this server, or (later) Cloudflare's GraphQL
/// Analytics API for deployed objects. Every source returns the same ``MetricsReport``.
package protocol MetricsSource: Sendable {
    /// `embedded`, `cloudflare-graphql`, …
    var name: String { get }
    /// Snapshots of the namespaces (only `namespace` when given) over `[from, to]` (Unix seconds, inclusive).
    func snapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot]
    /// Snapshots of a window that ended in the past (the baseline of a comparison), when the source reads such a
    /// window differently; by default the same as `snapshots`.
    func baselineSnapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot]
}

extension MetricsSource {
    package func baselineSnapshots(namespace: String?, from: Int64, to: Int64) async throws -> [NamespaceSnapshot] {
        try await snapshots(namespace: namespace, from: from, to: to)
    }
}
