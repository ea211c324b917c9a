import Advisor
import DurableObjects
import Foundation

extension MetricsStory {
    /// The stories. Counts are small and time is virtual (one workload per virtual second), so all of them run
    /// in seconds; where a rule reads real time (billable time of sockets held open), the story waits for real.
    /// Stories that are not about queueing call one at a time, so a loaded machine cannot make gate waits.
    static let all: [MetricsStory] = [
        // The seed's own story: `getDOMetrics("RATE_LIMITER")` shows many objects doing trivial work.
        .init(
            id: "seed-rate-limiter-per-key",
            story: "An exact rate limiter with one object per API key: 1,200 keys checked 240 times a second for 10 s",
            namespace: "RATE_LIMITER", expected: ["consider-workers-kv"],
            play: { try await $0.seconds(10, "RATE_LIMITER", perSecond: 240, objects: 1_200, distribution: .uniform, concurrency: 32) }),
        .init(
            id: "global-rate-limiter",
            story: "The seed's singleton pattern: one rate-limiter object for everyone (100,000 per minute), 450 checks a second",
            namespace: "RATE_LIMITER", expected: ["shard-hot-object"], tolerated: ["rows-written-cost", "input-gate-contention"],
            play: {
                try await $0.seconds(
                    4, "RATE_LIMITER", perSecond: 450, args: ["limit": 100_000, "windowSeconds": 60], concurrency: 32)
            }),
        .init(
            id: "hot-global-counter",
            story: "One global page-view counter taking 500 increments a second",
            namespace: "COUNTER", expected: ["shard-hot-object"], tolerated: ["input-gate-contention"],
            play: { try await $0.seconds(4, "COUNTER", perSecond: 500, concurrency: 32) }),
        .init(
            id: "sharded-counter",
            story: "The same 500 increments a second spread by a sharded counter over 8 shards",
            namespace: "SHARDED_COUNTER", expected: [],
            play: { try await $0.seconds(4, "SHARDED_COUNTER", perSecond: 500, concurrency: 32) }),
        .init(
            id: "counters-per-page",
            story: "A counter per page on 300 pages, 100 increments a second in all",
            namespace: "COUNTER", expected: [],
            play: { try await $0.seconds(5, "COUNTER", perSecond: 100, objects: 300, distribution: .uniform) }),
        .init(
            id: "like-counters-per-post",
            story: "A like counter per post: 1,500 posts, 350 likes a second, each post liked now and then",
            namespace: "COUNTER", expected: ["consider-workers-kv"],
            play: { try await $0.seconds(10, "COUNTER", perSecond: 350, objects: 1_500, distribution: .uniform, concurrency: 32) }),
        .init(
            id: "sessions-per-user",
            story: "A session object per signed-in user: 1,500 sessions written with a one-hour expiry alarm",
            namespace: "USER_SESSION", expected: ["consider-workers-kv"],
            play: { try await $0.seconds(10, "USER_SESSION", perSecond: 250, objects: 1_500, distribution: .uniform, concurrency: 32) }),
        .init(
            id: "chat-standard-sockets",
            story: "A chat whose 20 rooms accept standard (non-hibernating) WebSockets: members stay connected, a few posts a second",
            namespace: "LAB", expected: ["objects-held-awake"],
            play: { stage in
                for room in 0..<20 { try await stage.invoke("LAB", "room-\(room)", "openStandardSocket") }
                for _ in 0..<3 {
                    try await stage.second("LAB", 20, objects: 20, distribution: .uniform, method: "work", args: ["stateOps": 1])
                    try await Task.sleep(for: .milliseconds(200))
                }
                // Held-awake time is real time: the members stay connected between posts, whatever the posts cost
                // on a loaded machine.
                try await Task.sleep(for: .milliseconds(1500))
                stage.advance(seconds: 1)
                try await stage.untilRecorded("LAB") { $0.billableNanos > 0 }
                stage.advance(seconds: 1)
            }),
        .init(
            id: "objects-awake-doing-nothing",
            story: "30 objects hold a standard WebSocket each and receive nothing at all",
            namespace: "LAB", expected: ["objects-held-awake"],
            play: { stage in
                for index in 0..<30 { try await stage.invoke("LAB", "idle-\(index)", "openStandardSocket") }
                stage.advance(seconds: 1)
                // Held-awake time is real time, recorded by the maintenance loop in the second it runs.
                try await Task.sleep(for: .milliseconds(1500))
                stage.advance(seconds: 1)
                try await stage.untilRecorded("LAB") { $0.billableNanos > 0 }
                stage.advance(seconds: 1)
            }),
        .init(
            id: "chat-hibernating-rooms",
            story: "The seed's CHAT_ROOM figures: 150 rooms on the Hibernation API, 450 messages a second, two listeners per room",
            namespace: "CHAT_ROOM", expected: [],
            play: { try await $0.seconds(3, "CHAT_ROOM", perSecond: 450, objects: 150, distribution: .uniform, concurrency: 32) }),
        .init(
            id: "cpu-heavy-handlers",
            story: "Handlers that compute for 12 ms of CPU each (image hashing in the object)",
            namespace: "LAB", expected: ["high-cpu"],
            play: { try await $0.seconds(3, "LAB", perSecond: 10, objects: 4, distribution: .uniform, method: "work", args: ["cpuMs": 12], concurrency: 1) }),
        .init(
            id: "light-handlers",
            story: "Handlers that do one storage operation and return",
            namespace: "LAB", expected: [],
            play: { try await $0.seconds(3, "LAB", perSecond: 50, objects: 4, distribution: .uniform, method: "work", args: ["stateOps": 1], concurrency: 1) }),
        .init(
            id: "alarm-that-keeps-failing",
            story: "An alarm handler that throws every time: retried with backoff, then given up",
            namespace: "LAB", expected: ["alarm-retries"],
            play: { stage in
                try await stage.invoke("LAB", "alarm", "armFailingAlarm", ["delayMs": 0])
                for _ in 0..<140 {
                    stage.advance(seconds: 1)
                    try await Task.sleep(for: .milliseconds(2))
                }
            }),
        .init(
            id: "alarm-storm",
            story: "20 task runners each with a task due every second: the alarm wakes each object every second",
            namespace: "TASK_RUNNER", expected: ["alarm-storm"], tolerated: ["rows-written-cost"],
            play: { stage in
                for runner in 0..<20 {
                    for k in 1...30 {
                        try await stage.invoke("TASK_RUNNER", "runner-\(runner)", "schedule", ["name": "tick", "delaySeconds": .number(Double(k))])
                    }
                }
                for _ in 0..<30 {
                    stage.advance(seconds: 1)
                    try await stage.untilRecorded("TASK_RUNNER") { $0.alarmsFired >= 20 }
                }
                stage.advance(seconds: 1)
            }),
        .init(
            id: "block-concurrency-on-hot-path",
            story: "Every request runs inside blockConcurrencyWhile with 4 ms of work, 16 callers at once on one object",
            namespace: "LAB", expected: ["input-gate-contention"],
            play: { try await $0.seconds(2, "LAB", perSecond: 20, method: "work", args: ["blockConcurrency": true, "cpuMs": 4], concurrency: 16) }),
        .init(
            id: "short-handlers-many-callers",
            story: "Short handlers without blockConcurrencyWhile, 4 callers at once on one object",
            namespace: "LAB", expected: [],
            play: { try await $0.seconds(2, "LAB", perSecond: 40, method: "work", args: ["cpuMs": 0], concurrency: 4) }),
        .init(
            id: "overloaded-object",
            story: "One object with a short queue, held by blockConcurrencyWhile while 32 callers pile up",
            namespace: "LAB", expected: ["overloaded"], tolerated: ["input-gate-contention"],
            configure: { $0.maxQueuedEvents = 4 },
            play: { try await $0.second("LAB", 64, method: "work", args: ["blockConcurrency": true, "cpuMs": 5], concurrency: 32) }),
        .init(
            id: "failing-handlers",
            story: "A handler that throws on every call",
            namespace: "LAB", expected: ["high-error-rate"],
            play: { try await $0.seconds(2, "LAB", perSecond: 15, objects: 3, distribution: .uniform, method: "work", args: ["fail": true], concurrency: 1) }),
        .init(
            id: "many-storage-calls-per-request",
            story: "Each request makes 20 separate storage calls (10 puts, 10 gets)",
            namespace: "LAB", expected: ["batch-state-operations", "rows-written-cost"],
            play: { try await $0.seconds(2, "LAB", perSecond: 10, objects: 2, distribution: .uniform, method: "work", args: ["stateOps": 20], concurrency: 1) }),
        .init(
            id: "cost-dominated-by-rows-written",
            story: "Each request writes three keys one by one and reads three",
            namespace: "LAB", expected: ["rows-written-cost"],
            play: { try await $0.seconds(3, "LAB", perSecond: 30, objects: 3, distribution: .uniform, method: "work", args: ["stateOps": 6], concurrency: 1) }),
        .init(
            id: "ledger-growing-toward-its-limit",
            story: "A ledger object appending a row per transfer, on a runtime whose objects may hold 80 KB (10 GB scaled down)",
            namespace: "BANK_ACCOUNT", expected: ["storage-near-limit"], tolerated: ["rows-written-cost"],
            configure: { $0.maxDatabasePages = 20 },
            play: { try await $0.seconds(5, "BANK_ACCOUNT", perSecond: 150, concurrency: 1) }),
        .init(
            id: "ledger-with-room",
            story: "The same ledger on objects that may hold 10 GB",
            namespace: "BANK_ACCOUNT", expected: [], tolerated: ["rows-written-cost"],
            play: { try await $0.seconds(5, "BANK_ACCOUNT", perSecond: 150, concurrency: 1) }),
    ]
}
