/// `alarm-not-idempotent`: an alarm handler that reschedules itself at the current time or with no stop
/// condition, or that performs a non-idempotent effect with no guard against the runtime's retries.
struct AlarmNotIdempotentRule: Rule {
    static let info = RuleInfo(
        id: "alarm-not-idempotent", severity: .warning, title: "Alarm that reschedules forever or repeats effects",
        summary: "In alarm(): setAlarm(Date.now()) (a busy loop); setAlarm reached on every run with no stop condition (also in finally, in a blockConcurrencyWhile or transaction callback, or through a method of the class; a getAlarm() test is no condition, since it returns null while the handler runs); a constructor that sets the alarm inside blockConcurrencyWhile with no condition (each wake arms the next); a POST fetch or send before any stored check, which a retried alarm repeats.",
        notFlagged: "setAlarm inside a condition on the work (more queued, a next due time) or after an early return; a constructor that checks getAlarm() first; effects guarded by a stored flag, a retry check (alarmInfo) or a read of stored state first.",
        topics: ["alarms", "alarm-retries", "pattern-job-queue"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            guard let alarm = d.members["alarm"] else { continue }
            let fn = unit.functions[alarm]
            let body = fn.body
            let name = analysis.className(d)
            let calls = unit.calls(in: body)
            var reportedForever = false
            for c in calls where c.name == "setAlarm" && unit.isWithin(c.open, function: alarm) {
                let arg = unit.firstArgumentText(c)?.filter { !$0.isWhitespace } ?? ""
                if arg == "Date.now()" || arg == "newDate()" || arg == "Date.now()+0" {
                    sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                             message: "`\(name).alarm()` reschedules itself for now: the alarm fires again at once, in a loop that keeps the object awake and billed.",
                             fix: "Reschedule for the next due time, and only while work remains:\nif (await this.hasPendingWork()) await this.ctx.storage.setAlarm(Date.now() + 60_000);")
                    reportedForever = true
                }
            }
            // The next alarm set on every run: directly, in a blockConcurrencyWhile or transaction callback, in a
            // `finally`, or through a method of the class; a test of getAlarm() is no stop condition here, since
            // getAlarm() returns null while the handler runs.
            if !reportedForever, let site = alwaysSchedules(d, unit, from: alarm, depth: 0) {
                reportedForever = true
                let through = site.via.map { " (through `this.\($0)()`)" } ?? ""
                sink.add(Self.info, unit, from: site.call.calleeStart, to: site.call.close,
                         message: "`\(name).alarm()` always schedules the next alarm\(through), with no condition to stop: the object wakes up forever, even when there is nothing left to do. (A test of `getAlarm()` does not stop it: inside the handler it returns null.)",
                         fix: "Stop when there is no more work:\nconst next = await this.nextDueTime();\nif (next !== null) await this.ctx.storage.setAlarm(next);")
            }
            // The constructor arms the alarm on every wake, the alarm's own included (the constructor runs before
            // alarm()), so the object never rests.
            if !reportedForever, let ctor = unit.classes[d.index].constructorIndex,
               let site = alwaysSchedules(d, unit, from: ctor, depth: 0, getAlarmTestStops: true),
               // Outside blockConcurrencyWhile, storage-in-constructor reports the same line.
               unit.isInsideCallback(site.call.open, of: ["blockConcurrencyWhile"]) {
                let through = site.via.map { " (through `this.\($0)()`)" } ?? ""
                sink.add(Self.info, unit, from: site.call.calleeStart, to: site.call.close,
                         message: "The constructor of `\(name)` sets the alarm on every wake\(through), and the alarm's own wake runs the constructor first: each run arms the next, so the object wakes forever and every earlier due time is pushed back.",
                         fix: "Set it only when none is set, and let alarm() decide whether there is more to do:\nctx.blockConcurrencyWhile(async () => {\n  if ((await ctx.storage.getAlarm()) === null && (await this.hasWork())) await ctx.storage.setAlarm(Date.now() + 60_000);\n});")
            }
            // A non-idempotent effect before anything stored is consulted.
            let firstRead = calls.first { unit.isStateLoad($0) }?.open ?? Int.max
            if unit.containsWord("retryCount", in: body) || unit.containsWord("isRetry", in: body) { continue }
            for c in calls where c.open < firstRead && unit.function(at: c.open) == alarm {
                let isPost = c.name == "fetch" && c.path.count == 1 && (c.open..<c.close).contains { unit.tokens[$0].kind == .string && unit.tokens[$0].text.dropFirst().hasPrefix("POST") }
                let isSend = c.has("env") && ["send", "charge", "publish", "enqueue"].contains(c.name)
                guard isPost || isSend else { continue }
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(name).alarm()` performs `\(c.path.joined(separator: "."))()` before checking any stored state: alarms are retried after failures, so the effect can happen twice.",
                         fix: "Record progress and skip work already done:\nif (await this.ctx.storage.get(`sent:${id}`)) return;\nawait doEffect();\nawait this.ctx.storage.put(`sent:${id}`, true);")
            }
        }
    }

    /// The `setAlarm` call that function `f` reaches on every run, if any, and the member it goes through.
    private func alwaysSchedules(_ d: Analysis.DOClass, _ unit: SourceUnit, from f: Int, depth: Int,
                                 getAlarmTestStops: Bool = false) -> (call: CallSite, via: String?)? {
        let body = unit.functions[f].body
        for c in unit.calls(in: body) where unit.isWithin(c.open, function: f) {
            let isSet = c.name == "setAlarm" && !c.path.contains("sql")
            var via: String?
            if !isSet {
                guard depth < 3, c.path.count == 2, c.path[0] == "this", let m = d.members[c.path[1]], m != f,
                      alwaysSchedules(d, unit, from: m, depth: depth + 1, getAlarmTestStops: getAlarmTestStops) != nil
                else { continue }
                via = c.path[1]
            }
            guard reachedAlways(unit, c.calleeStart, in: f, getAlarmTestStops: getAlarmTestStops),
                  !hasEarlyExit(unit, before: c.calleeStart, in: body, function: f) else { continue }
            return (c, via)
        }
        return nil
    }

    /// True when token `at` runs whenever function `f` runs: through `try`/`finally` blocks and the callbacks of
    /// blockConcurrencyWhile / transaction, but not under `if` (unless it only tests getAlarm()), `?:`, loops,
    /// `switch`, `catch`, `&&` or another callback.
    private func reachedAlways(_ unit: SourceUnit, _ at: Int, in f: Int, getAlarmTestStops: Bool) -> Bool {
        var pos = at
        var steps = 0
        while let g = unit.function(at: pos), g != f, steps < 8 {
            guard unit.functions[g].kind == .arrow || unit.functions[g].kind == .function,
                  let c = unit.callReceiving(function: g),
                  ["blockConcurrencyWhile", "transaction", "transactionSync"].contains(c.name),
                  unconditional(unit, pos, in: unit.functions[g].body, getAlarmTestStops: getAlarmTestStops)
            else { return false }
            pos = c.calleeStart
            steps += 1
        }
        guard unit.function(at: pos) == f else { return false }
        return unconditional(unit, pos, in: unit.functions[f].body, getAlarmTestStops: getAlarmTestStops)
    }

    private func unconditional(_ unit: SourceUnit, _ at: Int, in body: Range<Int>, getAlarmTestStops: Bool) -> Bool {
        var i = body.lowerBound
        while i < body.upperBound, i < at {
            let t = unit.tokens[i]
            if t.kind == .punct, t.text == "{" || t.text == "(" || t.text == "[" {
                let end = unit.close(i)
                if end > at {
                    guard t.text == "{" else { return false }
                    if unit.isWord(i - 1, "try") || unit.isWord(i - 1, "finally") { i += 1; continue }
                    // `if (<test of getAlarm() only>) { … }` in alarm(): always true while the handler runs.
                    if !getAlarmTestStops, let open = ifConditionOpen(unit, closingAt: i - 1),
                       testsOnlyAlarm(unit, unit.inside(open), before: at, in: body) { i += 1; continue }
                    return false
                }
                i = end + 1
                continue
            }
            i += 1
        }
        if unit.isGuarded(at) {
            // `if (<getAlarm test>) stmt;`
            let s = unit.statementStart(at: at)
            if !getAlarmTestStops, let open = ifConditionOpen(unit, closingAt: s - 1),
               testsOnlyAlarm(unit, unit.inside(open), before: at, in: body),
               !(s..<at).contains(where: { ["&&", "||", "??", "?"].contains(unit.tokens[$0].text) && unit.tokens[$0].kind == .punct }) {
                return true
            }
            return false
        }
        return true
    }

    /// The `(` of an `if` condition whose `)` is token `close`.
    private func ifConditionOpen(_ unit: SourceUnit, closingAt close: Int) -> Int? {
        guard unit.isPunct(close, ")") else { return nil }
        let open = unit.matching[close]
        guard open >= 0, open < close, unit.isWord(open - 1, "if") else { return nil }
        return open
    }

    /// True when a condition tests nothing but the scheduled alarm (`getAlarm()` or a variable holding it)
    /// against null, now or a number.
    private func testsOnlyAlarm(_ unit: SourceUnit, _ cond: Range<Int>, before at: Int, in body: Range<Int>) -> Bool {
        var alarmVars: Set<String> = []
        for c in unit.calls(in: body.lowerBound..<at) where c.name == "getAlarm" {
            if let n = unit.assignedName(of: c) { alarmVars.insert(n) }
        }
        var sawAlarm = false
        let neutral: Set<String> = ["null", "undefined", "now", "Date", "this", "ctx", "storage", "state", "await", "typeof", "getAlarm", "number"]
        for j in cond where unit.tokens[j].kind == .identifier {
            let w = unit.tokens[j].text
            if w == "getAlarm" || alarmVars.contains(w) { sawAlarm = true; continue }
            if neutral.contains(w) { continue }
            return false
        }
        return sawAlarm
    }

    private func hasEarlyExit(_ unit: SourceUnit, before at: Int, in body: Range<Int>, function f: Int) -> Bool {
        for i in body.lowerBound..<max(body.lowerBound, at) where unit.function(at: i) == f {
            if unit.tokens[i].isWord("return") || unit.tokens[i].isWord("throw") { return true }
        }
        return false
    }
}
