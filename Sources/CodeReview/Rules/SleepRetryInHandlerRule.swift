/// `sleep-retry-in-handler`: a retry or polling loop that sleeps inside a request handler, holding the caller
/// (and the object's attention) for the whole backoff; the seed's webhook processor does this.
struct SleepRetryInHandlerRule: Rule {
    static let info = RuleInfo(
        id: "sleep-retry-in-handler", severity: .warning, title: "Retry loop that sleeps inside a request",
        summary: "A loop in a Durable Object method reached from fetch, an RPC method or a WebSocket handler that awaits a sleep (a sleep helper, new Promise with setTimeout, scheduler.wait) on its passes.",
        notFlagged: "Sleeps outside loops; loops in alarm() and the methods only it calls, where the runtime already retries; plain Workers. A loop with no sign of retrying or polling (no catch, no attempt, retry, backoff or poll name, no deadline on Date.now() in its condition) is low confidence.",
        topics: ["pattern-webhook-processor", "alarm-retries", "alarms"])

    private static let retryWords = ["retry", "retries", "attempt", "tries", "backoff", "poll"]

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        let sleepHelpers = analysis.units.map { $0.sleepHelpers() }
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let helpers = sleepHelpers[d.unit]
            for m in d.requestPath {
                let fn = unit.functions[m]
                for loop in unit.loops(in: fn.body) {
                    let sleeper = unit.awaits(in: loop.body).first { a in
                        guard unit.tokens[a].isWord("await"), let c = unit.awaitedCall(at: a) else { return false }
                        return unit.isSleep(c, helpers: helpers)
                    }
                    guard let sleeper else { continue }
                    let handler = d.requestPath.contains(m) ? fn.name : "?"
                    // A retry or a poll shows it: a catch, or a name of attempts, retries, backoff or polling. A
                    // loop of steps with a pause between them (an agent's plan) may be neither.
                    let shape = loop.header.lowerBound..<loop.body.upperBound
                    let retries = shape.contains { j in
                        let t = unit.tokens[j]
                        guard t.kind == .identifier else { return false }
                        if t.text == "catch" { return true }
                        let lower = t.text.lowercased()
                        return Self.retryWords.contains { lower.contains($0) }
                    }
                    // A wait against a deadline (`while (!ready && Date.now() < deadline)`) polls too.
                    let polls = unit.text(loop.header).contains("Date.now()")
                    sink.add(Self.info, unit, from: loop.keyword, to: loop.keyword,
                             message: "`\(analysis.className(d)).\(handler)` retries in a loop that sleeps (line \(unit.tokens[sleeper].line)) while the request waits: the caller is held for the whole backoff and the work is lost if the object is evicted.",
                             fix: "Store the work, answer at once, and retry from alarm() with backoff:\nawait this.ctx.storage.put(`job:${id}`, { event, attempt: 0 });\nawait this.ctx.storage.setAlarm(Date.now());\nreturn new Response(\"Accepted\", { status: 202 });",
                             confidence: retries || polls ? .high : .low,
                             related: [(sleeper, "the loop sleeps here")])
                }
            }
        }
    }
}
