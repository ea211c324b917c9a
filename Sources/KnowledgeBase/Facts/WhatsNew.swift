/// The `whats-new` doc: every fact announced by a dated changelog post, newest change first, one section per
/// month, generated from the facts' `changed` dates so that it can never disagree with them.
enum WhatsNew {
    static let id = "whats-new"
    /// A multiplier of its search score: it repeats every dated fact, so it answers "what is new" without
    /// crowding out the docs that explain each fact.
    static let searchWeight = 0.5

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The doc, built like any bundled doc (its front matter and Markdown are generated here).
    static func document(facts sheet: FactSheet) throws -> KnowledgeDocument {
        let facts = sheet.facts.filter { $0.url.contains("/changelog/20") }.sorted { $0.changed != $1.changed ? $0.changed > $1.changed : $0.id < $1.id }
        var months: [(key: String, facts: [Fact])] = []
        for fact in facts {
            let key = String(fact.changed.prefix(7))
            if months.last?.key == key { months[months.count - 1].facts.append(fact) } else { months.append((key, [fact])) }
        }
        var urls: [String] = []
        for fact in facts where !urls.contains(fact.url) { urls.append(fact.url) }
        for fact in facts { if let url = fact.dispute?.url, !urls.contains(url) { urls.append(url) } }
        let checked = facts.map(\.checked).max() ?? "2026-01-01"
        let newest = facts.first.map { "\($0.changed): \($0.statement)" } ?? ""
        var text = """
            ---
            id: \(id)
            title: "What's new in Durable Objects: the latest features and changes by date"
            summary: The latest Durable Objects features, limits and changes, newest first, generated from the facts with their dates and official sources.
            tags: [overview, changelog, new, latest]
            sources:
            \(urls.map { "  - " + $0 }.joined(separator: "\n"))
            asOf: \(checked)
            ---
            # What's new in Durable Objects

            The newest Durable Objects features and changes come first, one section per month, each line with the
            date it changed and the dated changelog post that announced it. The latest: \(newest) To find the docs that changed after a
            date, search with `since` (for example `"since": "2026-06-01"`).

            """
        for month in months {
            let parts = month.key.split(separator: "-")
            let name = Int(parts.last ?? "").flatMap { (1...12).contains($0) ? monthNames[$0 - 1] : nil } ?? String(month.key)
            text += "\n## What changed in Durable Objects in \(name) \(parts.first ?? "")?\n\n"
            var sources: [String] = []
            for fact in month.facts {
                var line = "- \(fact.changed): \(fact.statement) ({{\(fact.id)}})"
                if fact.status == .unverified, !fact.statement.hasPrefix("Unverified") {
                    line = "- \(fact.changed): Unverified: \(fact.statement) ({{\(fact.id)}})"
                }
                if fact.status == .disputed { line += " {{\(fact.id):dispute}}" }
                text += line + "\n"
                if !sources.contains(fact.url) { sources.append(fact.url) }
                if let url = fact.dispute?.url, !sources.contains(url) { sources.append(url) }
            }
            text += "\nSources: \(sources.joined(separator: ", "))\n"
        }
        return try KnowledgeDocument(file: "Knowledge/\(id).md", text: text, facts: sheet)
    }
}
