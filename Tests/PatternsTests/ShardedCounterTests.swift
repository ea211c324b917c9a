import DurableObjects
import TestSupport
import Testing

@testable import Patterns

struct ShardedCounterTests {
    @Test func incrementsSpreadOverShardsAndTheReadSumsThem() async throws {
        try await withPatterns { p, _ in
            var shards = Set<Int>()
            for _ in 0..<64 {
                let r = try await p.call("SHARDED_COUNTER", "likes", "increment", ["by": 2, "shards": 4])
                shards.insert(r["shard"]?.intValue ?? -1)
            }
            #expect(shards.count > 1)
            #expect(shards.isSubset(of: [0, 1, 2, 3]))
            let total = try await p.call("SHARDED_COUNTER", "likes", "get", ["shards": 4])
            #expect(total["value"] == 128)
            #expect(total["shards"]?.arrayValue?.count == 4)
            // The front keeps no state: the shards hold it.
            #expect(try await p.call("SHARDED_COUNTER", "likes", "value")["value"] == 0)
        }
    }
}
