import Foundation
import Logging

/// How durable an acknowledged write is.
public enum DurabilityMode: String, Sendable, CaseIterable {
    /// A rollback journal kept between commits (`journal_mode=PERSIST`) with `synchronous=OFF` (no fsync): survives
    /// the process being killed, not a power loss. The default.
    case processCrash
    /// WAL with `synchronous=FULL`: every commit is fsynced; survives power loss.
    case powerLoss
}

/// Which storage semantics a class gets.
public enum StorageBackend: String, Sendable {
    /// SQLite-backed object: KV + SQL APIs, production SQLite limits.
    case sqlite
    /// Emulation of a production KV-backed class: KV API only, 2 KiB keys, 128 KiB values, 128 keys per call.
    case kvEmulation
}

/// A hook called before each commit of an object's transaction (tests inject latency or failures).
public typealias CommitHook = @Sendable (_ namespace: String, _ id: DurableObjectId) async throws -> Void

/// Configuration of a `DurableObjectsRuntime`. Every field has a documented default.
public struct RuntimeConfiguration: Sendable {
    /// Root of all persistent files (`do/…`, `metrics.sqlite`). Default: `./.do-architect`.
    public var dataDirectory: URL = URL(fileURLWithPath: ".do-architect")
    /// Name of the worker, the first half of each namespace's unique key. Default `do-architect`.
    public var workerName = "do-architect"
    /// Idle time after which an instance is evicted. Default 10 s.
    public var evictionTimeout: Duration = .seconds(10)
    /// How often the maintenance loop sweeps idle instances and flushes metrics. Default 1 s.
    public var maintenanceInterval: Duration = .seconds(1)
    /// `blockConcurrencyWhile` timeout; expiry resets the object. Default 30 s.
    public var blockConcurrencyTimeout: Duration = .seconds(30)
    /// Longest a commit may hold the output gate (applies to the injected `commitHook`); expiry resets the object
    /// with an `overloaded` error. Default 30 s.
    public var outputGateTimeout: Duration = .seconds(30)
    /// Wall-time limit of an alarm handler; expiry resets the object and the run is retried. Default 15 min.
    public var alarmTimeout: Duration = .seconds(900)
    /// Events allowed to wait at one object's input gate before callers get `overloaded`. Default 1,000.
    public var maxQueuedEvents = 1_000
    /// Events whose writes may share one commit (group commit). Default 256.
    public var maxBatchEvents = 256
    /// Durability of acknowledged writes. Default `.processCrash` (persistent rollback journal, `synchronous=OFF`).
    public var durability: DurabilityMode = .processCrash
    /// Object databases kept open at once (LRU of idle connections). Default 0: automatic, sized from the limit
    /// on open files, whose soft limit the runtime raises to the hard limit (each open object database holds two
    /// file descriptors; see `ConnectionPool.automaticCapacity`).
    public var maxOpenDatabases = 0
    /// Clock for alarms, eviction and timeouts. Default `SystemClock()`.
    public var clock: any RuntimeClock = SystemClock()
    /// Scale of alarm retry delays (1 = 2, 4, 8 … s). Tests use smaller values. Default 1.
    public var alarmBackoffScale: Double = 1
    /// Whether alarm retry delays get up to 25 % random jitter. Default true.
    public var alarmJitter = true
    /// Whether metrics are recorded. Default true.
    public var metricsEnabled = true
    /// Whether recorded metrics are flushed to `<dataDirectory>/metrics.sqlite`. Default true.
    public var metricsPersisted = true
    /// Seconds of per-namespace metrics kept in memory and in the store. Default 3,600.
    public var metricsRetentionSeconds = 3_600
    /// Objects kept in each second's hottest list. Default 20.
    public var hotObjectsPerSecond = 20
    /// Test hook: cap of each object database in pages (`PRAGMA max_page_count`); writes beyond it fail with
    /// "database or disk is full" and reset the object. Default none.
    public var maxDatabasePages: Int? = nil
    /// Called before each commit; tests inject latency or failure. Default none.
    public var commitHook: CommitHook? = nil
    /// Logger for runtime events (stderr is the caller's business). Default: a logger labelled `do.runtime`.
    public var logger = Logger(label: "do.runtime")

    /// The defaults.
    public init() {}

    /// Defaults with a data directory.
    public init(dataDirectory: URL) { self.dataDirectory = dataDirectory }
}
