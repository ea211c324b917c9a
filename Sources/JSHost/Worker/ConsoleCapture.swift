import DurableObjects

/// The console output of one tool call (`invokeObject`, `invokeWorker`): what the Worker's code printed while the
/// call ran, in the objects it reached too (calls through stubs carry the capture along). Bounded: at most
/// `maxEntries` lines, each cut to `maxMessageBytes`, `maxTotalBytes` in all; `truncated` says something was
/// dropped or cut.
///
/// Set it with `ConsoleCapture.$current.withValue(capture) { … }` around the call; the engine appends each
/// `console.*` line of the contexts the call enters. The same lines always go to the server's log (stderr).
public final class ConsoleCapture: Sendable {
    /// One line of output.
    public struct Entry: Codable, Sendable, Equatable {
        /// `debug`, `info`, `log`, `warn` or `error`.
        public var level: String
        public var message: String
    }

    /// The capture of the running call, if any.
    @TaskLocal public static var current: ConsoleCapture?

    public static let maxEntries = 100
    public static let maxMessageBytes = 2_000
    public static let maxTotalBytes = 32_000

    private struct State {
        var entries: [Entry] = []
        var bytes = 0
        var truncated = false
    }

    private let state = Locked(State())

    public init() {}

    /// Records one line (dropped or cut when a bound is reached).
    func append(level: String, message: String) {
        state.withLock { s in
            guard s.entries.count < Self.maxEntries, s.bytes < Self.maxTotalBytes else {
                s.truncated = true
                return
            }
            var text = message
            let limit = min(Self.maxMessageBytes, Self.maxTotalBytes - s.bytes)
            if text.utf8.count > limit {
                text = String(decoding: text.utf8.prefix(limit), as: UTF8.self)
                // A cut inside a character leaves U+FFFD at the end; drop it.
                while text.hasSuffix("\u{FFFD}") { text.removeLast() }
                text += "…"
                s.truncated = true
            }
            s.bytes += text.utf8.count
            s.entries.append(Entry(level: level, message: text))
        }
    }

    /// The lines recorded, in order.
    public var entries: [Entry] { state.withLock { $0.entries } }
    /// Whether lines were dropped or cut.
    public var truncated: Bool { state.withLock { $0.truncated } }
}

/// An answer for outbound `fetch` (`loadWorker {fetchMocks}`).
///
/// A request matches when its URL equals `url`, or starts with `url` without its final `*` when `url` ends with
/// `*`; the first matching mock in order answers, after `latencyMs` on the runtime's clock.
public struct FetchMock: Codable, Sendable, Equatable {
    public var url: String
    public var status: Int
    public var body: String
    public var headers: [String: String]
    public var latencyMs: Double

    public init(url: String, status: Int = 200, body: String = "", headers: [String: String] = [:], latencyMs: Double = 0) {
        self.url = url
        self.status = status
        self.body = body
        self.headers = headers
        self.latencyMs = latencyMs
    }

    /// Whether the mock answers `requestURL`.
    public func matches(_ requestURL: String) -> Bool {
        if url.hasSuffix("*") { return requestURL.hasPrefix(url.dropLast()) }
        return requestURL == url
    }
}

/// The live objects of one Worker, for its cap: when more than `capacity` are in memory, the least recently used
/// idle ones are evicted (JavaScriptCore has no memory limit per context, so memory is bounded by bounding
/// contexts).
final class LiveObjects: Sendable {
    struct Key: Hashable, Sendable {
        var binding: String
        var id: DurableObjectId
    }

    private struct Entry {
        var lastUse: UInt64
        weak var namespace: DurableObjectNamespace?
    }

    let capacity: Int
    private let state = Locked<(tick: UInt64, entries: [Key: Entry])>((0, [:]))
    private let evicting = Locked(false)

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { state.withLock { $0.entries.count } }

    /// An object was made or entered.
    func touch(_ key: Key, namespace: DurableObjectNamespace) {
        state.withLock { s in
            s.tick &+= 1
            let tick = s.tick
            // One hash of the key per touch (every entry into an object touches it).
            s.entries[key, default: Entry(lastUse: tick, namespace: namespace)].lastUse = tick
        }
    }

    /// An object left memory.
    func remove(_ key: Key) { _ = state.withLock { $0.entries.removeValue(forKey: key) } }

    /// Evicts least recently used objects until at most `capacity` are live (objects busy with an event are
    /// skipped; they go on a later pass). One pass at a time: a call that finds a pass running leaves the work to
    /// it, so the running pass looks again when it ends (objects may have been made meanwhile), and stops early
    /// only when a pass could evict nothing (every excess object busy; the next object made tries again).
    func enforce() async {
        while count > capacity {
            guard evicting.withLock({ busy in
                defer { busy = true }
                return !busy
            }) else { return }
            let evicted = await evictionPass()
            evicting.withLock { $0 = false }
            if evicted == 0 { return }
        }
    }

    /// One pass over the live objects, least recently used first; returns how many left memory.
    private func evictionPass() async -> Int {
        let candidates = state.withLock { s in
            s.entries.sorted { $0.value.lastUse < $1.value.lastUse }.map { ($0.key, $0.value.namespace) }
        }
        var excess = candidates.count - capacity
        var evicted = 0
        for (key, namespace) in candidates where excess > 0 {
            guard let namespace else {
                remove(key)
                excess -= 1
                evicted += 1
                continue
            }
            if await namespace.evict(key.id) {
                excess -= 1
                evicted += 1
            }
        }
        return evicted
    }
}
