import DurableObjects
import Foundation
import JSONModel

/// The embedded runtime with every built-in class registered, plus the caller-side state the classes need
/// (the client ends of chat connections). The MCP server owns one.
///
/// ```swift
/// let patterns = try PatternRuntime(dataDirectory: dir)
/// async let loop: Void = patterns.runtime.run()          // alarms, eviction, metrics flush
/// let r = try await patterns.invoke(namespace: "COUNTER", object: .name("a"), method: "increment", args: ["by": 2])
/// let w = try await patterns.runWorkload(WorkloadOptions(namespace: "COUNTER", requests: 10_000))
/// ```
package final class PatternRuntime: Sendable {
    /// Which object a call addresses.
    package enum ObjectAddress: Sendable, Hashable {
        /// `idFromName(name)`.
        case name(String)
        /// `idFromString(hex)`.
        case id(String)
    }

    /// The result of one call.
    package struct Invocation: Sendable {
        /// The binding.
        package var namespace: String
        /// The object's id (64 hex digits).
        package var id: String
        /// The name, when addressed by name.
        package var name: String?
        /// What the method returned.
        package var result: JSON
        /// Wall time of the call in milliseconds.
        package var durationMs: Double
    }

    /// The runtime (call `run()` on it to get alarms, eviction and the metrics flush).
    package let runtime: DurableObjectsRuntime
    /// The classes, in catalog order.
    package let classes: [PatternClass]
    let connections = ChatConnections()
    /// The namespaces of the built-in classes, by binding (a loaded Worker may bind another in their place).
    private let builtins: [String: DurableObjectNamespace]

    /// Registers every built-in class on `runtime`.
    /// - Throws: when a binding is already registered there.
    package init(runtime: DurableObjectsRuntime) throws {
        self.runtime = runtime
        self.classes = PatternCatalog.all
        var builtins: [String: DurableObjectNamespace] = [:]
        for c in classes { builtins[c.binding] = try runtime.register(binding: c.binding, c.objectClass) }
        self.builtins = builtins
    }

    /// Whether the built-in namespace `binding` is hidden: a loaded Worker bound its own class under that name.
    package func isHidden(_ binding: String) -> Bool {
        guard let builtin = builtins[binding] else { return false }
        return runtime.namespace(binding) !== builtin
    }

    /// The built-in classes whose binding is not hidden by a loaded Worker.
    package var visibleClasses: [PatternClass] { classes.filter { !isHidden($0.binding) } }

    /// Makes a runtime on `dataDirectory` (worker name `do-architect`) and registers every built-in class.
    package convenience init(
        dataDirectory: URL, configure: (inout RuntimeConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = RuntimeConfiguration(dataDirectory: dataDirectory)
        configuration.workerName = PatternCatalog.workerName
        configure(&configuration)
        try self.init(runtime: DurableObjectsRuntime(configuration: configuration))
    }

    /// The class bound as `binding`.
    /// - Throws: `PatternError.unknownNamespace` listing the namespaces.
    package func pattern(_ binding: String) throws -> PatternClass {
        if isHidden(binding) {
            throw PatternError(.unknownNamespace, "The built-in namespace \(binding) is hidden while the loaded Worker binds its own class under that name: calls to \(binding) go to the Worker's class (listNamespaces shows its methods).")
        }
        if let c = classes.first(where: { $0.binding == binding }) { return c }
        return try PatternCatalog.pattern(binding)
    }

    /// The namespace bound as `binding`: a built-in class, or a class of a Worker loaded on this runtime.
    package func namespace(_ binding: String) throws -> DurableObjectNamespace {
        if let ns = runtime.namespace(binding) { return ns }
        _ = try pattern(binding)
        guard let ns = runtime.namespace(binding) else {
            throw PatternError(.unknownNamespace, "The namespace \(binding) is not registered in this runtime.")
        }
        return ns
    }

    /// A stub for an address.
    /// - Throws: `invalidId` for a malformed id or one of another namespace.
    package func stub(_ binding: String, _ object: ObjectAddress) throws -> DurableObjectStub {
        let ns = try namespace(binding)
        switch object {
        case .name(let name): return ns.getByName(name)
        case .id(let hex): return try ns.get(ns.idFromString(hex))
        }
    }

    /// One call to one object, arguments validated against the method's schema first: `invokeObject`.
    /// - Throws: `PatternError` (unknown namespace or method, invalid arguments: the message lists what
    ///   exists) or the object's `DurableObjectError`.
    package func invoke(
        namespace binding: String, object: ObjectAddress, method: String, args: JSON = .null
    ) async throws -> Invocation {
        let c = try pattern(binding)
        let spec = try c.method(method)
        let arguments = args == .null ? JSON.object([:]) : args
        try ArgumentValidator.validate(arguments, against: spec.arguments)
        let stub = try stub(binding, object)
        let start = ContinuousClock.now
        let result: JSON
        switch spec.transport {
        case .rpc: result = try await stub.call(method, arguments)
        case .webSocketClient: result = try await clientMethod(method, arguments, stub: stub)
        }
        let elapsed = ContinuousClock.now - start
        return Invocation(
            namespace: binding, id: stub.id.hex, name: stub.name, result: result,
            durationMs: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    /// A summary of an object's storage, alarm and sockets (`inspectObject`); creates nothing for an object that
    /// was never written.
    package func inspect(namespace binding: String, object: ObjectAddress) async throws -> ObjectInspection {
        let stub = try stub(binding, object)
        return try await namespace(binding).inspect(stub.id)
    }

    /// Deletes objects and their storage: one object, a namespace, or everything (`resetObjects`).
    /// Returns the number of stored objects removed per namespace.
    package func reset(namespace binding: String? = nil, object: ObjectAddress? = nil) async throws -> [String: Int] {
        if let binding, let object {
            let stub = try stub(binding, object)
            let ns = try namespace(binding)
            let existed = ns.storedObjectIds().contains(stub.id.hex)
            connections.removeAll(of: stub.id)
            await ns.deleteObject(stub.id)
            return [binding: existed ? 1 : 0]
        }
        let targets = try binding.map { [try namespace($0)] } ?? runtime.namespaces
        var removed: [String: Int] = [:]
        for ns in targets {
            connections.removeAll(namespace: ns.binding)
            removed[ns.binding] = await ns.deleteAllObjects()
        }
        return removed
    }
}
