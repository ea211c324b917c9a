import DurableObjects
import Foundation
import JSONModel
import TestSupport

@testable import Patterns

/// Runs `body` with every built-in class registered on a runtime that runs on a manual clock.
@discardableResult
func withPatterns<R: Sendable>(
    clock: ManualClock = ManualClock(),
    configure: @escaping (inout RuntimeConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (PatternRuntime, ManualClock) async throws -> R
) async throws -> R {
    try await withRuntime(clock: clock, configure: configure) { runtime, clock in
        try await body(try PatternRuntime(runtime: runtime), clock)
    }
}

extension PatternRuntime {
    /// Calls a method on the object named `name` and returns its result.
    func call(_ namespace: String, _ name: String, _ method: String, _ args: JSON = [:]) async throws -> JSON {
        try await invoke(namespace: namespace, object: .name(name), method: method, args: args).result
    }
}

/// Polls an object until `condition` holds on a method's result (real time, up to 5 s).
func waitFor(
    _ patterns: PatternRuntime, _ namespace: String, _ name: String, _ method: String, _ args: JSON = [:],
    until condition: @escaping @Sendable (JSON) -> Bool
) async throws -> JSON {
    _ = try await eventually { condition(try await patterns.call(namespace, name, method, args)) }
    return try await patterns.call(namespace, name, method, args)
}
