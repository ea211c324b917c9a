import Foundation

/// The numbers a design is computed from, each given, read from the description, or assumed (and then said).
package struct WorkloadFigures: Sendable {
    /// Fraction of the entities assumed active at the same time at peak, when only a per-entity rate is known.
    package static let activeFractionAtPeak = 0.01
    /// Mean load over the month as a fraction of the peak.
    package static let averageToPeak = 1.0 / 3.0
    /// Seconds in the month the estimate covers (30 days, as the pricing page's example counts).
    package static let secondsPerMonth = 30.0 * 86_400

    package var entities: Double
    package var totalPeakRps: Double
    package var perEntityPeakRps: Double
    package var connectionsPerEntity: Double
    package var dataPerEntityBytes: Double
    package var writeFraction: Double
    package var wallMillisecondsPerEvent: Double
    package var retentionDays: Double?
    package var consistency: Requirements.Consistency?
    package var jurisdiction: Requirements.Jurisdiction?
    package var scheduledWork: Bool
    /// Statements about figures that were not given.
    package var assumptions: [String] = []
    /// Figures that were neither given nor found ("entities", "rate", "connections", "data", "consistency").
    package var missing: Set<String> = []

    /// The requirements as the design uses them.
    package var requirements: Requirements {
        Requirements(
            entities: entities, totalPeakRps: totalPeakRps, perEntityPeakRps: perEntityPeakRps,
            readWriteRatio: writeFraction > 0 ? (1 - writeFraction) / writeFraction : nil, consistency: consistency,
            connectionsPerEntity: connectionsPerEntity > 0 ? connectionsPerEntity : nil, scheduledWork: scheduledWork,
            dataPerEntityBytes: dataPerEntityBytes, jurisdiction: jurisdiction, retentionDays: retentionDays)
    }

    /// The requirements with only given or extracted figures (assumed ones left out), for designs that do not use them.
    package var reportedRequirements: Requirements {
        var value = requirements
        if missing.contains("entities") { value.entities = nil }
        if missing.contains("rate") { value.totalPeakRps = nil; value.perEntityPeakRps = nil }
        if missing.contains("connections") { value.connectionsPerEntity = nil }
        if missing.contains("data") { value.dataPerEntityBytes = nil }
        if !explicitWriteFraction { value.readWriteRatio = nil }
        if !explicitScheduledWork { value.scheduledWork = nil }
        return value
    }
    private var explicitWriteFraction = false
    private var explicitScheduledWork = false

    /// Works the figures out for a use case from what was given and what the description says.
    package init(useCase: UseCase, given: Requirements, quantities: [ExtractedQuantity], description: String) {
        let nouns = Set(useCase.entityNouns)
        let connectionNouns = Set(useCase.connectionNouns)
        let usesSockets = useCase.features.contains(.webSockets)
        func isEntityNoun(_ noun: String?) -> Bool { noun.map { nouns.contains($0) || $0 == "entity" } ?? false }
        var assumptions: [String] = []
        var missing: Set<String> = []
        let entityName = useCase.entityNouns.first ?? "entity"

        // Entities.
        if let value = given.entities {
            entities = value
        } else if let q = quantities.first(where: { $0.kind == .count && $0.per == nil && isEntityNoun($0.noun) }) {
            entities = q.value
        } else {
            entities = useCase.defaultEntities
            missing.insert("entities")
            assumptions.append("Assumed \(Quantity.format(entities)) \(entityName)\(entities == 1 ? "" : "s") (not given).")
        }

        // Connections per entity.
        if let value = given.connectionsPerEntity {
            connectionsPerEntity = value
        } else if let q = quantities.first(where: { $0.kind == .count && $0.per != nil && isEntityNoun($0.per) && !isEntityNoun($0.noun) }),
                  usesSockets || connectionNouns.contains(q.noun ?? "") {
            connectionsPerEntity = q.value
        } else if usesSockets {
            connectionsPerEntity = useCase.defaultConnectionsPerEntity
            missing.insert("connections")
            assumptions.append("Assumed \(Quantity.format(connectionsPerEntity)) WebSocket connections per \(entityName) at peak (not given).")
        } else {
            connectionsPerEntity = 0
        }

        // Rates.
        let extractedTotal = quantities.first { $0.kind == .rate && $0.per == nil }?.value
        let perEntityQuantity = quantities.first { $0.kind == .rate && isEntityNoun($0.per) }
        let perConnectionQuantity = quantities.first { $0.kind == .rate && $0.per.map { connectionNouns.contains($0) } == true }
        let connections = connectionsPerEntity
        var perEntity = given.perEntityPeakRps ?? perEntityQuantity?.value
            ?? perConnectionQuantity.map { $0.value * max(1, connections) }
        var total = given.totalPeakRps ?? extractedTotal
        let active = max(1, (entities * Self.activeFractionAtPeak).rounded(.up))
        switch (total, perEntity) {
        case (nil, nil):
            perEntity = useCase.defaultPerEntityPeakRps
            total = perEntity! * (entities <= 1 ? 1 : active)
            missing.insert("rate")
            assumptions.append("Assumed \(Quantity.format(perEntity!)) requests/s per \(entityName) at peak and \(entities <= 1 ? "one" : Quantity.format(active)) \(entityName)\(entities <= 1 ? "" : "s") active at once (\(Int(Self.activeFractionAtPeak * 100))% of them), \(Quantity.format(total!)) requests/s in all (no rate given).")
        case (let t?, nil):
            perEntity = entities <= 1 ? t : max(t / active, min(t, useCase.defaultPerEntityPeakRps))
            assumptions.append("Peak rate of the busiest \(entityName) assumed \(Quantity.format(perEntity!)) requests/s (\(Quantity.format(t)) requests/s spread over \(entities <= 1 ? "one" : Quantity.format(active) + " active") \(entityName)\(entities <= 1 ? "" : "s")); give perEntityPeakRps if one \(entityName) can be much hotter.")
        case (nil, let p?):
            total = p * (entities <= 1 ? 1 : active)
            if entities > 1 { missing.insert("total-rate") }
            assumptions.append("Total peak assumed \(Quantity.format(total!)) requests/s: \(Quantity.format(p)) per \(entityName) with \(entities <= 1 ? "one" : Quantity.format(active)) of \(Quantity.format(entities)) active at once (\(Int(Self.activeFractionAtPeak * 100))%).")
        default:
            break
        }
        totalPeakRps = total ?? 0
        perEntityPeakRps = perEntity ?? 0

        // Data.
        if let value = given.dataPerEntityBytes {
            dataPerEntityBytes = value
        } else if let q = quantities.first(where: { $0.kind == .bytes && $0.per != nil }) {
            dataPerEntityBytes = q.value
        } else if let q = quantities.first(where: { $0.kind == .bytes }) {
            dataPerEntityBytes = entities > 1 ? q.value / entities : q.value
            assumptions.append("\(q.text) read as the total, \(Quantity.format(dataPerEntityBytes)) bytes per \(entityName).")
        } else {
            dataPerEntityBytes = useCase.defaultDataPerEntityBytes
            missing.insert("data")
            assumptions.append("Assumed \(Self.bytesText(dataPerEntityBytes)) stored per \(entityName) (not given).")
        }

        // Reads and writes.
        if let ratio = given.readWriteRatio {
            writeFraction = 1 / (1 + max(0, ratio))
            explicitWriteFraction = true
        } else {
            writeFraction = useCase.defaultWriteFraction
            assumptions.append("Assumed \(Int((writeFraction * 100).rounded()))% of requests write (no read/write ratio given).")
        }

        wallMillisecondsPerEvent = quantities.first { $0.kind == .milliseconds }?.value ?? 10
        if !quantities.contains(where: { $0.kind == .milliseconds }) {
            assumptions.append("Assumed 10 ms of wall time per request or message, as in the pricing page's example.")
        }
        retentionDays = given.retentionDays ?? quantities.first { $0.kind == .days }?.value
        consistency = given.consistency
        if consistency == nil { missing.insert("consistency") }
        jurisdiction = given.jurisdiction ?? Self.jurisdiction(in: description)
        scheduledWork = given.scheduledWork ?? (useCase.alarmsPerEntityPerDay > 0 || retentionDays != nil)
        explicitScheduledWork = given.scheduledWork != nil
        assumptions.append("Monthly figures: average load \(Int((Self.averageToPeak * 100).rounded()))% of the peak, over a 30-day month.")
        self.assumptions = assumptions
        self.missing = missing
    }

    /// A jurisdiction named in the text: EU (or GDPR), FedRAMP, or US-only data.
    static func jurisdiction(in text: String) -> Requirements.Jurisdiction? {
        let lower = " " + RequirementExtractor.normalized(text) + " "
        if RequirementExtractor.contains(lower, phrase: "fedramp") { return .fedramp }
        if ["in the eu", "eu only", "eu data", "gdpr", "europe", "european union"].contains(where: { RequirementExtractor.contains(lower, phrase: $0) }) { return .eu }
        if ["in the us", "us only", "united states", "us data"].contains(where: { RequirementExtractor.contains(lower, phrase: $0) }) { return .us }
        return nil
    }

    /// "5 MB", "200 KB", "1.5 GB" (decimal units, as Cloudflare bills).
    static func bytesText(_ bytes: Double) -> String {
        if bytes >= 1e9 { return Quantity.format(bytes / 1e9) + " GB" }
        if bytes >= 1e6 { return Quantity.format(bytes / 1e6) + " MB" }
        if bytes >= 1e3 { return Quantity.format(bytes / 1e3) + " KB" }
        return Quantity.format(bytes) + " bytes"
    }
}
