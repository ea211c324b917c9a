import BundledContent
import CJavaScriptCore
import DurableObjects
import Foundation
import JSONModel
import Logging

/// A loaded Worker: its project, its bundle, what its classes offer, and one context group per engine thread
/// (a group is never shared with another Worker). Its Durable Object classes run on a `DurableObjectsRuntime`
/// through `register(in:)`.
public final class JSWorker: Sendable {
    /// What a class bound as a Durable Object offers.
    public struct ClassInfo: Sendable, Equatable {
        public var binding: String
        public var className: String
        /// Public methods of the class (RPC methods, plus `fetch`/`alarm`/`webSocket*` handlers when defined).
        public var methods: [String]
        public var storage: StorageBackend
    }

    public let project: WorkerProject
    public let bundle: WorkerBundle
    /// Answers for outbound `fetch` (`loadWorker {fetchMocks}`); any other outbound request is refused.
    public let fetchMocks: [FetchMock]
    /// Live objects of this Worker, least recently used first evicted beyond `maxLiveObjects`.
    let liveObjects: LiveObjects
    /// The classes bound as Durable Objects, in binding order.
    public var classes: [ClassInfo] { classStore.withLock { $0 } }
    private let classStore = Locked<[ClassInfo]>([])
    let logger: Logger
    let sourceMap: SourceMap?
    private let pool: JSThreadPool
    private let groups: Locked<[Int: JSGroup]>
    private let cpuLimit: Double
    /// The stateless entry's context per runtime, with its group: one context for the Worker, so its module state
    /// is one, as in one workerd isolate (it lives as long as the Worker). Used only on its group's thread.
    private let entries = Locked<[ObjectIdentifier: (group: JSGroup, entry: UnsafeTransfer<JSObjectInstance>)]>([:])
    /// The group of each runtime's entry, chosen once (before the entry exists) so that concurrent first
    /// requests make one entry.
    private let entryGroups = Locked<[ObjectIdentifier: JSGroup]>([:])
    /// The bundle's text, made once for every global that evaluates it.
    private let bundleScript: JSScriptText

    /// Reads, bundles and checks a Worker (it is evaluated once to find its exported classes and methods).
    ///
    /// - Throws: `WorkerLoadError` (no config, esbuild missing, unsupported import, a class bound but not
    ///   exported, an exception while evaluating the bundle).
    package static func load(
        path: String?, config: String? = nil, main: String? = nil, allowedRoots: [URL]? = nil,
        fetchMocks: [FetchMock] = [], maxLiveObjects: Int = JSWorker.defaultMaxLiveObjects,
        pool: JSThreadPool = .shared, logger: Logger = Logger(label: "do.jshost")
    ) throws -> JSWorker {
        let project = try WorkerProject.read(path: path, config: config, main: main, allowedRoots: allowedRoots)
        let bundle = try WorkerBundler.bundle(project)
        return try JSWorker(project: project, bundle: bundle, fetchMocks: fetchMocks, maxLiveObjects: maxLiveObjects, pool: pool, logger: logger)
    }

    /// The default cap on live objects per Worker (`DO_ARCHITECT_MAX_JS_OBJECTS` overrides it).
    public static let defaultMaxLiveObjects: Int = {
        if let text = ProcessInfo.processInfo.environment["DO_ARCHITECT_MAX_JS_OBJECTS"], let n = Int(text), n > 0 { return n }
        return 1_000
    }()

    /// Checks a bundled Worker: every bound class must be exported.
    package init(
        project: WorkerProject, bundle: WorkerBundle, fetchMocks: [FetchMock] = [], maxLiveObjects: Int = JSWorker.defaultMaxLiveObjects,
        pool: JSThreadPool = .shared, logger: Logger = Logger(label: "do.jshost")
    ) throws {
        self.project = project
        self.bundle = bundle
        self.fetchMocks = fetchMocks
        self.liveObjects = LiveObjects(capacity: max(1, maxLiveObjects))
        self.pool = pool
        self.logger = logger
        self.groups = Locked([:])
        self.cpuLimit = Double(project.cpuLimitMs ?? 30_000) / 1000
        self.bundleScript = JSScriptText(bundle.script, url: bundle.sourceURL)
        self.sourceMap = bundle.sourceMap.flatMap { try? SourceMap(json: $0, bundleURL: bundle.sourceURL, root: project.root) }
        let group = self.group(for: pool.threads[0])
        let found: [ClassInfo] = try group.thread.sync {
            let global = JSGlobal(group: group, name: "\(project.name).check")
            defer { global.release() }
            let exports: JSObjectRef
            do {
                exports = try self.prepare(global, hooks: HostHooks(), bindings: global.makeObject())
            } catch let error as JSHostError {
                let mapped = self.mapped(error)
                throw WorkerLoadError(.evaluationFailed, "The Worker threw while loading: \(mapped.name): \(mapped.message)\(mapped.stack.map { "\n\($0)" } ?? "")")
            }
            let context = global.context
            let host = JSValue.property(context, global.globalObject, "__doHost")!
            let methods = JSValue.property(context, host, "methods")!
            var infos: [ClassInfo] = []
            for binding in project.durableObjects where binding.scriptName == nil {
                guard let classObject = JSValue.property(context, exports, binding.className), JSObjectIsConstructor(context, classObject) else {
                    throw WorkerLoadError(.classNotExported, "The class \(binding.className) is bound as \(binding.name) in \((project.configPath as NSString).lastPathComponent) but \(project.main.lastPathComponent) does not export it. Add `export class \(binding.className) extends DurableObject { … }` (or re-export it from the entry).")
                }
                let names = try JSValue.json(context, try global.call(methods, this: host, [classObject])).arrayValue?.compactMap(\.stringValue) ?? []
                infos.append(ClassInfo(binding: binding.name, className: binding.className, methods: names, storage: project.storage(of: binding.className)))
            }
            return infos
        }.value
        classStore.withLock { $0 = found }
    }

