import JSONModel

/// A handle to one object. Making a stub does not create the object; its first call does.
///
/// A stub binds to the instance that served it first. If that instance breaks (reset), this stub keeps failing
/// with the reset error; get a new stub for a fresh instance. Eviction is not breakage: the stub rebinds.
public final class DurableObjectStub: Sendable {
    /// The object's id.
    public let id: DurableObjectId
    /// The namespace.
    public let namespace: DurableObjectNamespace
    private let bound = Locked<ObjectContext?>(nil)

    init(id: DurableObjectId, namespace: DurableObjectNamespace) {
        self.id = id
        self.namespace = namespace
    }

    /// The name, for stubs made from a name.
    public var name: String? { id.name }

    func withInstance<R: Sendable>(_ op: (ObjectContext) async throws -> R) async throws -> R {
        while true {
            let context: ObjectContext
            if let b = bound.withLock({ $0 }) {
                context = b
            } else {
                context = try namespace.context(for: id)
                bound.withLock { $0 = context }
            }
            do {
                return try await op(context)
            } catch is InstanceEvicted {
                bound.withLock { if $0 === context { $0 = nil } }
                continue
            }
        }
    }

    /// Calls an RPC method with JSON arguments.
    /// - Throws: `DurableObjectError` (`remote` for errors thrown by the object; see its flags).
    public func call(_ method: String, _ args: JSON = .null) async throws -> JSON {
        try await withInstance { try await $0.handleCall(method, args) }
    }

    /// Sends an HTTP-style request.
    public func fetch(_ request: ObjectRequest) async throws -> ObjectResponse {
        try await withInstance { try await $0.handleFetch(request) }
    }
}

extension ObjectContext {
    func handleCall(_ method: String, _ args: JSON) async throws -> JSON {
        try await perform(.rpc) { ctx, object in try await object.call(method, args, context: ctx) }
    }

    func handleFetch(_ request: ObjectRequest) async throws -> ObjectResponse {
        try await perform(.request) { ctx, object in try await object.fetch(request, context: ctx) }
    }

    /// Runs with the live instance and its storage under the input gate (tests, `inspectObject`).
    package func runInObject<R: Sendable>(_ body: @Sendable (isolated ObjectContext, any DurableObject) throws -> R) async throws -> R {
        try await perform(.internalEvent) { ctx, object in try body(ctx, object) }
    }
}
