/// `alarm-not-idempotent`: an alarm handler that reschedules itself at the current time or with no stop
/// condition, or that performs a non-idempotent effect with no guard against the runtime's retries.
struct AlarmNotIdempotentRule: Rule {
    static let info = RuleInfo(
        id: "alarm-not-idempotent", severity: .warning, title: "Alarm that reschedules forever or repeats effects",
        summary: "In alarm(): setAlarm(Date.now()) (a busy loop); setAlarm reached on every run with no condition and no early return (the object never rests); a POST fetch or send before any stored check, which a retried alarm repeats.",
        notFlagged: "setAlarm inside a condition (more work queued, a next due time) or after an early return; effects guarded by a stored flag, a retry check (alarmInfo) or a read of stored state first.",
        topics: ["alarms", "alarm-retries", "pattern-job-queue"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            guard let alarm = d.members["alarm"] else { continue }
            let fn = unit.functions[alarm]
            let body = fn.body
            let name = analysis.className(d)
            let calls = unit.calls(in: body)
            for c in calls where c.name == "setAlarm" && unit.isWithin(c.open, function: alarm) {
                let arg = unit.firstArgumentText(c)?.filter { !$0.isWhitespace } ?? ""
                if arg == "Date.now()" || arg == "newDate()" || arg == "Date.now()+0" {
                    sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                             message: "`\(name).alarm()` reschedules itself for now: the alarm fires again at once, in a loop that keeps the object awake and billed.",
                             fix: "Reschedule for the next due time, and only while work remains:\nif (await this.hasPendingWork()) await this.ctx.storage.setAlarm(Date.now() + 60_000);")
                    continue
                }
                guard unit.function(at: c.open) == alarm, isUnconditional(unit, c.calleeStart, in: body) else { continue }
                if hasEarlyExit(unit, before: c.calleeStart, in: body, function: alarm) { continue }
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(name).alarm()` always schedules the next alarm, with no condition to stop: the object wakes up forever, even when there is nothing left to do.",
                         fix: "Stop when there is no more work:\nconst next = await this.nextDueTime();\nif (next !== null) await this.ctx.storage.setAlarm(next);")
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

    /// True when the token sits in the function's top-level statement list, not under `if`, `?:`, a loop,
    /// `switch`, `catch` or `&&`.
    private func isUnconditional(_ unit: SourceUnit, _ at: Int, in body: Range<Int>) -> Bool {
        var i = body.lowerBound
        while i < body.upperBound {
            let t = unit.tokens[i]
            if t.kind == .punct, t.text == "{" || t.text == "(" || t.text == "[" {
                let end = unit.close(i)
                if end > at, i < at { return false }  // inside a nested block of an if/loop/etc.
                i = end + 1
                continue
            }
            if i >= at { break }
            i += 1
        }
        // `if (more) await setAlarm(…)` or `more && await setAlarm(…)`.
        return !unit.isGuarded(at)
    }

    private func hasEarlyExit(_ unit: SourceUnit, before at: Int, in body: Range<Int>, function f: Int) -> Bool {
        for i in body.lowerBound..<max(body.lowerBound, at) where unit.function(at: i) == f {
            if unit.tokens[i].isWord("return") || unit.tokens[i].isWord("throw") { return true }
        }
        return false
    }
}
