import DurableObjects
import JSONModel

/// A built-in object class with what tools need to know about it: binding, description, methods (arguments as
/// JSON Schema, result shape) and its default workload.
package struct PatternClass: Sendable {
    /// The binding (`COUNTER`).
    package var binding: String
    /// The runtime class (`Counter`).
    package var objectClass: DurableObjectClass
    /// One sentence: what the pattern is for.
    package var summary: String
    /// How this class implements the pattern (storage, alarms, sockets).
    package var implementation: String
    /// Its methods, in a stable order.
    package var methods: [MethodSpec]
    /// The method `runWorkload` calls when none is given.
    package var defaultWorkloadMethod: String
    /// The arguments of the default workload method (requests may vary them; see the class's plan).
    package var defaultWorkloadArguments: JSON
    /// Makes the checks of a workload calling `method` with base arguments `args` (called once per run).
    package var makePlan: @Sendable (_ method: String, _ args: JSON) -> any WorkloadPlan

    /// The class name (`Counter`).
    package var className: String { objectClass.name }

    /// The method named `name`.
    /// - Throws: `PatternError.unknownMethod` listing the methods that exist.
    package func method(_ name: String) throws -> MethodSpec {
        if let m = methods.first(where: { $0.name == name }) { return m }
        throw PatternError(
            .unknownMethod,
            "\(binding) (\(className)) has no method \"\(name)\". Methods: \(methods.map(\.name).joined(separator: ", ")).")
    }
}
