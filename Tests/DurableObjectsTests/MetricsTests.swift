import DurableObjects
import Foundation
import Testing
import TestSupport

struct MetricsTests {
    @Test func requestsStorageAndCPUAreRecordedPerSecondAndPerObject() async throws {
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "COUNTER", ScriptedObject.objectClass("Counter") { m, _, ctx, _ in
                if m == "burn" {
                    var x: UInt64 = 0
                    for i in 0..<2_000_000 { x = x &* 31 &+ UInt64(i) }
                    return .number(Double(x % 7))
                }
                if m == "fail" { throw DurableObjectError.thrown("no") }
                let v = (try ctx.storage.get("n")?.intValue ?? 0) + 1
                try ctx.storage.put("n", .number(Double(v)))
                return .number(Double(v))
            })
            for _ in 0..<10 { _ = try await ns.getByName("hot").call("inc") }
            _ = try await ns.getByName("cold").call("inc")
            _ = try await ns.getByName("cold").call("burn")
            _ = try? await ns.getByName("cold").call("fail")
            let second = clock.nowNanoseconds / 1_000_000_000
            clock.advance(by: .seconds(1))
            rt.flushMetrics()
            let store = rt.metricsStore!
            let rows = try store.seconds(namespace: "COUNTER", from: second, to: second)
            #expect(rows.count == 1)
            let row = rows[0]
            #expect(row.requests == 13)
            #expect(row.errors == 1)
            #expect(row.kvReads == 11)
            #expect(row.kvWrites == 11)
            #expect(row.activeObjects == 2)
            #expect(row.cpuNanos > 1_000_000)
            #expect(row.cpuHistogram.count == 13)
            #expect(row.cpuHistogram.quantile(1.0) > 500_000)
            #expect(row.objectsInMemory == 2)
            let hot = try store.hotObjects(namespace: "COUNTER", from: second, to: second)
            #expect(hot.first?.name == "hot")
            #expect(hot.first?.requests == 10)
            let totals = try store.objectTotals(namespace: "COUNTER")
            #expect(totals.first?.name == "hot")
            #expect(totals.first?.requests == 10)
            #expect(totals.allSatisfy { $0.billableNanos > 0 })
            #expect(try store.activeObjectCount(namespace: "COUNTER", since: second) == 2)
            #expect(try store.namespaces() == ["COUNTER"])
            let stored = try store.storedSize(namespace: "COUNTER")
            #expect(stored.objects == 2)
            #expect(stored.bytes >= 8192)
        }
    }

    @Test func anotherProcessCanReadTheStore() async throws {
        try await withTemporaryDirectory { dir in
            try await withRuntime(dataDirectory: dir) { rt, clock in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                _ = try await ns.getByName("a").call("increment")
                clock.advance(by: .seconds(2))
                rt.flushMetrics()
                let reader = try MetricsStore(dataDirectory: dir)
                #expect(try reader.objectTotals(namespace: "COUNTER").map(\.name) == ["a"])
            }
        }
    }

    @Test func shutdownWritesTheSecondStillRunning() async throws {
        try await withTemporaryDirectory { dir in
            try await withRuntime(dataDirectory: dir) { rt, clock in
                let ns = try rt.register(binding: "COUNTER", counterClass())
                for _ in 0..<7 { _ = try await ns.getByName("a").call("increment") }
                let second = clock.nowNanoseconds / 1_000_000_000
                await rt.shutdown()
                let reader = try MetricsStore(dataDirectory: dir)
                let seconds = try reader.seconds(namespace: "COUNTER", from: second, to: second)
                #expect(seconds.reduce(0) { $0 + $1.requests } == 7)
            }
        }
    }

    @Test func alarmsEvictionsAndSocketsAreCounted() async throws {
        try await withRuntime(configure: { $0.alarmJitter = false }) { rt, clock in
            let ns = try rt.register(binding: "A", ScriptedObject.objectClass("A", onAlarm: { _, _, _ in
                throw DurableObjectError.thrown("x")
            }) { _, _, ctx, _ in
                try ctx.setAlarm(ctx.clock.nowMilliseconds + 10)
                return .null
            })
            let start = clock.nowNanoseconds / 1_000_000_000
            _ = try await ns.getByName("x").call("set")
            let fired = { @Sendable in rt.recentMetrics("A").reduce(0) { $0 + $1.alarmsFired } }
            let retried = { @Sendable in rt.recentMetrics("A").reduce(0) { $0 + $1.alarmsRetried } }
            clock.advance(by: .milliseconds(10))
            #expect(await eventually { fired() == 1 && retried() == 1 })
            clock.advance(by: .seconds(3))
            #expect(await eventually { fired() == 2 && retried() == 2 })
            await ns.evictAll()
            clock.advance(by: .seconds(1))
            rt.flushMetrics()
            let rows = try rt.metricsStore!.seconds(namespace: "A", from: start, to: start + 10)
            #expect(rows.reduce(0) { $0 + $1.alarmsSet } == 1)
            #expect(rows.reduce(0) { $0 + $1.alarmsFired } == 2)
            #expect(rows.reduce(0) { $0 + $1.alarmsRetried } == 2)
            #expect(rows.reduce(0) { $0 + $1.evictions } == 1)
        }
    }

    @Test func hibernatedObjectsAndSocketsAreSampled() async throws {
        try await withRuntime { rt, clock in
            let ns = try rt.register(binding: "S", SocketObject.objectClass(SocketProbe()))
            let client = try await ns.getByName("room").fetch(ObjectRequest(url: "/ws")).webSocket!
            try await client.send("hi")
            #expect(await ns.evict(ns.idFromName("room")))
            let second = clock.nowNanoseconds / 1_000_000_000
            clock.advance(by: .seconds(1))
            rt.flushMetrics()
            let row = try #require(try rt.metricsStore!.seconds(namespace: "S", from: second, to: second).first)
            #expect(row.hibernatedObjects == 1)
            #expect(row.hibernatedWebSockets == 1)
            #expect(row.openWebSockets == 1)
            #expect(row.webSocketMessagesIn == 1)
            #expect(row.webSocketMessagesOut == 1)
        }
    }

    @Test func secondsAggregateOverAWindow() {
        var a = MetricsSecond(second: 10)
        a.requests = 3
        a.cpuHistogram.record(1_000)
        a.objectsInMemory = 5
        var b = MetricsSecond(second: 11)
        b.requests = 4
        b.cpuHistogram.record(1_000_000)
        b.objectsInMemory = 7
        let total = MetricsSecond.aggregate([a, b])
        #expect(total.requests == 7)
        #expect(total.cpuHistogram.count == 2)
        #expect(total.cpuHistogram.quantile(0.99) > 900_000)
        #expect(total.objectsInMemory == 7)
        #expect(total.second == 10)
    }
}

struct MetricsCountingTests {
    @Test func concurrentWritersAreCountedOnceEachUnderGroupCommit() async throws {
        try await withRuntime { rt, _ in
            let ns = try rt.register(binding: "C", ScriptedObject.objectClass("C") { _, _, ctx, _ in
                let n = (try ctx.storage.get("n")?.intValue ?? 0) + 1
                try ctx.storage.put("n", .number(Double(n)))
                return .number(Double(n))
            })
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<200 { group.addTask { _ = try? await ns.getByName("one").call("inc") } }
            }
            let totals = rt.objectMetrics("C").reduce(into: (reads: 0, writes: 0, requests: 0)) {
                $0.reads += $1.kvReads
                $0.writes += $1.kvWrites
                $0.requests += $1.requests
            }
            #expect(totals.requests == 200)
            #expect(totals.writes == 200, "one put per call, whatever the batching")
            #expect(totals.reads == 200)
        }
    }
}
