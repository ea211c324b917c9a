import Foundation

/// A GraphQL answer: the rows of each aliased group, and the errors it carried.
package struct AnalyticsResponse {
    /// Rows by group alias; a group absent from the answer is absent here.
    package var groups: [String: [[String: Any]]]
    /// The `errors[].message` texts.
    package var errors: [String]

    /// Parses the body of `POST /graphql`.
    ///
    /// - Throws: ``CloudflareError`` `malformedResponse` when it is not the GraphQL shape.
    package init(data: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CloudflareError(.malformedResponse, "The Cloudflare GraphQL API answered with something that is not JSON (\(data.count) bytes); try again, and report it if it persists.")
        }
        errors = (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        groups = [:]
        if let dataObject = object["data"] as? [String: Any] {
            guard let viewer = dataObject["viewer"] as? [String: Any] else {
                throw CloudflareError(.malformedResponse, "The Cloudflare GraphQL answer has data without viewer.")
            }
            let accounts = viewer["accounts"] as? [[String: Any]] ?? []
            for (alias, rows) in accounts.first ?? [:] {
                if let rows = rows as? [[String: Any]] { groups[alias] = rows }
            }
        } else if object["errors"] == nil {
            throw CloudflareError(.malformedResponse, "The Cloudflare GraphQL answer has neither data nor errors.")
        }
    }

    /// Errors that reject a field or a dataset we asked for: the catalogue entries (or whole datasets) they name.
    ///
    /// The exact wording of Cloudflare's validation errors was not observable here, so any message that mentions a
    /// field (or says unknown/cannot query) and quotes one of our names counts: `Cannot query field "x" on type "y"`,
    /// `unknown field "x"`, `field 'x' not found in type: 'y'`.
    package static func rejections(in messages: [String], query: AnalyticsQuery) -> (fields: Set<AnalyticsField>, datasets: Set<AnalyticsDataset>, byMessage: [String: String]) {
        var fields: Set<AnalyticsField> = []
        var datasets: Set<AnalyticsDataset> = []
        var byMessage: [String: String] = [:]
        for message in messages {
            let lower = message.lowercased()
            guard lower.contains("field") || lower.contains("unknown") || lower.contains("cannot query") else { continue }
            let quoted = Self.quotedWords(message)
            if let dataset = AnalyticsDataset.allCases.first(where: { quoted.contains($0.rawValue) }) {
                datasets.insert(dataset)
                byMessage[dataset.rawValue] = message
                continue
            }
            // The type named in the message (e.g. "AccountDurableObjectsPeriodicGroupsSum") narrows the dataset.
            let typeHint = quoted.map { $0.lowercased() }.joined(separator: " ")
            let hinted = AnalyticsDataset.allCases.filter { d in
                let key = d == .invocations ? "invocations" : d == .periodic ? "periodic" : d == .sqlStorage ? "sqlstorage" : "objectsstorage"
                return typeHint.contains(key)
            }
            for word in quoted {
                let candidates = AnalyticsField.catalogue.filter { $0.name == word && (hinted.isEmpty || hinted.contains($0.dataset)) }
                for field in candidates where query.asks(field.dataset, field.name) {
                    fields.insert(field)
                    byMessage["\(field.dataset.rawValue).\(field.name)"] = message
                }
            }
        }
        return (fields, datasets, byMessage)
    }

    static func quotedWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: String?
        var quote: Character = "\""
        for c in text {
            if var word = current {
                if c == quote { words.append(word); current = nil } else { word.append(c); current = word }
            } else if c == "\"" || c == "'" || c == "`" {
                quote = c
                current = ""
            }
        }
        return words
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `row["sum"]["requests"]` as a number.
    func number(_ block: String, _ name: String) -> Double? {
        guard let inner = self[block] as? [String: Any] else { return nil }
        return (inner[name] as? NSNumber)?.doubleValue ?? (inner[name] as? String).flatMap(Double.init)
    }

    /// `row["dimensions"][name]` as a string.
    func dimension(_ name: String) -> String? {
        guard let inner = self["dimensions"] as? [String: Any] else { return nil }
        return inner[name] as? String ?? (inner[name] as? NSNumber)?.stringValue
    }
}
