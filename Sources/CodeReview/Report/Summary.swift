/// An overview of what the reviewer recognised.
package struct Summary: Codable, Sendable, Equatable {
    /// A class found in the code and whether it was reviewed as a Durable Object.
    package struct ClassInfo: Codable, Sendable, Equatable {
        package var name: String
        package var file: String
        package var isDurableObject: Bool
        /// The evidence for the decision, such as "extends DurableObject".
        package var why: String
    }

    /// A Durable Object binding declared in the wrangler configuration.
    package struct Binding: Codable, Sendable, Equatable {
        package var name: String
        package var className: String
        /// The Worker that defines the class, or `""` when it is this Worker.
        package var scriptName: String
        /// The environment (`env.<name>`) the binding belongs to, or `""` for the top level.
        package var environment: String
        /// True when a migration or `exports` entry creates the class.
        package var hasMigration: Bool
    }

    package struct Counts: Codable, Sendable, Equatable {
        package var error: Int
        package var warning: Int
        package var info: Int
    }

    package var classes: [ClassInfo]
    package var bindings: [Binding]
    package var counts: Counts
    /// Findings left out because they were less sure than the request's `minConfidence`.
    package var belowMinConfidence: Int
    package var durationMs: Double
}
