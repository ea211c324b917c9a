import JSONModel

/// The handle given to a `transaction` closure. All storage calls made during the closure (on this handle, on
/// `context.storage`, and SQL) belong to the transaction; `rollback()` undoes them.
public final class ObjectTransaction {
    enum State { case active, rolledBack, finished }
    let storage: ObjectStorage
    let savepoint: String
    var state = State.active

    init(storage: ObjectStorage, savepoint: String) {
        self.storage = storage
        self.savepoint = savepoint
    }

    private func check(_ op: String) throws {
        switch state {
        case .active: return
        case .rolledBack:
            throw DurableObjectError(.transaction, "Cannot \(op) on rolled back transaction")
        case .finished:
            throw DurableObjectError(
                .transaction,
                "Cannot call \(op) on transaction that has already committed: did you move `txn` outside of the closure?")
        }
    }

    /// The value of `key`.
    public func get(_ key: String) throws -> JSON? {
        try check("get()")
        return try storage.get(key)
    }

    /// Stores a value.
    public func put(_ key: String, _ value: JSON?) throws {
        try check("put()")
        try storage.put(key, value)
    }

    /// Deletes a key.
    @discardableResult
    public func delete(_ key: String) throws -> Bool {
        try check("delete()")
        return try storage.delete(key)
    }

    /// Lists entries.
    public func list(_ options: ListOptions = ListOptions()) throws -> [KVEntry] {
        try check("list()")
        return try storage.list(options)
    }

    /// Refused inside a transaction.
    public func deleteAll() throws {
        throw DurableObjectError(.transaction, "Cannot call deleteAll() within a transaction")
    }

    /// Undoes the transaction's writes now; later operations on the handle throw. Repeated calls do nothing.
    public func rollback() throws {
        if state == .rolledBack { return }
        try check("rollback()")
        if let c = storage.connection {
            try c.execute("ROLLBACK TO \(savepoint)")
            c.kvTableKnown = nil
            c.metadataTableKnown = nil
        }
        state = .rolledBack
    }
}

extension ObjectContext {
    /// Runs `body` as a transaction: no other event is delivered meanwhile (even across `external` awaits);
    /// writes made before it in the same turn are committed first. Throwing (or `rollback()`) undoes its writes;
    /// the object is not reset. The closure runs exactly once.
    public func transaction<T>(_ body: nonisolated(nonsending) (ObjectTransaction) async throws -> T) async throws -> T {
        if storage.savepointDepth == 0 && storage.hasPendingWrites { try await commitNow() }
        if let brokenError { throw brokenError }
        let name = "_cf_savepoint_\(storage.savepointDepth)"
        let c = try storage.beginWrite(confirmed: true)
        try c.execute("SAVEPOINT \(name)")
        storage.savepointDepth += 1
        criticalDepth += 1
        let txn = ObjectTransaction(storage: storage, savepoint: name)
        defer {
            criticalDepth -= 1
            txn.state = .finished
        }
        do {
            let result = try await body(txn)
            storage.savepointDepth -= 1
            try c.execute("RELEASE \(name)")
            return result
        } catch {
            storage.savepointDepth -= 1
            try? c.execute("ROLLBACK TO \(name)")
            try? c.execute("RELEASE \(name)")
            c.kvTableKnown = nil
            c.metadataTableKnown = nil
            throw error
        }
    }
}