    /// The context group of this Worker on `thread` (made on first use).
    func group(for thread: JSThread) -> JSGroup {
        groups.withLock { groups in
            if let group = groups[thread.index] { return group }
            let group = JSGroup(thread: thread, cpuLimit: cpuLimit)
            groups[thread.index] = group
            return group
        }
    }

    /// JavaScriptCore's heap figures summed over this Worker's context groups (`JSGetMemoryUsageStatistics`), after
    /// a full collection of each when `collect` (for benchmarks: a collection stops the group's thread).
    package func heapStatistics(collect: Bool) -> (heapSize: Int, heapCapacity: Int, extraMemory: Int, objects: Int, globals: Int) {
        var total = (heapSize: 0, heapCapacity: 0, extraMemory: 0, objects: 0, globals: 0)
        for group in groups.withLock({ Array($0.values) }) {
            let figures = group.thread.sync { () -> [String: Int] in
                guard let context = JSGlobalContextCreateInGroup(group.ref, nil) else { return [:] }
                defer { JSGlobalContextRelease(context) }
                if collect { JSSynchronousGarbageCollectForDebugging(context) }
                let stats = JSGetMemoryUsageStatistics(context)
                var out: [String: Int] = [:]
                for name in ["heapSize", "heapCapacity", "extraMemorySize", "objectCount", "globalObjectCount"] {
                    if let stats, let value = JSValue.propertyValue(context, stats, name) {
                        out[name] = Int(JSValueToNumber(context, value, nil))
                    }
                }
                return out
            }.value
            total.heapSize += figures["heapSize"] ?? 0
            total.heapCapacity += figures["heapCapacity"] ?? 0
            total.extraMemory += figures["extraMemorySize"] ?? 0
            total.objects += figures["objectCount"] ?? 0
            total.globals += figures["globalObjectCount"] ?? 0
        }
        return total
    }

    /// The group a new object goes to (threads taken round-robin).
    func nextGroup() -> JSGroup { group(for: pool.assign()) }

    /// Registers each bound class as a namespace under its binding name (storage kept per Worker name and class).
    ///
    /// - Throws: the runtime's error when a binding is already registered.
    @discardableResult
    public func register(in runtime: DurableObjectsRuntime) throws -> [DurableObjectNamespace] {
        try classes.map { info in
            try runtime.register(binding: info.binding, objectClass(info), workerName: project.name)
        }
    }

    /// The runtime's class for a bound JavaScript class: each instance is a context running this Worker's code.
    func objectClass(_ info: ClassInfo) -> DurableObjectClass {
        DurableObjectClass(name: info.className, hasAlarmHandler: info.methods.contains("alarm"), storage: info.storage) { context in
            try await JSDurableObject.make(worker: self, className: info.className, context: context)
        }
    }

    /// Releases the stateless entry contexts (the Worker was replaced); objects go when their namespace evicts them.
    func retire() {
        let retired = entries.withLock { table in
            defer { table.removeAll() }
            return Array(table.values)
        }
        entryGroups.withLock { $0.removeAll() }
        for (group, entry) in retired {
            group.thread.async { entry.value.release() }
        }
    }

