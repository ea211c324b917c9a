/// An error of the knowledge base: a stable code and a message that says what went wrong and what to do.
package struct KnowledgeBaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier of the kind of error.
    package struct Code: RawRepresentable, Sendable, Hashable {
        package var rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// A doc in `Knowledge/` is malformed.
        package static let invalidDocument = Code(rawValue: "invalidDocument")
        /// `Knowledge/facts.json` is malformed.
        package static let invalidFacts = Code(rawValue: "invalidFacts")
        /// A search argument is out of its range (an unknown collection, a malformed date).
        package static let invalidArgument = Code(rawValue: "invalidArgument")
        /// The query has nothing searchable in it.
        package static let emptyQuery = Code(rawValue: "emptyQuery")
        /// No doc has the given id.
        package static let unknownDocument = Code(rawValue: "unknownDocument")
        /// The doc has no section with the given heading or slug.
        package static let unknownSection = Code(rawValue: "unknownSection")
        /// The index could not be built or queried.
        package static let indexFailure = Code(rawValue: "indexFailure")
    }

    package var code: Code
    package var message: String

    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }

    static func invalidDocument(_ file: String, _ problem: String) -> KnowledgeBaseError {
        KnowledgeBaseError(code: .invalidDocument, message: "\(file): \(problem).")
    }
}
