/// `rmw-across-await`: a storage read and a write of the same key separated by an `await` on something other
/// than storage, which opens the input gate and lets another request interleave (a lost update).
struct RmwAcrossAwaitRule: Rule {
    static let info = RuleInfo(
        id: "rmw-across-await", severity: .warning, title: "Read-modify-write across a non-storage await",
        summary: "storage.get(key) … await <fetch, RPC, timer or other I/O> … storage.put(key, <a value from the read>) in one function, outside transaction() and blockConcurrencyWhile, with no re-read of the key before the write; also a copy read through the class's own read helper (const s = await this.getState()) and written back through its write helper or straight to storage across such an await; and an Agent's this.state copied before such an await and written back with setState({ ...copy }).",
        notFlagged: "A get and a put with only storage awaits (or none) between them, which input gates keep atomic; a write whose value does not come from the read (a fresh token); an await of the handler's own request body (request.json()), of this.state or of an Agent's own setState; awaits on a branch that returns before the write; reads and writes in a transaction or blockConcurrencyWhile; a check-and-set that reads the key again before writing; setState({ ...this.state, … }).",
        topics: ["input-output-gates", "write-coalescing", "transactions"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let calls = unit.calls(in: cls.body)
            let guarded: Set<String> = ["transaction", "blockConcurrencyWhile"]
            var byFunction: [Int: [CallSite]] = [:]
            for c in calls where unit.isAsyncStorageCall(c) && (c.name == "get" || c.name == "put") {
                guard let f = unit.function(at: c.open), !unit.isInsideCallback(c.open, of: guarded) else { continue }
                byFunction[f, default: []].append(c)
            }
            var reported: Set<Int> = []
            for (f, storageCalls) in byFunction {
                for get in storageCalls where get.name == "get" {
                    guard let key = keyText(unit, get) else { continue }
                    for put in storageCalls where put.name == "put" && put.open > get.close && keyText(unit, put) == key {
                        guard !reported.contains(put.open), put.calleeStart > get.close else { continue }
                        let between = (get.close + 1)..<put.calleeStart
                        // A write of a value that does not come from the read (a fresh token, a config handed in)
                        // overwrites on purpose: no update of the read value is lost.
                        if let read = unit.assignedName(of: get), !writesDerivedValue(unit, put, from: read, in: between) { continue }
                        guard let gap = nonStorageAwait(unit, in: between, function: f, d: d, before: put.calleeStart) else { continue }
                        // A second read of the key after the gap is a check-and-set.
                        let reread = storageCalls.contains { $0.name == "get" && $0.open > gap && $0.open < put.open && keyText(unit, $0) == key }
                        if reread { continue }
                        // The read's name given a new value after the await (`userId = user.userId`): what is
                        // written is no longer the stale copy.
                        if let read = unit.assignedName(of: get), between.contains(where: { i in
                            i > gap && unit.tokens[i].isWord(read) && unit.isPunct(i + 1, "=") && !unit.isPunct(i - 1, ".")
                        }) { continue }
                        reported.insert(put.open)
                        let (fname, awaited) = describe(unit, function: f, gap: gap)
                        sink.add(Self.info, unit, from: put.calleeStart, to: put.close,
                                 message: "`\(fname)` of `\(analysis.className(d))` reads \(key) (line \(unit.tokens[get.open].line)), awaits \(awaited) (line \(unit.tokens[gap].line)), then writes \(key): other requests can run during that await, and one of the updates is lost.",
                                 fix: "Do the outside call before reading, or read again right before writing (check-and-set):\nconst result = await \(awaited);\nconst current = await this.ctx.storage.get(\(key));\nawait this.ctx.storage.put(\(key), next(current, result));")
                    }
                }
            }
            handedOn(d, unit, calls: calls, byFunction: byFunction, reported: &reported, analysis: analysis, into: &sink)
            throughHelpers(d, unit, calls: calls, guarded: guarded, analysis: analysis, into: &sink)
            agentState(d, unit, calls: calls, analysis: analysis, into: &sink)
        }
    }

