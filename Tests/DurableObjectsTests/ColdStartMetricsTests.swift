import DurableObjects
import Foundation
import Testing
import TestSupport

/// Cold starts (construction of an instance) are recorded apart from the CPU time of the events.
struct ColdStartMetricsTests {
    /// A class whose constructor spends `constructorCPUms` of CPU inside `blockConcurrencyWhile` after creating a
    /// table (so it opens the database); its `get` does almost nothing.
    static func slowStartClass(constructorCPUms: UInt64) -> DurableObjectClass {
        DurableObjectClass(name: "Slow") { ctx in
            try await ctx.blockConcurrencyWhile {
                try ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
                let start = MeasuredTime.threadCPUNanos()
                while MeasuredTime.threadCPUNanos() &- start < constructorCPUms * 1_000_000 {}
            }
            return ScriptedObject { _, _, _, _ in .null }
        }
    }

    @Test func constructionIsCountedAsAColdStartAndNotAsTheRequestsCPU() async throws {
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "SLOW", Self.slowStartClass(constructorCPUms: 30))
            let second = clock.nowNanoseconds / 1_000_000_000
            _ = try await ns.getByName("a").call("get")
            _ = try await ns.getByName("a").call("get")
            _ = try await ns.getByName("b").call("get")
            #expect(await ns.evict(ns.idFromName("a")))
            _ = try await ns.getByName("a").call("get")
            clock.advance(by: .seconds(1))
            rt.flushMetrics()
            let row = try #require(try rt.metricsStore?.seconds(namespace: "SLOW", from: second, to: second).first)
            #expect(row.requests == 4)
            #expect(row.coldStarts == 3, "a, b, and a again after its eviction")
            #expect(row.coldStartHistogram.count == 3)
            #expect(row.coldStartHistogram.quantile(0.5) >= 25_000_000, "each construction spent 30 ms of CPU")
            #expect(row.coldStartNanos >= 3 * 25_000_000)
            #expect(row.cpuHistogram.count == 4)
            #expect(row.cpuHistogram.quantile(1.0) < 10_000_000, "the constructor's 30 ms are not the requests' CPU")
            #expect(row.wallHistogram.quantile(1.0) >= 25_000_000, "the caller's wait still includes the cold start")
        }
    }

    @Test func coldStartsAggregateOverAWindow() {
        var a = MetricsSecond(second: 10)
        a.coldStarts = 2
        a.coldStartNanos = 3_000_000
        a.coldStartHistogram.record(1_000_000)
        a.coldStartHistogram.record(2_000_000)
        var b = MetricsSecond(second: 11)
        b.coldStarts = 1
        b.coldStartNanos = 40_000_000
        b.coldStartHistogram.record(40_000_000)
        let total = MetricsSecond.aggregate([a, b])
        #expect(total.coldStarts == 3)
        #expect(total.coldStartNanos == 43_000_000)
        #expect(total.coldStartHistogram.count == 3)
        #expect(total.coldStartHistogram.quantile(1.0) > 35_000_000)
    }

    @Test func aStoreWrittenBeforeColdStartsGainsTheColumns() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("metrics.sqlite").path
            let old = try SQLiteConnection(path: path, create: true, durability: .processCrash)
            try old.execute(
                """
                CREATE TABLE namespace_seconds (
                  namespace TEXT NOT NULL, second INTEGER NOT NULL, requests INTEGER, errors INTEGER, overloaded INTEGER,
                  cpu_ns INTEGER, wall_ns INTEGER, gate_wait_ns INTEGER, kv_reads INTEGER, kv_writes INTEGER,
                  kv_deletes INTEGER, kv_lists INTEGER, sql_rows_read INTEGER, sql_rows_written INTEGER, alarms_set INTEGER,
                  alarms_fired INTEGER, alarms_retried INTEGER, alarms_dropped INTEGER, ws_in INTEGER, ws_out INTEGER,
                  evictions INTEGER, billable_ns INTEGER, active_objects INTEGER, objects_in_memory INTEGER,
                  hibernated_ws INTEGER, open_ws INTEGER, cpu_hist TEXT, wall_hist TEXT, gate_hist TEXT,
                  hibernated_objects INTEGER,
                  PRIMARY KEY (namespace, second)) WITHOUT ROWID;
                INSERT INTO namespace_seconds (namespace, second, requests) VALUES ('OLD', 5, 9);
                """)
            _ = old
            let store = try MetricsStore(dataDirectory: dir)
            let rows = try store.seconds(namespace: "OLD", from: 0, to: 10)
            #expect(rows.map(\.requests) == [9])
            #expect(rows.map(\.coldStarts) == [0])
        }
    }
}
