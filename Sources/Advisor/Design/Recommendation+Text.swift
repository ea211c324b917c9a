extension Recommendation {
    /// The recommendation as plain text for a terminal.
    package func text(includeCode: Bool = false) -> String {
        var out: [String] = []
        out.append("\(primitive.displayName) — \(pattern) (confidence: \(confidence.rawValue))")
        out.append(summary)
        out.append("")
        out.append("Design")
        out.append("  \(granularity.per)" + (granularity.nameScheme.map { ", named \($0)" } ?? ""))
        if let idStrategy { out.append("  \(idStrategy.example)") }
        if let shards { out.append("  Shards: \(shards.perEntity) per entity (budget \(Quantity.format(shards.budgetRps)) requests/s per object; \(shards.budgetRange))") }
        for part in combination.dropFirst() { out.append("  + \(part.primitive.displayName): \(part.role)") }
        out.append("")
        out.append("Why")
        for reason in reasons { out.append("  - \(reason.text) [\(reason.docs.joined(separator: ", "))]") }
        out.append("")
        out.append("Set aside")
        for rejection in rejected { out.append("  - \(rejection.primitive.displayName): \(rejection.why)") }
        if let storage {
            out.append("")
            out.append("Storage (\(storage.backend))")
            for table in storage.schema { out.append("  CREATE \(table)") }
            for advice in storage.advice { out.append("  - \(advice.text)") }
        }
        out.append("")
        if let monthlyCost {
            out.append("Monthly cost (\(monthlyCost.scope.rawValue), Workers Paid): \(Quantity.usd(monthlyCost.totalUSD))")
            for line in monthlyCost.lines {
                out.append("  \(line.item.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(Quantity.format(line.quantity)) \(line.unit) → \(Quantity.usd(line.usd))")
            }
            if let minimum = monthlyCost.planMinimumUSD { out.append("  plan minimum       \(Quantity.usd(minimum))") }
        } else {
            out.append("Cost")
        }
        out.append("  \(costNote)")
        out.append("")
        out.append("Limits")
        for limit in limits {
            let expected = limit.expected.map { " expected \(Quantity.format($0)) of \(Quantity.format(limit.value)) \(limit.unit)" } ?? " \(Quantity.format(limit.value)) \(limit.unit)"
            let margin = limit.marginPercent.map { ", \(Quantity.format($0))% left" } ?? ""
            out.append("  [\(limit.status)] \(limit.limit):\(expected)\(margin)")
        }
        out.append("")
        out.append("Assumptions")
        for assumption in assumptions { out.append("  - \(assumption)") }
        if !questions.isEmpty {
            out.append("")
            out.append("Questions that would change the design")
            for question in questions { out.append("  - \(question)") }
        }
        out.append("")
        out.append("Docs: " + docs.joined(separator: ", "))
        if includeCode, let skeleton {
            out.append("")
            out.append("// \(skeleton.typescriptPath)")
            out.append(skeleton.typescript)
            out.append("// \(skeleton.wranglerPath)")
            out.append(skeleton.wrangler)
        } else if skeleton != nil {
            out.append("Skeleton: run again with --code (or --json) for the TypeScript class and wrangler.jsonc.")
        }
        return out.joined(separator: "\n")
    }
}
