/// One fact of the knowledge base: a number, limit, price, date or precise behaviour, stated once in
/// `Knowledge/facts.json` and referred to from docs by id (`{{id}}`).
package struct Fact: Sendable, Codable, Equatable {
    /// How far a fact is confirmed.
    package enum Status: String, Sendable, Codable {
        /// Confirmed by the official page in `url`.
        case verified
        /// Official sources disagree; `dispute` gives the other side and its source.
        case disputed
        /// Known only from third-party code or drafts; docs must say so.
        case unverified
    }

    /// The other side of a disputed fact.
    package struct Dispute: Sendable, Codable, Equatable {
        /// What the other source says, in a sentence that names both values.
        package var statement: String
        /// The other source.
        package var url: String
    }

    /// Lowercase words joined by `-` (`sqlite-storage-per-object`).
    package var id: String
    /// The value as docs show it (`10`, `200–500`, `2026-07-02`).
    package var value: String
    /// The unit shown after the value (`GB`, `requests per second`); empty for dates and names.
    package var unit: String
    /// The fact in one sentence.
    package var statement: String
    /// The official page that states it (a dated changelog post for a change).
    package var url: String
    /// The date the fact last changed (`YYYY-MM-DD`).
    package var changed: String
    /// The date the fact was last verified (`YYYY-MM-DD`).
    package var checked: String
    package var status: Status
    /// Present exactly when `status` is `disputed`.
    package var dispute: Dispute?

    /// The value with its unit, as a reference `{{id}}` expands to. A price shows its value alone (`$0.15`): the
    /// doc says what it is per, and the unit (`per million requests`) is in the facts file.
    package var display: String { unit.isEmpty || value.hasPrefix("$") ? value : value + " " + unit }
}

/// The part of a fact that `searchDocs` returns beside a snippet that states it.
package struct FactReference: Sendable, Codable, Equatable {
    package var id: String
    package var statement: String
    /// The value with its unit.
    package var value: String
    package var url: String
    package var changed: String
    /// Present for a disputed fact: the other side.
    package var disputed: String?

    init(_ fact: Fact) {
        id = fact.id
        statement = fact.statement
        value = fact.display
        url = fact.url
        changed = fact.changed
        disputed = fact.dispute.map { "\($0.statement) (\($0.url))" }
    }
}