    /// True when the value `put` writes mentions `read`, or a local computed from it between the read and the write
    /// (`list.push(x)` keeps the name; `const next = [...list, x]` derives one).
    private func writesDerivedValue(_ unit: SourceUnit, _ put: CallSite, from read: String, in between: Range<Int>) -> Bool {
        var names: Set<String> = [read]
        var i = between.lowerBound
        while i < between.upperBound {
            // `const|let|var NAME[: Type] = <value>`, the value read to the end of its statement.
            guard ["const", "let", "var"].contains(where: { unit.isWord(i, $0) }), let n = unit.token(i + 1), n.kind == .identifier else { i += 1; continue }
            var k = i + 2
            while k < between.upperBound, !unit.isPunct(k, "="), !unit.isPunct(k, ";") {
                if let t = unit.token(k), t.kind == .punct, ["(", "[", "{"].contains(t.text) { k = unit.close(k) + 1; continue }
                k += 1
            }
            guard unit.isPunct(k, "=") else { i = k; continue }
            let end = min(unit.statementEnd(from: k + 1), between.upperBound)
            let rhs = (k + 1)..<max(k + 1, end)
            if rhs.contains(where: { unit.tokens[$0].kind == .identifier && names.contains(unit.tokens[$0].text) && !unit.isPunct($0 - 1, ".") }) {
                names.insert(n.text)
            }
            i = max(i + 1, end)
        }
        let value = unit.arguments(put).dropFirst().flatMap { Array($0) }
        if value.isEmpty { return true }
        return value.contains { unit.tokens[$0].kind == .identifier && names.contains(unit.tokens[$0].text) && !unit.isPunct($0 - 1, ".") }
    }

    /// A read copy handed to one of the class's own methods, which writes it back after an outside await:
    /// `const history = await storage.get("h"); this.ctx.waitUntil(this.run(history));` with
    /// `async run(h) { const reply = await this.env.AI.run(…); h.push(reply); await storage.put("h", h); }`.
    private func handedOn(_ d: Analysis.DOClass, _ unit: SourceUnit, calls: [CallSite], byFunction: [Int: [CallSite]],
                          reported: inout Set<Int>, analysis: Analysis, into sink: inout FindingSink) {
        for (f, storageCalls) in byFunction {
            for get in storageCalls where get.name == "get" {
                guard let key = keyText(unit, get), let read = unit.assignedName(of: get) else { continue }
                let body = unit.functions[f].body
                for call in calls where call.open > get.close && body.contains(call.open) && call.path.count == 2 && call.path[0] == "this" {
                    guard let m = d.members[call.path[1]], m != f,
                          let k = unit.arguments(call).firstIndex(where: { $0.count == 1 && unit.tokens[$0.lowerBound].isWord(read) }),
                          let param = unit.parameterNames(of: m).dropFirst(k).first else { continue }
                    let mBody = unit.functions[m].body
                    let puts = byFunction[m] ?? []
                    var stale: [(put: CallSite, gap: Int)] = []
                    for put in puts where put.name == "put" && keyText(unit, put) == key && !reported.contains(put.open) {
                        let before = (mBody.lowerBound + 1)..<put.calleeStart
                        guard writesDerivedValue(unit, put, from: param, in: before),
                              let gap = nonStorageAwait(unit, in: before, function: m, d: d, before: put.calleeStart),
                              !puts.contains(where: { $0.name == "get" && keyText(unit, $0) == key && $0.open < put.open })
                        else { continue }
                        reported.insert(put.open)
                        stale.append((put, gap))
                    }
                    // One race per hand-over: the first write, with the method's other writes of the copy related.
                    guard let (put, gap) = stale.first else { continue }
                    let (fname, awaited) = describe(unit, function: m, gap: gap)
                    let others = stale.dropFirst().map { (token: $0.put.calleeStart, message: "the same copy is written back here") }
                    sink.add(Self.info, unit, from: put.calleeStart, to: put.close,
                             message: "`\(fname)` of `\(analysis.className(d))` is handed \(key) as read by `\(unit.functions[unit.memberFunction(of: f) ?? f].name)` (line \(unit.tokens[get.open].line)), awaits \(awaited) (line \(unit.tokens[gap].line)), then writes \(key)\(others.isEmpty ? "" : " (and \(others.count) more time\(others.count == 1 ? "" : "s"))"): other requests can run during that await, and one of the updates is lost.",
                             fix: "Read the key again right before writing, and apply only this call's change:\nconst result = await \(awaited);\nconst current = await this.ctx.storage.get(\(key));\nawait this.ctx.storage.put(\(key), next(current, result));",
                             related: [(get.calleeStart, "\(key) is read here and handed to `\(call.path[1])`")] + others)
                }
            }
        }
    }

