import CodeReview
import Foundation
import Testing

/// The seed document's examples: every ❌ yields the finding it illustrates, every ✅ twin stays clear of that
/// rule, and the ✅ examples that are flawed by today's standards are flagged under the rule they break.
///
/// The seed is read at test time from `../shared/seed/durable-objects-architect.md` (relative to the package
/// root); when it is absent the test records that and passes.
struct SeedExamplesTests {
    struct Example {
        var heading: String
        var verdict: Character?  // "❌", "✅" or nil
        var code: String
    }

    static var seedURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/seed/durable-objects-architect.md").standardizedFileURL
    }

    /// TypeScript blocks with the nearest heading and the ❌/✅ mark that introduces them. A block that holds
    /// both a `// ❌` and a `// ✅` part is split in two.
    static func examples() -> [Example]? {
        guard let text = try? String(contentsOf: seedURL, encoding: .utf8) else { return nil }
        var result: [Example] = []
        var heading = ""
        var mark: Character?
        var inBlock = false
        var block: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inBlock {
                if line.hasPrefix("```") {
                    inBlock = false
                    result += split(block.joined(separator: "\n"), heading: heading, mark: mark)
                    block = []
                } else {
                    block.append(line)
                }
                continue
            }
            if line.hasPrefix("```typescript") { inBlock = true; continue }
            if line.hasPrefix("#") { heading = String(line); mark = line.contains("❌") ? "❌" : line.contains("✅") ? "✅" : nil }
            if line.hasPrefix("❌") { mark = "❌" } else if line.hasPrefix("✅") { mark = "✅" }
        }
        return result
    }

    private static func split(_ code: String, heading: String, mark: Character?) -> [Example] {
        guard let good = code.range(of: "// ✅"), code.contains("// ❌") else {
            return [Example(heading: heading, verdict: mark, code: code)]
        }
        return [Example(heading: heading, verdict: "❌", code: String(code[..<good.lowerBound])),
                Example(heading: heading, verdict: "✅", code: String(code[good.lowerBound...]))]
    }

    /// The rule each ❌ example illustrates, by a phrase of its heading or code.
    static let illustrated: [(phrase: String, rule: String)] = [
        ("External Dependencies in Constructor", "storage-in-constructor"),
        ("Assume State Persists", "unpersisted-state"),
        ("Block the Event Loop", "blocking-loop"),
        ("Using DO for Everything", "do-as-kv"),
        ("Not Handling Hibernation", "unpersisted-state"),
        ("Creating Too Many Instances", "unique-id-per-request"),
    ]

    /// ✅ examples that break today's guidance, by a phrase of their heading or code, and the rules they break.
    static let flawedGoodExamples: [(phrase: String, rules: [String])] = [
        ("Single-Threaded Benefits", ["unpersisted-state"]),
        ("WebSocket Connections", ["websocket-no-hibernation", "broadcast-send-unguarded"]),
        ("Alarms for Scheduled Tasks", ["alarm-not-idempotent"]),
        ("Input/Output Gates", ["bcw-per-request"]),
        ("Webhook Queue with Durable Objects", ["sleep-retry-in-handler"]),
    ]

    static func rules(in code: String) -> Set<String> {
        Set(Reviewer().review(.code(code, minConfidence: .low)).findings.map(\.ruleId))
    }

    @Test func everyBadExampleYieldsTheFindingItIllustrates() throws {
        guard let examples = Self.examples() else {
            print("seed document not found at \(Self.seedURL.path); skipping the seed examples")
            return
        }
        let bad = examples.filter { $0.verdict == "❌" }
        #expect(bad.count >= 6)
        for example in bad {
            let rule = try #require(Self.illustrated.first { example.heading.contains($0.phrase) }?.rule,
                                    "no rule mapped for ❌ example under \(example.heading)")
            #expect(Self.rules(in: example.code).contains(rule), "❌ under \(example.heading) should yield \(rule)")
        }
    }

    @Test func everyGoodTwinStaysClearOfItsBadTwinsRule() throws {
        guard let examples = Self.examples() else {
            print("seed document not found at \(Self.seedURL.path); skipping the seed examples")
            return
        }
        var checked = 0
        for (i, example) in examples.enumerated() where example.verdict == "✅" && i > 0 && examples[i - 1].verdict == "❌" {
            guard let rule = Self.illustrated.first(where: { examples[i - 1].heading.contains($0.phrase) })?.rule else { continue }
            #expect(!Self.rules(in: example.code).contains(rule), "✅ twin under \(example.heading) should not yield \(rule)")
            checked += 1
        }
        #expect(checked >= 5)
    }

    @Test func flawedGoodExamplesAreFlaggedUnderTheRuleTheyBreak() throws {
        guard let examples = Self.examples() else {
            print("seed document not found at \(Self.seedURL.path); skipping the seed examples")
            return
        }
        for (phrase, rules) in Self.flawedGoodExamples {
            let example = try #require(examples.first { $0.heading.contains(phrase) }, "no seed example under \(phrase)")
            let found = Self.rules(in: example.code)
            for rule in rules {
                #expect(found.contains(rule), "example under \(phrase) should yield \(rule); got \(found.sorted())")
            }
        }
    }
}
