import Advisor
import ArgumentParser
import Foundation
import JSONModel

/// `do-architect recommend "…"`: the recommendArchitecture engine for people, in a terminal.
struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend an architecture for a use case described in plain words (the recommendArchitecture tool).",
        discussion: """
            Example: do-architect recommend "chat with rooms, 200 users per room, 5,000 rooms" --retention-days 30
            Options give figures you know; they win over what the description says.
            """)

    @Argument(help: "The use case in plain words.")
    var description: String

    @Flag(help: "Print the recommendation as JSON (the tool's structured result).")
    var json = false

    @Flag(help: "Include the TypeScript and wrangler skeleton in the text output.")
    var code = false

    @Option(help: "Distinct entities (rooms, users, tenants...).")
    var entities: Double?

    @Option(help: "Peak requests per second across all entities.")
    var rps: Double?

    @Option(name: .customLong("entity-rps"), help: "Peak requests per second on the busiest entity.")
    var entityRps: Double?

    @Option(name: .customLong("read-write-ratio"), help: "Reads per write.")
    var readWriteRatio: Double?

    @Option(help: "strong or eventual.")
    var consistency: Requirements.Consistency?

    @Option(help: "WebSocket connections per entity at peak.")
    var connections: Double?

    @Flag(name: .customLong("scheduled-work"), help: "Entities have timed work (expiries, reminders, retries).")
    var scheduledWork = false

    @Option(name: .customLong("data-bytes"), help: "Bytes stored per entity.")
    var dataBytes: Double?

    @Option(help: "eu, us or fedramp.")
    var jurisdiction: Requirements.Jurisdiction?

    @Option(name: .customLong("retention-days"), help: "Days data is kept.")
    var retentionDays: Double?

    func validate() throws {
        let trimmed = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ValidationError("Describe the use case, e.g. \"chat app with rooms\".") }
        guard trimmed.count <= ArchitectureAdvisor.maxDescriptionLength else {
            throw ValidationError("The description is longer than \(ArchitectureAdvisor.maxDescriptionLength) characters; shorten it.")
        }
        for (name, value) in [("--entities", entities), ("--rps", rps), ("--entity-rps", entityRps), ("--read-write-ratio", readWriteRatio),
                              ("--connections", connections), ("--data-bytes", dataBytes), ("--retention-days", retentionDays)] {
            if let value, !(value >= 0) { throw ValidationError("\(name) must be zero or more.") }
        }
    }

    func run() async throws {
        let requirements = Requirements(
            entities: entities, totalPeakRps: rps, perEntityPeakRps: entityRps, readWriteRatio: readWriteRatio,
            consistency: consistency, connectionsPerEntity: connections, scheduledWork: scheduledWork ? true : nil,
            dataPerEntityBytes: dataBytes, jurisdiction: jurisdiction, retentionDays: retentionDays)
        let recommendation = ArchitectureAdvisor().recommend(description: description, requirements: requirements)
        if json {
            // The recommendArchitecture result, with the tools' encoder.
            print(try JSONValueEncoder().encodeText(recommendation))
        } else {
            print(recommendation.text(includeCode: code))
        }
    }
}

extension Requirements.Consistency: ExpressibleByArgument {}
extension Requirements.Jurisdiction: ExpressibleByArgument {}
