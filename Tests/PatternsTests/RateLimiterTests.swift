import DurableObjects
import JSONModel
import TestSupport
import Testing

@testable import Patterns

struct RateLimiterTests {
    @Test func allowsUpToTheLimitThenRefuses() async throws {
        try await withPatterns { p, clock in
            let args: JSON = ["key": "ip-1", "limit": 3, "windowSeconds": 60]
            var allowed: [Bool] = []
            var remaining: [Int] = []
            for _ in 0..<5 {
                let r = try await p.call("RATE_LIMITER", "api", "check", args)
                allowed.append(r["allowed"]?.boolValue ?? false)
                remaining.append(r["remaining"]?.integer ?? -1)
            }
            #expect(allowed == [true, true, true, false, false])
            #expect(remaining == [2, 1, 0, 0, 0])
            let r = try await p.call("RATE_LIMITER", "api", "check", args)
            #expect(r["resetAt"]?.integer.map(Int64.init) == clock.nowMilliseconds + 60_000)
        }
    }

    @Test func keysAreLimitedSeparately() async throws {
        try await withPatterns { p, _ in
            _ = try await p.call("RATE_LIMITER", "api", "check", ["key": "a", "limit": 1, "windowSeconds": 60])
            let b = try await p.call("RATE_LIMITER", "api", "check", ["key": "b", "limit": 1, "windowSeconds": 60])
            #expect(b["allowed"] == true)
        }
    }

    @Test func windowSlidesWithTime() async throws {
        try await withPatterns { p, clock in
            let args: JSON = ["key": "u", "limit": 2, "windowSeconds": 10]
            _ = try await p.call("RATE_LIMITER", "api", "check", args)  // t = 0
            clock.advance(by: .seconds(6))
            _ = try await p.call("RATE_LIMITER", "api", "check", args)  // t = 6
            #expect(try await p.call("RATE_LIMITER", "api", "check", args)["allowed"] == false)
            clock.advance(by: .seconds(5))  // t = 11: the first request left the window, the second did not
            #expect(try await p.call("RATE_LIMITER", "api", "check", args)["allowed"] == true)
            #expect(try await p.call("RATE_LIMITER", "api", "check", args)["allowed"] == false)
        }
    }
}
