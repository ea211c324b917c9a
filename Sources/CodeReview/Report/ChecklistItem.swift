/// One question of the review checklist (knowledge-base doc `review-checklist`), answered for the reviewed code.
package struct ChecklistItem: Codable, Sendable, Equatable {
    package enum Status: String, Codable, Sendable { case pass, fail, notApplicable }

    /// A stable id such as `state-persisted`.
    package var id: String
    package var question: String
    package var status: Status
    /// Why the status was chosen: the findings that failed it, or what was checked.
    package var evidence: String
}