    /// An Agent's state copied before an outside await and written back after it:
    /// `const s = this.state; const reply = await this.ai(…); this.setState({ ...s, reply })`. `setState` replaces
    /// the whole state, so a change another request made during the await is lost.
    private func agentState(_ d: Analysis.DOClass, _ unit: SourceUnit, calls: [CallSite], analysis: Analysis, into sink: inout FindingSink) {
        var reported: Set<Int> = []
        for write in calls where write.name == "setState" && write.path == ["this", "setState"] {
            guard let f = unit.function(at: write.open), !reported.contains(write.open) else { continue }
            let args = unit.arguments(write)
            guard let arg = args.first else { continue }
            // Built from the state as it is now (`{ ...this.state, x }`): nothing stale.
            if unit.containsWord("state", in: arg) && arg.contains(where: { unit.tokens[$0].isWord("this") }) { continue }
            let body = unit.functions[f].body
            // Locals copied from `this.state` before the write, in the same function.
            for i in body.lowerBound..<write.calleeStart where unit.function(at: i) == f && unit.isWord(i, "this")
                && unit.isPunct(i + 1, ".") && unit.isWord(i + 2, "state") && !unit.isPunct(i + 3, "=") {
                let s = unit.statementStart(at: i)
                guard ["const", "let"].contains(where: { unit.isWord(s, $0) }) else { continue }
                var copies: Set<String> = []
                if let n = unit.token(s + 1), n.kind == .identifier, unit.isPunct(s + 2, "=") { copies.insert(n.text) }
                if unit.isPunct(s + 1, "{") {  // const { a, b } = this.state
                    for part in unit.split(unit.inside(s + 1)) {
                        if let last = part.last(where: { unit.tokens[$0].kind == .identifier }) { copies.insert(unit.tokens[last].text) }
                    }
                }
                guard let name = copies.first(where: { c in arg.contains { unit.tokens[$0].isWord(c) && !unit.isPunct($0 - 1, ".") } }) else { continue }
                // Up to the write, not including its own `await`.
                let writeStart = unit.isWord(write.calleeStart - 1, "await") ? write.calleeStart - 1 : write.calleeStart
                let between = unit.statementEnd(from: s)..<max(unit.statementEnd(from: s), writeStart)
                guard let gap = nonStorageAwait(unit, in: between, function: f, d: d, before: write.calleeStart) else { continue }
                // The copy read again after the await is fresh.
                let refreshed = between.contains { j in j > gap && unit.tokens[j].isWord(name) && unit.isPunct(j + 1, "=") && !unit.isPunct(j + 2, "=") }
                if refreshed { continue }
                reported.insert(write.open)
                let (fname, awaited) = describe(unit, function: f, gap: gap)
                sink.add(Self.info, unit, from: write.calleeStart, to: write.close,
                         message: "`\(fname)` of `\(analysis.className(d))` copies `this.state` into `\(name)` (line \(unit.tokens[i].line)), awaits \(awaited) (line \(unit.tokens[gap].line)), then writes that copy back with `setState`: a state change made by another request during the await is overwritten.",
                         fix: "Apply only this call's change to the state as it is after the await:\nconst result = await \(awaited);\nthis.setState({ ...this.state, /* this call's change */ });",
                         related: [(i, "`this.state` is copied here")])
                break
            }
        }
    }

