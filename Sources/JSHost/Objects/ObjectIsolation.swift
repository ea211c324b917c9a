import DurableObjects

/// Runs `body` with `context`'s isolation from inside an entry its executor made.
///
/// Only valid inside `JSDurableObject.enter`: the object's executor is inside `JSThread.sync` (running the entry in
/// place, or blocked while the lane's thread runs it), so no other job of the actor runs meanwhile (the same
/// exclusivity an isolated call has). Swift cannot see that, so this casts the isolated function type to a plain
/// one, as `assumeIsolated` does after its own check.
func withParkedIsolation<T>(_ context: ObjectContext, _ body: (isolated ObjectContext) throws -> T) throws -> T {
    try withoutActuallyEscaping(body) { body in
        let plain = unsafeBitCast(body, to: ((ObjectContext) throws -> T).self)
        return try plain(context)
    }
}
