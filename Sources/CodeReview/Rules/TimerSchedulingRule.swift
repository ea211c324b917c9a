import Foundation

/// `timer-scheduling`: `setTimeout` / `setInterval` used in a Durable Object to schedule durable work; timers
/// die with the object and keep it from hibernating, alarms survive both.
struct TimerSchedulingRule: Rule {
    static let info = RuleInfo(
        id: "timer-scheduling", severity: .warning, title: "Timer used to schedule work instead of an alarm",
        summary: "setInterval in a Durable Object; setTimeout with a delay of 10 s or more, or whose callback writes storage, calls out or runs a method, with no short known delay; a short setTimeout whose callback saves state (storage writes, SQL that changes rows, setState), directly or through the class's methods.",
        notFlagged: "Sleep helpers (new Promise(r => setTimeout(r, ms))); deadlines that only abort an outbound call (setTimeout(() => controller.abort(), ms)); short timers (under 10 s) such as cooldowns, pauses and debounces that save nothing (event listeners a method registers run later and do not count); callbacks that only change fields in memory; timers in plain Workers.",
        topics: ["alarms", "hibernation", "pattern-scheduler"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            for c in unit.calls(in: cls.body) where (c.name == "setTimeout" || c.name == "setInterval") && (c.path.count == 1 || c.path.first == "globalThis") {
                let args = unit.arguments(c)
                guard let callback = args.first else { continue }
                if isSleep(unit, c, callback) { continue }
                let delay = args.count > 1 ? Self.milliseconds(unit, args[1]) : 0
                let longNamed = args.count > 1 && Self.soundsLong(unit.text(args[1]))
                let durable = doesDurableWork(unit, callback, d)
                // Expiring an in-memory entry (`this.cache.delete(key)`) schedules no durable work, and a deadline
                // that aborts an outbound call (`() => controller.abort()`) schedules none either.
                if c.name == "setTimeout", onlyUpdatesMemory(unit, callback) || onlyAborts(unit, callback) { continue }
                let flagged: Bool
                if c.name == "setInterval" {
                    flagged = true
                } else if let delay {
                    // A short delay is a cooldown, unless what runs then is saved: a state change stored from
                    // a timer is lost with the object, which an alarm would not be.
                    flagged = delay >= 10_000 || persists(unit, callback, d, depth: 0) && !isFlush(unit, c, callback)
                } else {
                    flagged = longNamed || durable && !isFlush(unit, c, callback)
                }
                guard flagged else { continue }
                let method = unit.function(at: c.open).flatMap { unit.memberFunction(of: $0) }.map { unit.functions[$0].name } ?? "?"
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(c.name)` in `\(analysis.className(d)).\(method)` schedules work on a timer: it is lost if the object is evicted and keeps it from hibernating. An alarm survives both.",
                         fix: "Schedule with an alarm and do the work in alarm():\nawait this.ctx.storage.setAlarm(Date.now() + \(args.count > 1 ? unit.text(args[1]) : "delayMs"));\nasync alarm() { /* the work */ }")
            }
        }
    }

    private func isSleep(_ unit: SourceUnit, _ c: CallSite, _ callback: Range<Int>) -> Bool {
        if callback.count == 1, let t = unit.token(callback.lowerBound), t.kind == .identifier {
            if ["resolve", "r", "res", "done", "ok", "wake", "fulfil", "fulfill"].contains(t.text) { return true }
        }
        if let f = unit.function(at: c.open), let outer = unit.callReceiving(function: f), outer.isNew, outer.name == "Promise" {
            return true
        }
        return false
    }

    private func doesDurableWork(_ unit: SourceUnit, _ callback: Range<Int>, _ d: Analysis.DOClass) -> Bool {
        for c in unit.calls(in: callback) {
            if unit.isStorageCall(c) || c.name == "fetch" || unit.isStubFactory(c) { return true }
            if c.path.count == 2, c.path[0] == "this", d.members[c.path[1]] != nil { return true }
        }
        if callback.count == 2, unit.isWord(callback.lowerBound, "this") { return false }
        let text = unit.text(callback)
        return text.hasPrefix("this.") && !text.contains("=>") && !text.contains("(")  // setTimeout(this.flush, …)
    }

    /// A flush of buffered data: the timer handle or the method the callback calls is named for batching,
    /// flushing, debouncing or saving, and the callback changes no field of the object (a state change is more).
    private func isFlush(_ unit: SourceUnit, _ timer: CallSite, _ callback: Range<Int>) -> Bool {
        let words = ["flush", "batch", "debounce", "save", "persist", "buffer"]
        func named(_ s: String) -> Bool { let l = s.lowercased(); return words.contains { l.contains($0) } }
        var handle = unit.assignedName(of: timer)
        if handle == nil, unit.isPunct(timer.calleeStart - 1, "="), let n = unit.token(timer.calleeStart - 2), n.kind == .identifier { handle = n.text }
        let calledNames = unit.calls(in: callback).filter { $0.path.first == "this" }.map(\.name)
        guard handle.map(named) == true || calledNames.contains(where: named) else { return false }
        return !callback.contains { i in
            unit.tokens[i].isWord("this") && unit.isPunct(i + 1, ".") && {
                var j = i + 2
                while unit.token(j)?.kind == .identifier, unit.isPunct(j + 1, ".") { j += 2 }
                return unit.isPunct(j + 1, "=") && !unit.isPunct(j + 2, "=")
            }()
        }
    }

    /// True when the range writes storage (put, delete, SQL that changes rows, setState of an Agent), directly or
    /// through methods of the class it calls (two levels). Event listeners a called method registers
    /// (`ws.addEventListener("message", …)`) run on later events, not when the timer fires, so they do not count.
    private func persists(_ unit: SourceUnit, _ range: Range<Int>, _ d: Analysis.DOClass, depth: Int) -> Bool {
        for c in unit.calls(in: range) {
            if depth > 0, unit.isInsideCallback(c.open, of: ["addEventListener", "on", "once"]) { continue }
            if c.name == "setState", c.path.count == 2, c.path[0] == "this" { return true }
            if unit.isStorageCall(c) {
                if c.has("sql") {
                    let sql = unit.arguments(c).first.map { unit.text($0).uppercased() } ?? ""
                    if ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains(where: { sql.contains($0) }) { return true }
                } else if ["put", "delete", "deleteAll", "transaction"].contains(c.name) {
                    return true
                }
            }
            if depth < 2, c.path.count == 2, c.path[0] == "this", let m = d.members[c.path[1]],
               persists(unit, unit.functions[m].body, d, depth: depth + 1) { return true }
        }
        return false
    }

    /// A callback whose body only changes fields of `this`: `() => this.cache.delete(k)`, `() => { this.busy = false }`.
    private func onlyUpdatesMemory(_ unit: SourceUnit, _ callback: Range<Int>) -> Bool {
        guard let f = unit.functions(startingIn: callback).first, unit.functions[f].head == callback.lowerBound else { return false }
        let body = unit.functions[f].body
        let calls = unit.calls(in: body)
        let fieldMutators: Set<String> = ["delete", "clear", "set", "add"]
        // `this.players.forEach(p => { p.score = 0 })`: a loop over a field that only assigns, calling nothing.
        let loops = calls.filter { $0.path.count == 3 && $0.path[0] == "this" && $0.name == "forEach" }
        let inLoops = loops.flatMap { l in unit.calls(in: unit.inside(l.open)) }
        guard inLoops.isEmpty else { return false }
        guard calls.allSatisfy({ c in
            c.path.count == 3 && c.path[0] == "this" && (fieldMutators.contains(c.name) || c.name == "forEach")
        }) else { return false }
        // Every statement starts with `this.`.
        var i = body.lowerBound
        while i < body.upperBound {
            if unit.isPunct(i, ";") { i += 1; continue }
            guard unit.isWord(i, "this") else { return false }
            i = max(i + 1, unit.statementEnd(from: i))
        }
        return true
    }

    /// A callback that only aborts: `() => controller.abort()`, `() => { ac.abort("timeout"); }`.
    private func onlyAborts(_ unit: SourceUnit, _ callback: Range<Int>) -> Bool {
        guard let f = unit.functions(startingIn: callback).first, unit.functions[f].head == callback.lowerBound else { return false }
        let calls = unit.calls(in: unit.functions[f].body)
        return !calls.isEmpty && calls.allSatisfy { $0.name == "abort" && $0.path.count == 2 }
    }

    private static func soundsLong(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["hour", "minute", "day", "week", "ttl", "expir", "interval"].contains { lower.contains($0) }
    }

    /// Folds `60 * 1000`, `5_000`, `2 * 60 * 1000 + 500`; nil when the delay is not a constant.
    static func milliseconds(_ unit: SourceUnit, _ range: Range<Int>) -> Double? {
        var sum = 0.0
        var product = 1.0
        var expectNumber = true
        for i in range {
            let t = unit.tokens[i]
            if expectNumber {
                guard t.kind == .number, let v = Double(t.text.replacingOccurrences(of: "_", with: "")) else { return nil }
                product *= v
                expectNumber = false
            } else if t.isPunct("*") {
                expectNumber = true
            } else if t.isPunct("+") {
                sum += product
                product = 1
                expectNumber = true
            } else {
                return nil
            }
        }
        return expectNumber ? nil : sum + product
    }
}