    /// The same race through the class's own helpers: `const state = await this.getState()`, an outside await,
    /// then `await this.setState(state)`, where the helpers only read and only write storage.
    private func throughHelpers(_ d: Analysis.DOClass, _ unit: SourceUnit, calls: [CallSite], guarded: Set<String>,
                                analysis: Analysis, into sink: inout FindingSink) {
        func storageCalls(of m: Int) -> [CallSite] { unit.calls(in: unit.functions[m].body).filter { unit.isAsyncStorageCall($0) } }
        var readers: Set<String> = []
        var writers: Set<String> = []
        for (name, m) in d.members {
            let inner = storageCalls(of: m)
            let reads = inner.contains { $0.name == "get" }, writes = inner.contains { $0.name == "put" }
            // A get-or-create reader stores a default only when nothing was stored (`if (!s) { …put… }`).
            let body = unit.functions[m].body
            let writesOnlyDefault = inner.filter { $0.name == "put" }.allSatisfy { !unit.enclosingIfConditions(of: $0.calleeStart, from: body.lowerBound).isEmpty }
            if reads && (!writes || writesOnlyDefault) { readers.insert(name) }
            if writes && !reads { writers.insert(name) }
        }
        guard !readers.isEmpty else { return }
        var reported: Set<Int> = []
        for read in calls where read.path.count == 2 && read.path[0] == "this" && readers.contains(read.path[1]) {
            guard let f = unit.function(at: read.open), !unit.isInsideCallback(read.open, of: guarded),
                  unit.isWord(read.calleeStart - 1, "await"), let name = declaredLocal(unit, awaitedAt: read.calleeStart - 1)
            else { continue }
            let body = unit.functions[f].body
            // Written back through a write helper, or straight to storage (`storage.put("session", session)`).
            var stale: [(write: CallSite, gap: Int)] = []
            for write in calls where write.open > read.close && body.contains(write.open) && unit.function(at: write.open) == f
                && (write.path.count == 2 && write.path[0] == "this" && writers.contains(write.path[1])
                    || unit.isAsyncStorageCall(write) && write.name == "put")
                && unit.arguments(write).contains(where: { arg in arg.count == 1 && unit.tokens[arg.lowerBound].isWord(name) }) {
                guard !reported.contains(write.open) else { continue }
                let between = (read.close + 1)..<write.calleeStart
                guard let gap = nonStorageAwait(unit, in: between, function: f, d: d, before: write.calleeStart) else { continue }
                // Read again after the gap (check-and-set), or the name given a new value: not the stale copy.
                let refreshed = between.contains { i in
                    i > gap && unit.tokens[i].isWord(name) && unit.isPunct(i + 1, "=") && !unit.isPunct(i + 2, "=")
                }
                if refreshed { continue }
                reported.insert(write.open)
                stale.append((write, gap))
            }
            // One race per read: the first write of the stale copy, with every other write of it related.
            guard let (write, gap) = stale.first else { continue }
            let (fname, awaited) = describe(unit, function: f, gap: gap)
            let through = write.path[0] == "this" && write.path.count == 2 ? "through `\(write.path[1])`" : "with `\(write.path.joined(separator: "."))()`"
            let others = stale.dropFirst().map { (token: $0.write.calleeStart, message: "the same copy is written back here") }
            let writeCall = unit.text(write.calleeStart..<write.open)
            sink.add(Self.info, unit, from: write.calleeStart, to: write.close,
                     message: "`\(fname)` of `\(analysis.className(d))` reads `\(name)` through `\(read.path[1])` (line \(unit.tokens[read.open].line)), awaits \(awaited) (line \(unit.tokens[gap].line)), then writes that copy back \(through)\(others.isEmpty ? "" : " (and \(others.count) more time\(others.count == 1 ? "" : "s"))"): other requests can run during that await, and what they stored is overwritten.",
                     fix: "Read again right before writing, and apply only this request's change:\nconst result = await \(awaited);\nconst current = await this.\(read.path[1])();\nawait \(writeCall)(/* current with this request's change */);",
                     related: [(read.calleeStart, "`\(name)` is read here")] + others)
        }
    }

