import DurableObjects

/// Runs `body` with `context`'s isolation while its executor is parked.
///
/// Only valid inside `JSDurableObject.enter`: the object's executor is blocked in `JSThread.sync` waiting for
/// the engine thread, so no other job of the actor runs while the engine thread uses it (the same exclusivity an
/// isolated call has). Swift cannot see that wait, so this casts the isolated function type to a plain one, as
/// `assumeIsolated` does after its own check.
func withParkedIsolation<T>(_ context: ObjectContext, _ body: (isolated ObjectContext) throws -> T) throws -> T {
    try withoutActuallyEscaping(body) { body in
        let plain = unsafeBitCast(body, to: ((ObjectContext) throws -> T).self)
        return try plain(context)
    }
}
