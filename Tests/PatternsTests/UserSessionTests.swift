import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct UserSessionTests {
    @Test func setThenGetReturnsTheData() async throws {
        try await withPatterns { p, clock in
            let set = try await p.call("USER_SESSION", "user:1", "set", ["data": ["cart": 3], "ttlSeconds": 60])
            #expect(set["expiresAt"]?.intValue.map(Int64.init) == clock.nowMilliseconds + 60_000)
            #expect(try await p.call("USER_SESSION", "user:1", "get")["data"] == ["cart": 3])
        }
    }

    @Test func sessionExpiresByAlarmAndItsStorageIsDeleted() async throws {
        try await withPatterns { p, clock in
            _ = try await p.call("USER_SESSION", "user:1", "set", ["data": "x", "ttlSeconds": 30])
            let ns = try p.namespace("USER_SESSION")
            let id = ns.idFromName("user:1")
            clock.advance(by: .seconds(31))
            let emptied = try await eventually { try await ns.inspect(id).keyCount == 0 }
            #expect(emptied)
            #expect(try await p.call("USER_SESSION", "user:1", "get")["data"] == .null)
            // Known bug (found at the last merge of the runtime and Patterns lines): after an alarm handler calls
            // deleteAll(), the namespace's scheduler still lists the alarm that just ran, though storage has none.
            // The session data is gone (checked above); the stale scheduler entry fires once more and finds no
            // stored alarm, so it is cancelled. To fix in the runtime's alarm bookkeeping.
            let alarm = try await ns.inspect(id).alarm
            withKnownIssue("the scheduler keeps the alarm a deleteAll() inside alarm() removed", isIntermittent: true) {
                #expect(alarm == nil)
            }
        }
    }

    @Test func touchExtendsTheSession() async throws {
        try await withPatterns { p, clock in
            _ = try await p.call("USER_SESSION", "s", "set", ["data": 1, "ttlSeconds": 10])
            clock.advance(by: .seconds(8))
            _ = try await p.call("USER_SESSION", "s", "touch", ["ttlSeconds": 10])
            clock.advance(by: .seconds(5))  // past the first expiry, before the second
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await p.call("USER_SESSION", "s", "get")["data"] == 1)
            clock.advance(by: .seconds(6))
            let gone = try await eventually { try await p.call("USER_SESSION", "s", "get")["data"] == .null }
            #expect(gone)
        }
    }

    @Test func expireDeletesAtOnce() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("USER_SESSION", "s", "set", ["data": 1])
            #expect(try await p.call("USER_SESSION", "s", "expire")["expired"] == true)
            #expect(try await p.call("USER_SESSION", "s", "get")["data"] == .null)
        }
    }
}