    /// The local a declaration binds to an awaited value: `const s = await this.load()`, or with a default,
    /// `const s = (await this.load()) ?? empty()`.
    private func declaredLocal(_ unit: SourceUnit, awaitedAt a: Int) -> String? {
        var j = a - 1
        while unit.isPunct(j, "(") { j -= 1 }
        guard unit.isPunct(j, "="), let local = unit.token(j - 1), local.kind == .identifier,
              ["const", "let", "var"].contains(where: { unit.isWord(j - 2, $0) }) else { return nil }
        return local.text
    }

    /// The member a finding is in and the outside call its await waits on, as the message names them.
    private func describe(_ unit: SourceUnit, function f: Int, gap: Int) -> (function: String, awaited: String) {
        (unit.functions[unit.memberFunction(of: f) ?? f].name,
         unit.awaitedCall(at: gap).map { $0.path.joined(separator: ".") + "()" } ?? "a promise")
    }

    /// The methods that read a request's body.
    private static let bodyReaders: Set<String> = ["json", "text", "formData", "arrayBuffer", "blob"]

    private func keyText(_ unit: SourceUnit, _ c: CallSite) -> String? {
        guard let first = unit.arguments(c).first, !first.isEmpty, !unit.isPunct(first.lowerBound, "{"),
              !unit.isPunct(first.lowerBound, "[") else { return nil }
        return unit.text(first)
    }

    /// The first `await` in `range`, directly in function `f`, whose operand is not a storage operation.
    /// Awaits in a block that returns or throws at its end, before `write`, are on a path that never writes.
    private func nonStorageAwait(_ unit: SourceUnit, in range: Range<Int>, function f: Int, d: Analysis.DOClass, before write: Int) -> Int? {
        for i in range where unit.tokens[i].isWord("await") && unit.function(at: i) == f {
            if unit.leavesBlock(after: i, before: write, in: f) { continue }
            // `await request.json?.()`: the optional call is not a call site.
            if let r = unit.token(i + 1), ["request", "req"].contains(r.text) || r.text.lowercased().hasSuffix("request"), unit.isPunct(i + 2, "."),
               let m = unit.token(i + 3), Self.bodyReaders.contains(m.text) { continue }
            // `await this.state`: a field read, no I/O.
            if unit.isWord(i + 1, "this"), unit.isPunct(i + 2, "."), !unit.isPunct(i + 4, "("), !unit.isPunct(i + 4, "."),
               unit.awaitedCall(at: i) == nil { continue }
            guard let c = unit.awaitedCall(at: i) else { return i }
            if unit.isStorageCall(c) { continue }
            // An Agent's own state write (kept in the object's SQLite storage).
            if c.path == ["this", "setState"] { continue }
            // `await Promise.all([storage.put(a), storage.put(b)])`: storage only.
            if c.path == ["Promise", "all"] || c.path == ["Promise", "allSettled"] {
                let inner = unit.calls(in: unit.inside(c.open))
                if !inner.isEmpty, inner.allSatisfy({ unit.isStorageCall($0) }) { continue }
            }
            // The handler's own request body (`await request.json()`): no other service, read before the write.
            if c.path.count == 2, Self.bodyReaders.contains(c.name),
               ["request", "req", "r"].contains(c.path[0]) || c.path[0].lowercased().hasSuffix("request") { continue }
            if c.path.count == 2, c.path[0] == "this", let m = d.members[c.path[1]] {
                let inner = unit.calls(in: unit.functions[m].body)
                // Outside work: fetch, another object, a timer, a binding, or a service the object holds
                // (`await this.archive.put(…)` through a field other than the object's own state).
                let outside = inner.contains { $0.name == "fetch" || unit.isStubFactory($0) || $0.name == "setTimeout" || $0.has("env") && !unit.isStorageCall($0) }
                    || inner.contains { c in
                        c.path.count == 3 && c.path[0] == "this" && !["ctx", "state", "storage", "sql", "env"].contains(c.path[1])
                            && d.members[c.path[1]] == nil && unit.isWord(c.calleeStart - 1, "await") && !unit.isStorageCall(c)
                    }
                if !outside { continue }
            }
            return i
        }
        return nil
    }
}
