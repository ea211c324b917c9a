import Advisor
import DurableObjects
import Foundation
import Testing

/// A situation `getDOMetrics` exists for, played on the built-in classes, with the recommendations it must give.
///
/// `expected` must all appear; every other rule id must not, except those in `tolerated` (a second reading of
/// the same situation that may or may not cross its threshold).
struct MetricsStory: Sendable, CustomTestStringConvertible {
    var id: String
    /// What happens, in words.
    var story: String
    var namespace: String
    var expected: [String]
    var tolerated: [String] = []
    var configure: @Sendable (inout RuntimeConfiguration) -> Void = { _ in }
    var play: @Sendable (StoryStage) async throws -> Void

    var testDescription: String { id }

    /// The ids that must not appear.
    var forbidden: [String] {
        MetricsRules.ids.filter { !expected.contains($0) && !tolerated.contains($0) }
    }

    /// `getDOMetrics` for the story's namespace over the whole story, played once per test run (several tests
    /// read the seed's story).
    func report() async throws -> NamespaceReport {
        try await StoryReports.shared.report(self)
    }

    /// Plays the story on a fresh runtime and returns `getDOMetrics` for its namespace over the whole story.
    func play() async throws -> NamespaceReport {
        let result = Locked<NamespaceReport?>(nil)
        try await StoryStage.run(configure: configure) { stage in
            try await play(stage)
            let report = try await stage.metrics(namespace)
            result.withLock { $0 = report.namespaces.first }
        }
        guard let report = result.withLock({ $0 }) else { throw StoryError("\(id): no figures for \(namespace)") }
        return report
    }
}

/// Each story's report, played on first use.
actor StoryReports {
    static let shared = StoryReports()
    private var played: [String: Task<NamespaceReport, any Error>] = [:]

    func report(_ story: MetricsStory) async throws -> NamespaceReport {
        if let task = played[story.id] { return try await task.value }
        let task = Task { try await story.play() }
        played[story.id] = task
        return try await task.value
    }
}

struct StoryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
