/// Per-phase timings, for the benchmark.
extension Reviewer {
    /// Wall time of each phase of a review: lexing and parsing, analysis, then each rule by id.
    package func timings(_ request: ReviewRequest) -> [(phase: String, seconds: Double)] {
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let clock = ContinuousClock()
        var result: [(String, Double)] = []
        var units: [SourceUnit] = []
        result.append(("lex+parse", seconds(clock.measure { units = request.files.map { SourceUnit(file: $0) } })))
        var analysis: Analysis?
        result.append(("analysis", seconds(clock.measure {
            analysis = Analysis(units: units, wrangler: request.wrangler.map { WranglerConfig(file: $0) })
        })))
        guard let analysis else { return result }
        for rule in RuleCatalog.rules {
            var sink = FindingSink()
            result.append((type(of: rule).info.id, seconds(clock.measure { rule.check(analysis, into: &sink) })))
        }
        return result
    }
}
