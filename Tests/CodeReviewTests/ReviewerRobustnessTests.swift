import CodeReview
import Foundation
import Testing

/// Fuzzing with deterministic seeded inputs: random bytes, token soup, truncated and mutated corpus files, and
/// pathological nesting. The reviewer must return a report (possibly with findings) for every one of them, and
/// the whole run must stay within a time budget, which a hang or a quadratic blow-up would break.
struct ReviewerRobustnessTests {
    /// SplitMix64: small, fast and the same on every platform.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [
        "class ", "extends DurableObject", "{", "}", "(", ")", "[", "]", "`", "${", "'", "\"", "/", "/*", "*/", "//", "\n",
        "=>", "async ", "await ", "this.ctx.storage.get(", "setAlarm(Date.now())", "while (true)", "for (;;)", "<div>",
        "</div>", "{x}", "<T,>", "constructor(state, env)", "fetch(request)", "return ", "new Response(", ";", ",", ".",
        "?.", "x", "ws.send(m)", "for (const ws of this.sessions)", "try", "catch", "sql.exec(`${a}`)", "#p", "@d ",
        "if (", "else ", "switch (", "case 1:", "default:", "newUniqueId()", "idFromName('g')", "=", "++", " ",
    ]

    static func review(_ code: String, language: SourceLanguage) -> ReviewReport {
        Reviewer().review(.code(code, language: language, maxFindings: 1000))
    }

    /// `FUZZ_SEED` and `FUZZ_CASES` in the environment run a longer or different campaign locally.
    @Test func thousandsOfRandomInputsAlwaysProduceAReport() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 0xD0_A7C4
        let count = environment["FUZZ_CASES"].flatMap { Int($0) } ?? 3_000
        var rng = SeededGenerator(state: seed)
        let corpus = try CorpusFixtures.sources().map(\.content)
        let languages = SourceLanguage.allCases
        let started = ContinuousClock.now
        var cases = 0
        for i in 0..<count {
            let language = languages[i % languages.count]
            let input: String
            switch i % 4 {
            case 0:
                let bytes = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                input = String(decoding: bytes, as: UTF8.self)
            case 1:
                input = (0..<Int.random(in: 0...300, using: &rng)).map { _ in Self.fragments.randomElement(using: &rng)! }.joined()
            case 2:
                let source = corpus.randomElement(using: &rng) ?? ""
                let cut = Int.random(in: 0...max(0, source.utf8.count), using: &rng)
                input = String(decoding: Array(source.utf8.prefix(cut)), as: UTF8.self)
            default:
                var bytes = Array((corpus.randomElement(using: &rng) ?? "").utf8)
                for _ in 0..<Int.random(in: 1...20, using: &rng) where !bytes.isEmpty {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    if Bool.random(using: &rng) {
                        bytes.remove(at: at)
                    } else {
                        bytes.insert(Array("{}()[]`'\"/<>$\n".utf8).randomElement(using: &rng)!, at: at)
                    }
                }
                input = String(decoding: bytes, as: UTF8.self)
            }
            let report = Self.review(input, language: language)
            #expect(report.totalFindings == report.summary.counts.error + report.summary.counts.warning + report.summary.counts.info)
            for f in report.findings {
                #expect(f.line >= 1 && f.column >= 1 && f.endLine >= f.line)
            }
            cases += 1
        }
        let elapsed = ContinuousClock.now - started
        print("fuzz: \(cases) inputs in \(elapsed)")
        #expect(cases == count)
        #expect(elapsed < .seconds(120) * max(1, count / 3_000))
    }

    @Test(arguments: [
        ("braces", "{", "}"), ("parens", "(", ")"), ("brackets", "[", "]"), ("templates", "`${", "}`"),
        ("arrows", "() => (", ")"), ("ifs", "if (x) {", "}"), ("jsx", "<a>{", "}</a>"), ("classes", "class A { m() {", "}}"),
    ])
    func tenThousandNestingLevelsAreHandled(_ name: String, open: String, close: String) {
        let depth = 10_000
        let code = "export class D extends DurableObject { async fetch() { "
            + String(repeating: open, count: depth) + "x" + String(repeating: close, count: depth) + " } }"
        let started = ContinuousClock.now
        let report = Self.review(code, language: name == "jsx" ? .tsx : .ts)
        #expect(report.summary.classes.count >= 1)
        // Generous for debug builds on a shared machine; a release build takes well under a second.
        #expect(ContinuousClock.now - started < .seconds(60), "\(name) took too long")
    }

    @Test func unclosedNestingToTheEndOfInputIsHandled() {
        for opener in ["{", "(", "[", "`${", "<div>{", "/*", "'"] {
            let report = Self.review(String(repeating: opener, count: 10_000), language: .tsx)
            #expect(report.findings.count <= 1000)
        }
    }
}
