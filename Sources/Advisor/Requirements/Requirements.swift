/// What the caller knows about the workload; every field is optional.
///
/// Decodes from the `requirements` object of `Schemas/recommendArchitecture.input.json`. Values given here win over
/// what `RequirementExtractor` finds in the description.
package struct Requirements: Sendable, Equatable, Codable {
    /// How strongly reads must see the latest write.
    package enum Consistency: String, Sendable, Codable, CaseIterable {
        case strong, eventual
    }

    /// Where objects must run and store data (https://developers.cloudflare.com/durable-objects/reference/data-location/).
    package enum Jurisdiction: String, Sendable, Codable, CaseIterable {
        case eu, us, fedramp
    }

    /// How many distinct entities (rooms, users, tenants, documents...) exist.
    package var entities: Double?
    /// Requests per second at peak across all entities (WebSocket messages included).
    package var totalPeakRps: Double?
    /// Requests per second at peak on the busiest single entity.
    package var perEntityPeakRps: Double?
    /// Reads per write (100 means 100 reads for every write).
    package var readWriteRatio: Double?
    package var consistency: Consistency?
    /// Open WebSocket connections per entity at peak.
    package var connectionsPerEntity: Double?
    /// Whether entities have timed work: expiries, reminders, retries, ticks, clean-ups.
    package var scheduledWork: Bool?
    /// Bytes stored per entity.
    package var dataPerEntityBytes: Double?
    package var jurisdiction: Jurisdiction?
    /// How long data is kept, in days.
    package var retentionDays: Double?

    package init(
        entities: Double? = nil, totalPeakRps: Double? = nil, perEntityPeakRps: Double? = nil, readWriteRatio: Double? = nil,
        consistency: Consistency? = nil, connectionsPerEntity: Double? = nil, scheduledWork: Bool? = nil,
        dataPerEntityBytes: Double? = nil, jurisdiction: Jurisdiction? = nil, retentionDays: Double? = nil
    ) {
        self.entities = entities
        self.totalPeakRps = totalPeakRps
        self.perEntityPeakRps = perEntityPeakRps
        self.readWriteRatio = readWriteRatio
        self.consistency = consistency
        self.connectionsPerEntity = connectionsPerEntity
        self.scheduledWork = scheduledWork
        self.dataPerEntityBytes = dataPerEntityBytes
        self.jurisdiction = jurisdiction
        self.retentionDays = retentionDays
    }

    /// These requirements with every field missing here taken from `other`.
    package func filling(from other: Requirements) -> Requirements {
        Requirements(
            entities: entities ?? other.entities, totalPeakRps: totalPeakRps ?? other.totalPeakRps,
            perEntityPeakRps: perEntityPeakRps ?? other.perEntityPeakRps, readWriteRatio: readWriteRatio ?? other.readWriteRatio,
            consistency: consistency ?? other.consistency, connectionsPerEntity: connectionsPerEntity ?? other.connectionsPerEntity,
            scheduledWork: scheduledWork ?? other.scheduledWork, dataPerEntityBytes: dataPerEntityBytes ?? other.dataPerEntityBytes,
            jurisdiction: jurisdiction ?? other.jurisdiction, retentionDays: retentionDays ?? other.retentionDays)
    }
}
