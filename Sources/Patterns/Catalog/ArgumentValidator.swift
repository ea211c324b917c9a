import DurableObjects
import JSONModel

/// Checks a method's arguments against its JSON Schema with the one validator of our schema subset
/// (`JSONSchemaValidator`), so that a call through `invokeObject` and a workload's calls are judged alike.
package enum ArgumentValidator {
    /// Throws `PatternError.invalidArguments` with every violation, each naming its field (`args.by`). A `null`
    /// member counts as absent, as the classes read it (`Arguments`), so `{"by": null}` is `{}`.
    package static func validate(_ value: JSON, against schema: JSON, path: String = "args") throws {
        let violations = JSONSchemaValidator(schema: schema).violations(of: value.droppingNullMembers, root: path)
        guard !violations.isEmpty else { return }
        throw PatternError(.invalidArguments, violations.prefix(5).map(\.message).joined(separator: " "))
    }
}
