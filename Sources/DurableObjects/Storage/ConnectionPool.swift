import Foundation

/// An LRU of idle object-database connections shared by all namespaces of a runtime.
///
/// An object checks its connection out for a turn and back in when its transaction has committed. When more than
/// `capacity` connections are open, the least recently used idle ones are closed (never one in use).
package final class ConnectionPool: Sendable {
    private struct State {
        var idle: [String: (connection: SQLiteConnection, stamp: UInt64)] = [:]
        var order: [(path: String, stamp: UInt64)] = []
        var orderHead = 0
        var stamp: UInt64 = 0
        var open = 0
        var createdDirectories: Set<String> = []
        /// An empty database, and one with the empty KV table (see `createFromTemplate`).
        var template: [UInt8]?
        var kvTemplate: [UInt8]?
    }

    private let state = Locked(State())
    /// Maximum open connections.
    package let capacity: Int
    /// Durability applied to each connection opened.
    package let durability: DurabilityMode

    /// Test hook: `PRAGMA max_page_count` of object databases.
    let maxPages: Int?

    package init(capacity: Int, durability: DurabilityMode, maxPages: Int? = nil) {
        self.capacity = max(1, capacity)
        self.durability = durability
        self.maxPages = maxPages
    }

    /// The default capacity: as many object databases as the limit on open files allows, two descriptors each
    /// (the database and its journal, or its WAL in power-loss mode: exclusive locking needs no `-shm` file),
    /// keeping `reservedFiles` for everything else, and at most `maxAutomaticCapacity` (each open connection keeps
    /// a few cached pages and statements in memory, about 35 KB; 67 KB in power-loss mode, with its WAL index).
    /// Reading it first raises the process's soft limit to its hard limit.
    package static let automaticCapacity: Int = {
        let files = raiseOpenFileLimit()
        return max(64, min((files - reservedFiles) / 2, maxAutomaticCapacity))
    }()

    /// File descriptors left for the rest of the process (stores, sockets, the knowledge base, a JavaScript host).
    static let reservedFiles = 512
    /// Upper bound of the automatic capacity.
    static let maxAutomaticCapacity = 10_000
    /// Open connections up to which idle ones keep their cached pages (see `checkin`).
    static let cachesKeptUpTo = 1_024

    /// Raises the soft limit on open files (RLIMIT_NOFILE) to the hard limit; returns the soft limit in force.
    static func raiseOpenFileLimit() -> Int {
        #if os(Linux)
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        #else
        let resource = RLIMIT_NOFILE
        #endif
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1_024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 {
                limit = raised
            } else {
                // macOS refuses more than OPEN_MAX (10,240) even when the hard limit is unlimited.
                raised.rlim_cur = min(limit.rlim_max, 10_240)
                if raised.rlim_cur > limit.rlim_cur, setrlimit(resource, &raised) == 0 { limit = raised }
            }
        }
        return Int(min(limit.rlim_cur, 1 << 20))
    }

    /// Open connections, idle or in use.
    package var openCount: Int { state.withLock { $0.open } }

    /// Heap bytes the idle connections hold, by what holds them (for benchmarks).
    package var idleMemoryUse: (connections: Int, cache: Int, schema: Int, statements: Int) {
        state.withLock { s in
            s.idle.values.reduce(into: (connections: 0, cache: 0, schema: 0, statements: 0)) { sum, entry in
                let use = entry.connection.memoryUse
                sum.connections += 1
                sum.cache += use.cache
                sum.schema += use.schema
                sum.statements += use.statements
            }
        }
    }

    /// Takes the idle connection for `path`, or opens one. Returns `nil` when the file does not exist and
    /// `create` is false. `withKVTable`: a database created now already holds the (empty) KV table, because the
    /// write about to run is a KV write that would create it in the same transaction.
    package func checkout(path: String, create: Bool, withKVTable: Bool = false) throws -> SQLiteConnection? {
        if let c = state.withLock({ s -> SQLiteConnection? in s.idle.removeValue(forKey: path)?.connection }) {
            return c
        }
        if !create && access(path, F_OK) != 0 { return nil }
        var created = false
        if create {
            try ensureDirectory(of: path)
            if durability == .processCrash { created = try createFromTemplate(path, withKVTable: withKVTable) }
        }
        let connection = try SQLiteConnection(path: path, create: create, durability: durability, exclusive: true, maxPages: maxPages)
        if created && withKVTable { connection.kvTableKnown = true }
        state.withLock { $0.open += 1 }
        return connection
    }

    /// Returns a connection after a turn; closes least recently used idle connections beyond capacity.
    package func checkin(_ connection: SQLiteConnection) {
        // With many databases open, an idle connection gives back its cached pages (about 8 KB: its next turn
        // reads them again from the OS cache, a few microseconds). Below `cachesKeptUpTo` open connections the
        // pages stay cached, so a few hot objects pay nothing.
        if state.withLock({ $0.open > Self.cachesKeptUpTo }) { connection.releaseCachedPages() }
        var victims: [SQLiteConnection] = []
        state.withLock { s in
            s.stamp += 1
            s.idle[connection.path] = (connection, s.stamp)
            s.order.append((connection.path, s.stamp))
            while s.open > capacity, s.orderHead < s.order.count {
                let (path, stamp) = s.order[s.orderHead]
                s.orderHead += 1
                if let entry = s.idle[path], entry.stamp == stamp {
                    s.idle[path] = nil
                    s.open -= 1
                    victims.append(entry.connection)
                }
            }
            if s.orderHead > 4_096 && s.orderHead * 2 > s.order.count {
                s.order.removeFirst(s.orderHead)
                s.orderHead = 0
            }
        }
        victims.removeAll()  // closes them (deinit), outside the lock
    }

    /// Closes a connection that is not checked in (after a failure or when its object is deleted).
    package func discard(_ connection: SQLiteConnection) {
        state.withLock { $0.open -= 1 }
    }

    /// Closes the idle connection of `path`, if any (before deleting its files).
    package func closeIdle(path: String) {
        let victim = state.withLock { s -> SQLiteConnection? in
            guard let entry = s.idle.removeValue(forKey: path) else { return nil }
            s.open -= 1
            return entry.connection
        }
        _ = victim
    }

    /// Forgets which object folders exist (after a namespace's folders were deleted), so that the next object
    /// made creates its folder again.
    package func forgetDirectories() {
        state.withLock { $0.createdDirectories.removeAll() }
    }

    /// Closes every idle connection.
    package func closeAllIdle() {
        let victims = state.withLock { s -> [SQLiteConnection] in
            let all = s.idle.values.map(\.connection)
            s.open -= all.count
            s.idle.removeAll()
            s.order.removeAll()
            s.orderHead = 0
            return all
        }
        _ = victims
    }

    /// Marks the namespace folder as the top of a directory hierarchy for ext4's Orlov allocator (`chattr +T`):
    /// its 256 shard folders, and so the object files created in them, are spread over block groups with free
    /// inodes instead of sharing the block group of the data directory. On ext4 without a journal, creating a file
    /// in a block group with many recently deleted inodes is slow (the allocator skips each of them); `/tmp` on
    /// the reference machine created 600 files/s, 8,900/s with the flag. A hint: ignored where unsupported.
    static func spreadSubdirectories(of directory: String) {
        #if os(Linux)
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let getFlags: UInt = 0x8008_6601, setFlags: UInt = 0x4008_6602, topDirectory: Int = 0x0002_0000  // FS_IOC_*, FS_TOPDIR_FL
        var flags = 0
        guard ioctl(fd, getFlags, &flags) == 0, flags & topDirectory == 0 else { return }
        flags |= topDirectory
        _ = ioctl(fd, setFlags, &flags)
        #endif
    }

    /// Creates a new object database by writing a template: an empty database made once by SQLite, one write().
    /// When the first write is a KV write, the template also holds the empty `_cf_KV` table (two pages):
    /// creating it in the object's first transaction cost a seventh of a creation (the CREATE TABLE statement,
    /// the schema reparsed, page 1 written again). Returns false when the file exists. Process-crash mode only:
    /// the file is not synced (power-loss mode lets SQLite create the file, with its syncs).
    private func createFromTemplate(_ path: String, withKVTable: Bool) throws -> Bool {
        let page = try template(near: path, withKVTable: withKVTable)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw DurableObjectError(.storage, "Cannot create object database \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = page.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != page.count {
            unlink(path)
            throw DurableObjectError(.storage, "Cannot write object database \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// The bytes of an empty database in rollback-journal mode (with the empty KV table when `withKVTable`), made
    /// once by SQLite itself in the folder of `path`.
    private func template(near path: String, withKVTable: Bool) throws -> [UInt8] {
        if let page = state.withLock({ withKVTable ? $0.kvTemplate : $0.template }) { return page }
        let scratch = (path as NSString).deletingLastPathComponent + "/.template-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { unlink(scratch + suffix) } }
        do {
            let maker = try SQLiteConnection(path: scratch, create: true, durability: durability)
            if withKVTable { try maker.execute(ObjectStorage.createKVTable) }
            try maker.execute("PRAGMA journal_mode=DELETE")  // checkpoints the WAL; header bytes 18-19 become 1
        }
        guard let data = FileManager.default.contents(atPath: scratch), data.count >= 512, data[18] == 1, data[19] == 1
        else { throw DurableObjectError(.storage, "Cannot make the template of an object database in \(scratch)") }
        let page = [UInt8](data)
        state.withLock { s in
            if withKVTable { s.kvTemplate = page } else { s.template = page }
        }
        return page
    }

    private func ensureDirectory(of path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if state.withLock({ $0.createdDirectories.contains(dir) }) { return }
        Self.spreadSubdirectories(of: (dir as NSString).deletingLastPathComponent)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        state.withLock { _ = $0.createdDirectories.insert(dir) }
    }
}
