import Foundation

/// The arguments of `recommendArchitecture` (`Schemas/recommendArchitecture.input.json`), decodable from the tool's
/// JSON arguments.
package struct RecommendationRequest: Sendable, Equatable, Codable {
    package var description: String
    package var requirements: Requirements?
    /// Whether the caller wants the design run on the embedded runtime; the engine ignores it, the MCP layer acts on it.
    package var verify: Bool?

    package init(description: String, requirements: Requirements? = nil, verify: Bool? = nil) {
        self.description = description
        self.requirements = requirements
        self.verify = verify
    }
}

/// A request the advisor cannot answer: a stable `code` and a message that says what to do.
package struct AdvisorError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: String
    package var message: String
    package var description: String { message }

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

extension ArchitectureAdvisor {
    /// The recommendation for a tool request.
    ///
    /// - Throws: `AdvisorError` `empty-description` when the description is blank, `description-too-long` past
    ///   `maxDescriptionLength` characters.
    package func recommend(_ request: RecommendationRequest) throws(AdvisorError) -> Recommendation {
        let text = request.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw AdvisorError(code: "empty-description", message: "The description is empty: describe the use case in plain words, e.g. \"chat app with rooms, 200 users per room\".")
        }
        guard text.count <= Self.maxDescriptionLength else {
            throw AdvisorError(code: "description-too-long", message: "The description has \(text.count) characters; at most \(Self.maxDescriptionLength). Keep the use case and its numbers, and pass known figures in `requirements`.")
        }
        return recommend(description: text, requirements: request.requirements ?? Requirements())
    }
}
