import Advisor
import ArchitectServer
import DurableObjects
import Foundation
import JSONModel
import Patterns
import TestSupport

/// The built-in classes on a runtime whose clock only moves when a story says so.
///
/// Traffic is driven one virtual second at a time (`second`), so per-second figures (an object's peak, the rate,
/// the month extrapolated from the window) are exactly what the story wrote, and a story that "lasts" a minute
/// takes no minute. CPU, wall time and gate waits are still measured for real.
final class StoryStage: Sendable {
    let patterns: PatternRuntime
    let clock: ManualClock
    /// The first virtual second of the story.
    let start: Int64

    init(configure: (inout RuntimeConfiguration) -> Void) throws {
        let clock = ManualClock()
        self.clock = clock
        patterns = try PatternRuntime(dataDirectory: TestPaths.temporaryFolder("story")) { configuration in
            configuration.clock = clock
            configure(&configuration)
        }
        start = clock.nowNanoseconds / 1_000_000_000
    }

    /// Runs `body` with the runtime's maintenance loop (alarms, eviction, metrics flush) going.
    static func run(
        configure: @escaping @Sendable (inout RuntimeConfiguration) -> Void = { _ in },
        _ body: @Sendable (StoryStage) async throws -> Void
    ) async throws {
        let stage = try StoryStage(configure: configure)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await stage.patterns.runtime.run() }
            try await body(stage)
            group.cancelAll()
        }
        await stage.patterns.runtime.shutdown()
    }

    var second: Int64 { clock.nowNanoseconds / 1_000_000_000 }

    /// One virtual second of traffic: a workload of `requests` calls, then the clock moves on by a second.
    func second(
        _ namespace: String, _ requests: Int, objects: Int = 1, distribution: ObjectDistribution = .single,
        method: String? = nil, args: JSON? = nil, concurrency: Int = 16, seed: UInt64 = 7
    ) async throws {
        var options = WorkloadOptions(namespace: namespace, requests: requests)
        options.objects = objects
        options.distribution = distribution
        options.method = method
        options.args = args
        options.concurrency = concurrency
        options.seed = seed &+ UInt64(second)
        _ = try await patterns.runWorkload(options)
        advance(seconds: 1)
    }

    /// `count` virtual seconds of the same traffic.
    func seconds(
        _ count: Int, _ namespace: String, perSecond requests: Int, objects: Int = 1,
        distribution: ObjectDistribution = .single, method: String? = nil, args: JSON? = nil, concurrency: Int = 16
    ) async throws {
        for _ in 0..<count {
            try await second(
                namespace, requests, objects: objects, distribution: distribution, method: method, args: args,
                concurrency: concurrency)
        }
    }

    /// One call to one object by name.
    @discardableResult
    func invoke(_ namespace: String, _ name: String, _ method: String, _ args: JSON = [:]) async throws -> JSON {
        try await patterns.invoke(namespace: namespace, object: .name(name), method: method, args: args).result
    }

    /// Moves the clock on, a second at a time, letting alarms due in each second run.
    func advance(seconds: Int) {
        for _ in 0..<seconds { clock.advance(by: .seconds(1)) }
    }

    /// Waits (real time, up to 5 s) until the current virtual second of `namespace` shows `condition`: work the
    /// runtime does on its own (alarms, held-awake time) lands in the second it runs.
    func untilRecorded(_ namespace: String, _ condition: @escaping @Sendable (MetricsSecond) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let current = patterns.runtime.recentMetrics(namespace).last, current.second == second, condition(current) {
                return
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// `getDOMetrics` for `namespace` over the story so far (every finished virtual second), or over the last
    /// `windowSeconds`, with `baselineWindowSeconds` before it when given.
    func metrics(
        _ namespace: String, windowSeconds: Int? = nil, baselineWindowSeconds: Int? = nil
    ) async throws -> MetricsReport {
        patterns.runtime.flushMetrics()
        let source = EmbeddedMetricsSource(store: patterns.runtime.metricsStore!, runtime: patterns.runtime)
        let now = second - 1
        return try await MetricsAnalyzer().report(
            from: source, namespace: namespace, windowSeconds: windowSeconds ?? Int(now - start + 1),
            includeSeries: false, now: now, baselineWindowSeconds: baselineWindowSeconds)
    }
}