    /// Fills a new global: `__host`, the shim, the host glue, `env`, then the bundle; returns the bundle's exports.
    /// Call on the global's thread.
    func prepare(_ global: JSGlobal, hooks: HostHooks, bindings: JSObjectRef) throws -> JSObjectRef {
        global.installHost(hooks)
        for (index, script) in JSWorker.shimScripts.enumerated() {
            let helpers = try global.evaluate(script)
            // The shim's helpers (globals.js's completion value) reach the host glue once, through a global it deletes.
            if index == 0 { global.define("__shimHelpers", helpers) }
        }
        let context = global.context
        guard let host = JSValue.property(context, global.globalObject, "__doHost"),
            let makeEnv = JSValue.property(context, host, "makeEnv") else {
            throw JSHostError(.invalidArgument, "The binary lacks Sources/JSHost/Shim/durable-object-host.js; rebuild it.")
        }
        let description: JSON = [
            "vars": .array(project.vars.map { [.string($0.0), $0.1] }),
            "others": .array(project.otherBindings.map { ["name": .string($0.name), "kind": .string($0.kind)] }),
            "namespaces": .array(project.durableObjects.filter { $0.scriptName == nil }.map { .string($0.name) }),
            "classes": .object(JSONObject(project.durableObjects.filter { $0.scriptName == nil }.map { ($0.className, JSON.string($0.name)) })),
            "bundleGlobal": .string(WorkerBundler.globalName),
        ]
        let env = try global.call(makeEnv, this: host, [JSValue.make(context, description), bindings])
        global.define("__workerEnv", env)
        try global.evaluate(bundleScript)
        guard let exports = JSValue.property(context, global.globalObject, WorkerBundler.globalName) else {
            throw JSHostError(.invalidArgument, "The bundle did not define its exports.")
        }
        return exports
    }

    /// Sends a request to the default export's `fetch` handler, with `env` reaching `runtime`'s namespaces
    /// (the runtime the classes were registered in).
    ///
    /// - Throws: `DurableObjectError` with the exception's class, message and mapped stack.
    public func fetch(_ request: ObjectRequest, runtime: DurableObjectsRuntime) async throws -> ObjectResponse {
        let key = ObjectIdentifier(runtime)
        let group = entryGroups.withLock { groups in
            if let group = groups[key] { return group }
            let group = nextGroup()
            groups[key] = group
            return group
        }
        let environment = WorkerEnvironment(
            clock: runtime.configuration.clock, namespace: { [weak runtime] binding in runtime?.namespace(binding) })
        let capture = ConsoleCapture.current
        let (started, _) = group.thread.sync { () -> Result<(JSObjectInstance, Int, Result<JSON, JSHostError>?), any Error> in
            Result {
                let entry: JSObjectInstance
                if let existing = entries.withLock({ $0[key] }) {
                    entry = existing.entry.value
                } else {
                    entry = try JSObjectInstance(worker: self, group: group, role: .worker, environment: environment)
                    entries.withLock { $0[key] = (group, UnsafeTransfer(entry)) }
                }
                entry.capture = capture
                defer { entry.capture = nil }
                let token = try entry.fetch(request)
                return (entry, token, entry.take(token))
            }
        }
        let (entry, token, early) = try started.mapError { ($0 as? JSHostError)?.runtimeError ?? $0 }.get()
        if let early {
            let json = try early.mapError(\.runtimeError).get()
            var response = ObjectResponse(json: json)
            do { response.webSocket = try entry.takeClient(json) } catch let error as JSHostError { throw error.runtimeError }
            return response
        }
        while true {
            let taken = group.thread.sync { entry.take(token) }.value
            if let taken {
                let json = try taken.mapError(\.runtimeError).get()
                var response = ObjectResponse(json: json)
                do { response.webSocket = try entry.takeClient(json) } catch let error as JSHostError { throw error.runtimeError }
                return response
            }
            switch await entry.mailbox.next(for: token) {
            case .completion(let completion):
                let delivered = group.thread.sync {
                    entry.capture = capture
                    defer { entry.capture = nil }
                    return Result { try entry.deliver(completion) }
                }.value
                try delivered.mapError { ($0 as? JSHostError)?.runtimeError ?? $0 }.get()
            case .cancelled: throw CancellationError()
            case .settled: break
            }
        }
    }

    /// An exception with its stack mapped to the user's files through the source map.
    func mapped(_ error: JSHostError) -> JSHostError {
        guard let sourceMap, let stack = error.stack else { return error }
        var copy = error
        copy.stack = sourceMap.mapStack(stack)
        return copy
    }

    /// The shim's scripts, in the order every global evaluates them, made once per process.
    static let shimScripts: [JSScriptText] = ["Sources/JSHost/Shim/globals.js", "Sources/JSHost/Shim/durable-object-host.js"].compactMap { path in
        shim[path].map { JSScriptText($0, url: "do-architect:///\((path as NSString).lastPathComponent)") }
    }

    /// The embedded shim files by path.
    static let shim: [String: String] = Dictionary(
        BundledContent.files(in: "Sources/JSHost/Shim").map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
}
