/// `blocking-loop`: a loop that can neither yield nor end, which freezes the single-threaded object.
struct BlockingLoopRule: Rule {
    static let info = RuleInfo(
        id: "blocking-loop", severity: .error, title: "Loop that never yields or ends",
        summary: "while (true), while (1), for (;;) or do … while (true) whose body has no await, break, return, throw or yield.",
        notFlagged: "Bounded loops; infinite loops that await on each pass or that break, return or throw; loops inside generators that yield.",
        topics: ["single-threaded-execution", "alarms"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for unit in analysis.units {
            for loop in unit.loops(in: 0..<unit.tokens.count) where isConstantTrue(unit, loop) {
                if canLeaveOrYield(unit, loop.body, loopKeyword: loop.keyword) { continue }
                let owner = unit.function(at: loop.keyword).map { unit.functions[$0].name } ?? ""
                let place = owner.isEmpty ? "" : " in `\(owner)`"
                sink.add(Self.info, unit, from: loop.keyword, to: min(loop.header.upperBound, unit.tokens.count - 1),
                         message: "This loop\(place) never awaits, breaks or returns: it blocks the object's only thread forever and every other request waits.",
                         fix: "Do the work in bounded steps and schedule the next step with an alarm:\nawait this.ctx.storage.setAlarm(Date.now() + 1000);")
            }
        }
    }

    private func isConstantTrue(_ unit: SourceUnit, _ loop: (keyword: Int, header: Range<Int>, body: Range<Int>)) -> Bool {
        let header = unit.text(loop.header).filter { !$0.isWhitespace }
        switch unit.tokens[loop.keyword].text {
        case "for": return header == ";;"
        case "while", "do": return header == "true" || header == "1" || header == "!0" || header == "!false"
        default: return false
        }
    }

    /// True when the body awaits, yields, returns or throws, or breaks out of this loop.
    private func canLeaveOrYield(_ unit: SourceUnit, _ body: Range<Int>, loopKeyword: Int) -> Bool {
        let f = unit.function(at: loopKeyword)
        for i in body where unit.function(at: i) == f {
            let t = unit.tokens[i]
            guard t.kind == .identifier else { continue }
            switch t.text {
            case "await", "yield", "return", "throw": return true
            case "break":
                if unit.token(i + 1)?.kind == .identifier, unit.token(i + 1)?.newlineBefore == false { return true }  // labelled
                if !isInsideNestedBreakable(unit, i, body: body, function: f) { return true }
            default: break
            }
        }
        return false
    }

    /// True when a `break` at `i` belongs to a loop or switch nested inside `body`.
    private func isInsideNestedBreakable(_ unit: SourceUnit, _ i: Int, body: Range<Int>, function f: Int?) -> Bool {
        for j in body where j < i && unit.function(at: j) == f {
            let t = unit.tokens[j]
            guard t.kind == .identifier else { continue }
            if t.text == "switch", unit.isPunct(j + 1, "("), unit.isPunct(unit.close(j + 1) + 1, "{") {
                if unit.inside(unit.close(j + 1) + 1).contains(i) { return true }
            } else if ["for", "while", "do"].contains(t.text), let l = unit.loop(at: j), l.body.contains(i) {
                return true
            }
        }
        return false
    }
}
