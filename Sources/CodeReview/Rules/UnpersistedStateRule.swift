import Foundation

/// `unpersisted-state`: a class field that a handler changes or serves as the truth, but that is never loaded
/// from storage when the object starts, so its value is lost at eviction or hibernation.
struct UnpersistedStateRule: Rule {
    static let info = RuleInfo(
        id: "unpersisted-state", severity: .warning, title: "State kept only in memory",
        summary: "A Durable Object field holding data (number, string, collection) that a handler changes or returns, and that no code loads from storage (get, list, SQL, getWebSockets, attachments).",
        notFlagged: "Caches filled from storage or written through and read back with a storage fallback; socket maps rebuilt from getWebSockets(); readonly fields other than collections, fields set from env or ctx, timers, promises and in-flight flags; sockets tracked by a non-hibernating object (they die with it), and per-connection state such an object removes when a socket closes; memos filled on demand (a method that returns early while the field is set or fresh, or `??=`); fields loaded through the project's own storage wrapper (`this.storage.loadX()`); rate-limit windows, circuit breakers, presence and awareness by name. Only one shape is shown by default: a collection of the sockets of a hibernating object (`acceptWebSocket`), filled as clients connect and never rebuilt from getWebSockets(); every other finding is `low`, since a field may be kept in memory on purpose.",
        topics: ["hibernation", "lifecycle", "storage-kv-api"])

    private static let infrastructure: Set<String> = [
        "env", "ctx", "state", "storage", "sql", "kv", "db", "app", "router", "encoder", "decoder", "logger", "log",
        "config", "options", "schema", "name", "id",
    ]
    private static let transientFragments = [
        "timer", "interval", "timeout", "pending", "inflight", "lock", "busy", "processing", "flushing", "scheduled",
        "dirty", "promise", "ready", "initialized", "loaded", "debounce", "cooldown",
        // Deliberately ephemeral by design: rate-limit windows, circuit breakers, presence and awareness.
        "ratelimit", "throttle", "circuit", "consecutive", "presence", "awareness", "typing",
    ]
    /// Fields that hold a project's own storage wrapper, and the method names that read through one.
    private static let storageWrappers: Set<String> = ["storage", "store", "repo", "repository", "persistence", "db"]
    private static let readPrefixes = ["load", "get", "read", "fetch", "restore", "hydrate", "list", "find"]
    static let mutators: Set<String> = ["push", "set", "add", "delete", "clear", "splice", "pop", "shift", "unshift", "sort"]

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let name = analysis.className(d)
            let ctor = cls.constructorIndex
            let hibernates = unit.containsWord("acceptWebSocket", in: cls.body)
            var loaded: [Int: Set<String>] = [:]
            // Occurrences of `this.<field>` in the class body.
            var uses: [String: [Int]] = [:]
            var i = cls.body.lowerBound
            while i + 2 < cls.body.upperBound {
                if unit.tokens[i].isWord("this"), unit.isPunct(i + 1, ".") || unit.isPunct(i + 1, "?."),
                   unit.tokens[i + 2].kind == .identifier {
                    uses[unit.tokens[i + 2].text, default: []].append(i)
                }
                i += 1
            }
            // Candidate fields: declared ones and those the constructor assigns directly.
            var candidates: [(name: String, anchor: Int, initializer: Range<Int>?, type: Range<Int>?, readonly: Bool)] = []
            for f in cls.fields where !f.isStatic {
                candidates.append((f.name, f.nameToken, f.initializer, f.type, f.isReadonly))
            }
            if let ctor {
                for t in uses.values.joined() where unit.isDirectlyIn(t, function: ctor) && unit.isPunct(t + 3, "=") {
                    let field = unit.tokens[t + 2].text
                    if candidates.contains(where: { $0.name == field }) { continue }
                    candidates.append((field, t, (t + 4)..<unit.statementEnd(from: t + 4), nil, false))
                }
            }
            let closeScopes = WebSocketNoCleanupRule.closeScopes(d, unit)
            for c in candidates {
                // `#status`, `_name`: private spellings of the same names.
                let bare = String(c.name.drop { $0 == "#" || $0 == "_" })
                if Self.infrastructure.contains(bare) || bare.first?.isUppercase == true { continue }
                // `readonly` fixes the reference, not the contents: a readonly Map or Set still changes.
                if c.readonly, !(c.initializer.map { isCollection(unit, $0) } ?? false) { continue }
                let lower = bare.lowercased()
                if Self.transientFragments.contains(where: { lower.contains($0) }) { continue }
                if let type = c.type, ["Promise", "=>", "setInterval", "setTimeout", "Timeout", "Timer"].contains(where: unit.text(type).contains) { continue }
                if let ini = c.initializer, !isDataInitializer(unit, ini) { continue }
                let sites = uses[c.name] ?? []
                // A value reset by a timer is transient by design: it is tied to the timer's lifetime.
                if sites.contains(where: { t in
                    unit.isMutation(at: t) && unit.isInsideCallback(t, of: ["setTimeout"])
                }) { continue }
                // Timer handles and pending promises are not state.
                if sites.contains(where: { t in
                    unit.isPunct(t + 3, "=") && unit.calls(in: (t + 4)..<unit.statementEnd(from: t + 4)).first.map {
                        ["setTimeout", "setInterval", "then"].contains($0.name) || $0.isNew && $0.name == "Promise"
                    } == true
                }) { continue }
                // Constructor assignments from anything but plain data (env, ctx, parameters) are not state.
                if let ctor, sites.contains(where: { t in
                    unit.isDirectlyIn(t, function: ctor) && unit.isPunct(t + 3, "=")
                        && !isDataInitializer(unit, (t + 4)..<unit.statementEnd(from: t + 4))
                        && !containsLoad(unit, (t + 4)..<unit.statementEnd(from: t + 4))
                }) { continue }
                // Sockets by the field's type or by what is put in it; a name (`sessions`) is only a hint.
                let holdsSockets = unit.fieldHoldsWebSockets(cls, c.name) || holdsSocketValues(unit, sites: sites, type: c.type)
                let socketTracking = holdsSockets || isSocketCollection(unit, field: c.name, sites: sites, type: c.type)
                if socketTracking, !hibernates { continue }
                // Per-connection state of an object without hibernation (presence, positions): its entries are
                // removed when a socket closes, and the sockets themselves die with the instance.
                if !hibernates, closeScopes.contains(where: { WebSocketNoCleanupRule.removes(unit, field: c.name, in: $0) }) { continue }
                if sites.contains(where: { isLoaded(unit, at: $0, ctor: ctor, members: d.members, loaded: &loaded) }) { continue }
                // Set afresh before it is read in every method that uses it (a route parameter, a handler object
                // built for the call): scratch for one call, not state carried between calls.
                if isScratch(unit, field: c.name, sites: sites, ctor: ctor) { continue }
                // A memo: every change fills it in a method that first returns early while it is set or fresh
                // (`if (this.files) return this.files;`, `if (Date.now() - this.loadedAt < TTL) return;`), or
                // with `??=`: a cache rebuilt on demand, not state.
                if isMemo(unit, field: c.name, sites: sites, ctor: ctor) { continue }
                var mutatedIn: String?
                var servedIn: String?
                var fixAt: Int?
                for t in sites {
                    guard let f = unit.function(at: t), let m = unit.memberFunction(of: f) else { continue }
                    // Callbacks the constructor registers (routes, listeners) run later, on requests.
                    let registered = m == ctor && f != ctor && !unit.isInsideCallback(t, of: ["blockConcurrencyWhile", "then"])
                    guard registered || m != ctor && (d.requestPath.contains(m) || d.alarmPath.contains(m)) else { continue }
                    let place = registered ? "a callback registered in the constructor" : "`\(unit.functions[m].name)`"
                    if mutatedIn == nil, unit.isMutation(at: t) || isPrefixMutation(unit, at: t) { mutatedIn = place; fixAt = t }
                    if servedIn == nil, registered || d.requestPath.contains(m), isServed(unit, at: t) { servedIn = place }
                }
                guard mutatedIn != nil || servedIn != nil else { continue }
                let how = mutatedIn.map { "is changed in \($0)" } ?? "is served by \(servedIn!)"
                // A field only ever set to flag literals (`"started"`, `true`, `null`) is a lifecycle flag more often
                // than data, so the rule cannot tell.
                let changes = sites.filter { unit.isMutation(at: $0) || isPrefixMutation(unit, at: $0) }
                let flagOnly = !changes.isEmpty && changes.allSatisfy { t in
                    unit.isPunct(t + 3, "=") && isFlagLiteral(unit, (t + 4)..<unit.statementEnd(from: t + 4))
                } && (c.initializer.map { isFlagLiteral(unit, $0) } ?? true)
                // A field only ever set to a new object of some class (a transport, a client, a game) may hold
                // data or may be a helper rebuilt as needed; the rule cannot tell which.
                let objectOnly = !changes.isEmpty && changes.allSatisfy { t in
                    unit.isPunct(t + 3, "=") && isNewObject(unit, at: t + 4)
                } && (c.initializer.map { isNewObject(unit, at: $0.lowerBound) } ?? true)
                // The write-back goes where the field changes; the declaration is related.
                let primary = fixAt ?? c.anchor
                sink.add(Self.info, unit, from: primary,
                         message: holdsSockets && hibernates
                            ? "Field `\(c.name)` of `\(name)` holds the sockets of an object that hibernates and \(how), but is never rebuilt from `getWebSockets()`: after the object wakes it is empty while the clients are still connected."
                            : "Field `\(c.name)` of `\(name)` \(how) but is never loaded from storage when the object starts; its value is lost when the object is evicted or hibernates.",
                         fix: socketTracking
                            ? "Rebuild the collection from `this.ctx.getWebSockets()` (with `deserializeAttachment`) when the object wakes, or use getWebSockets() where you read it."
                            : "Load it in the constructor and write it back when it changes:\nctx.blockConcurrencyWhile(async () => {\n  this.\(c.name) = (await ctx.storage.get(\"\(c.name)\")) ?? this.\(c.name);\n});\n// after each change:\nawait this.ctx.storage.put(\"\(c.name)\", this.\(c.name));",
                         confidence: Self.confidence(socketsOfHibernatingObject: holdsSockets && hibernates, flagOnly: flagOnly, objectOnly: objectOnly),
                         related: primary == c.anchor ? [] : [(c.anchor, "`\(c.name)` is declared here")])
            }
        }
    }

    /// How sure a finding is. Only one shape has earned a default showing on real code: a collection of the
    /// sockets of an object that hibernates (`acceptWebSocket`), filled as clients connect and never rebuilt from
    /// `getWebSockets()`, which is empty after every wake-up (the hibernation pitfall; 17 of its 19 findings over
    /// the ten sets of the real-world corpus matched a label). Every other field may be kept in memory on purpose (a cache, a rate
    /// window, a test log, a game that may restart), which the code does not say, so it is `low`.
    static func confidence(socketsOfHibernatingObject: Bool, flagOnly: Bool, objectOnly: Bool) -> Confidence {
        socketsOfHibernatingObject && !flagOnly && !objectOnly ? .high : .low
    }

    /// True when the field's type names a WebSocket or a change puts a socket in it (`this.f.add(ws)`,
    /// `this.f.set(server, info)`, `this.f.push(socket)`).
    private func holdsSocketValues(_ unit: SourceUnit, sites: [Int], type: Range<Int>?) -> Bool {
        if let type, unit.containsWord(prefix: "WebSocket", in: type) { return true }
        return sites.contains { t in
            guard unit.isPunct(t + 3, "."), let m = unit.token(t + 4), ["add", "set", "push"].contains(m.text), unit.isPunct(t + 5, "(") else { return false }
            let args = unit.split(unit.inside(t + 5))
            if args.first.map({ SourceUnit.looksLikeSocket(unit.text($0)) }) == true { return true }
            // `this.players.set(id, { ws, name })`, `{ socket: server }`: a record that carries the socket.
            return args.dropFirst().contains { a in
                unit.isPunct(a.lowerBound, "{") && a.contains { j in
                    unit.tokens[j].kind == .identifier && SourceUnit.looksLikeSocket(unit.tokens[j].text)
                        && (unit.isPunct(j + 1, ",") || unit.isPunct(j + 1, "}")) && (unit.isPunct(j - 1, ":") || unit.isPunct(j - 1, ",") || unit.isPunct(j - 1, "{"))
                }
            }
        }
    }

    /// `new Map()`, `new Set()`, `new Array()`, `[]` or `{}`: a container whose contents change.
    private func isCollection(_ unit: SourceUnit, _ r: Range<Int>) -> Bool {
        guard let first = r.first else { return false }
        if unit.isWord(first, "new"), let n = unit.token(first + 1) { return ["Map", "Set", "Array"].contains(n.text) }
        return unit.isPunct(first, "[") || unit.isPunct(first, "{")
    }

    /// `new X(…)` for a class other than the plain collections (`Map`, `Set`, `Array`, `Object`).
    private func isNewObject(_ unit: SourceUnit, at i: Int) -> Bool {
        guard unit.isWord(i, "new"), let n = unit.token(i + 1), n.kind == .identifier else { return false }
        return !["Map", "Set", "Array", "Object", "WeakMap", "WeakSet"].contains(n.text)
    }

    /// True when, in every method other than the constructor that uses `this.<field>`, the first use is a plain
    /// assignment directly in that method whose value does not read the field: the field is rebuilt for each
    /// call before anything reads it.
    private func isScratch(_ unit: SourceUnit, field: String, sites: [Int], ctor: Int?) -> Bool {
        var firstByMethod: [Int: Int] = [:]
        for t in sites {
            guard let f = unit.function(at: t) else { return false }
            let m = unit.memberFunction(of: f) ?? f
            if m == ctor { continue }
            if let first = firstByMethod[m], first <= t { continue }
            firstByMethod[m] = t
        }
        guard !firstByMethod.isEmpty else { return false }
        // A field set only to flag literals is a lifecycle flag, which the flag rule below reports at low.
        if firstByMethod.values.allSatisfy({ t in isFlagLiteral(unit, (t + 4)..<unit.statementEnd(from: t + 4)) }) { return false }
        return firstByMethod.allSatisfy { m, t in
            guard unit.isPunct(t + 3, "="), unit.isDirectlyIn(t, function: m) else { return false }
            let value = (t + 4)..<unit.statementEnd(from: t + 4)
            return !value.contains { i in
                unit.tokens[i].isWord("this") && unit.isPunct(i + 1, ".") && unit.isWord(i + 2, field)
            }
        }
    }

    /// True when every change of the field outside the constructor is `this.f ??= …` / `this.f ||= …`, or an
    /// assignment in a method that, before it, returns early under a condition that reads the field or the time
    /// (`if (this.f) return this.f;`, `if (Date.now() - this.fAt < TTL) return;`).
    private func isMemo(_ unit: SourceUnit, field: String, sites: [Int], ctor: Int?) -> Bool {
        let changes = sites.filter { t in
            guard let f = unit.function(at: t), (unit.memberFunction(of: f) ?? f) != ctor else { return false }
            return unit.isMutation(at: t) || isPrefixMutation(unit, at: t)
        }
        guard !changes.isEmpty else { return false }
        return changes.allSatisfy { t in
            if unit.isPunct(t + 3, "??=") || unit.isPunct(t + 3, "||=") { return true }
            guard unit.isPunct(t + 3, "="), let f = unit.function(at: t) else { return false }
            let body = unit.functions[f].body
            var i = body.lowerBound
            while i < t {
                if unit.isWord(i, "if"), unit.isPunct(i + 1, "(") {
                    let condition = unit.inside(i + 1)
                    let after = unit.close(i + 1) + 1
                    let returns = unit.isWord(after, "return") || unit.isPunct(after, "{") && unit.isWord(after + 1, "return")
                    let readsField = condition.contains { j in
                        unit.tokens[j].isWord("this") && unit.isPunct(j + 1, ".") && unit.isWord(j + 2, field)
                    }
                    let readsClock = unit.text(condition).contains("Date.now()")
                    if returns && (readsField || readsClock) && unit.function(at: i) == f { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// One flag literal: a string, `true`, `false`, `null` or `undefined` (numbers are counts, which are data).
    private func isFlagLiteral(_ unit: SourceUnit, _ r: Range<Int>) -> Bool {
        guard r.count == 1 || r.count == 2 && unit.isPunct(r.upperBound - 1, ";"), let t = unit.token(r.lowerBound) else { return false }
        return t.kind == .string || ["true", "false", "null", "undefined"].contains(t.text)
    }

    /// Literals, empty collections and `new Map()`/`new Set()`/`new Array()`: plain data.
    private func isDataInitializer(_ unit: SourceUnit, _ r: Range<Int>) -> Bool {
        guard let first = r.first else { return true }
        let t = unit.tokens[first]
        switch t.kind {
        case .number, .string, .template: return true
        case .punct:
            if t.text == "[" || t.text == "{" { return unit.close(first) + 1 >= r.upperBound || unit.isPunct(unit.close(first) + 1, "as") }
            if t.text == "-" { return true }
            return false
        case .identifier:
            if ["true", "false", "null", "undefined"].contains(t.text) { return r.count <= 3 }
            if t.text == "new", let n = unit.token(first + 1) { return ["Map", "Set", "Array"].contains(n.text) }
            return false
        default: return false
        }
    }

    /// True when the range reads stored state, directly or through a member that does
    /// (`this.settings = await this.loadSettings()`).
    private func containsLoad(_ unit: SourceUnit, _ r: Range<Int>, members: [String: Int] = [:]) -> Bool {
        unit.calls(in: r).contains { c in
            if isLoadCall(unit, c) { return true }
            guard c.path.count == 2, c.path[0] == "this", let m = members[c.path[1]], !unit.functions[m].body.contains(c.open) else { return false }
            return unit.calls(in: unit.functions[m].body).contains { isLoadCall(unit, $0) }
        }
    }

    /// A storage read, or a call of a helper that is handed the storage (`readCommit(this.sql, …)`,
    /// `loadFiles(this.ctx.storage)`), which reads what the object stored.
    private func isLoadCall(_ unit: SourceUnit, _ c: CallSite) -> Bool {
        if unit.isStateLoad(c) || (c.has("kv") && c.name == "get") { return true }
        // A read through the project's own storage wrapper: `this.storage.loadFanoutSeq()`, `this.store.getRoom()`.
        if c.path.count == 3, c.path[0] == "this", Self.storageWrappers.contains(c.path[1]),
           Self.readPrefixes.contains(where: { c.name.hasPrefix($0) }) { return true }
        guard !c.isNew, !unit.isStorageCall(c) else { return false }
        return unit.arguments(c).contains { a in
            let text = unit.text(a).replacingOccurrences(of: " ", with: "")
            return ["this.sql", "this.storage", "this.ctx.storage", "this.state.storage", "ctx.storage", "state.storage",
                    "this.ctx.storage.sql", "this.state.storage.sql", "ctx.storage.sql", "this.ctx", "this.state"].contains(text)
        }
    }

    /// A use is a load when its statement reads stored state, or uses a value that came from storage
    /// (a variable assigned from a read, a for-of variable over one, a `.then` callback parameter).
    private func isLoaded(_ unit: SourceUnit, at t: Int, ctor: Int?, members: [String: Int], loaded: inout [Int: Set<String>], depth: Int = 0) -> Bool {
        let statement = unit.statement(at: t)
        if containsLoad(unit, statement, members: members) { return true }
        guard let f = unit.function(at: t) else { return false }
        let scope = unit.memberFunction(of: f) ?? f
        if loaded[scope] == nil { loaded[scope] = loadedIdentifiers(unit, in: unit.functions[scope].body) }
        let names = loaded[scope] ?? []
        if statement.contains(where: { i in
            unit.tokens[i].kind == .identifier && names.contains(unit.tokens[i].text) && !unit.isPunct(i - 1, ".")
        }) { return true }
        // A member that is handed loaded values: `for (const ws of this.ctx.getWebSockets()) this.register(ws);`
        // with `register(ws) { this.sessions.set(ws, …); }` rebuilds the field from what the runtime kept.
        let member = unit.functions[scope]
        guard depth < 2, members[member.name] == scope,
              statement.contains(where: { i in member.params.contains { unit.tokens[$0].isWord(unit.tokens[i].text) } && unit.tokens[i].kind == .identifier })
        else { return false }
        guard let k = unit.classIndex(ofFunction: scope) else { return false }
        for c in unit.calls(in: unit.classes[k].body) where c.path == ["this", member.name] && !member.body.contains(c.open) {
            if isLoaded(unit, at: c.calleeStart, ctor: ctor, members: members, loaded: &loaded, depth: depth + 1) { return true }
        }
        return false
    }

    /// Names bound to values read from storage within a range.
    private func loadedIdentifiers(_ unit: SourceUnit, in body: Range<Int>) -> Set<String> {
        var names: Set<String> = []
        let calls = unit.calls(in: body)
        for c in calls where isLoadCall(unit, c) {
            if let n = unit.assignedName(of: c) { names.insert(n) }
            var j = c.calleeStart - 1
            if unit.isWord(j, "await") { j -= 1 }
            if unit.isPunct(j, "="), unit.isPunct(j - 1, "}") || unit.isPunct(j - 1, "]") {
                let open = unit.matching[j - 1]
                if open >= 0, open < j - 1 {
                    for k in open..<(j - 1) where unit.tokens[k].kind == .identifier { names.insert(unit.tokens[k].text) }
                }
            }
        }
        for _ in 0..<2 {
            // const x = <expression using a loaded value, or holding a read: `await Promise.all([…, storage.getAlarm()])`>
            for i in body where unit.tokens[i].kind == .identifier && unit.isPunct(i + 1, "=")
                && (unit.isWord(i - 1, "const") || unit.isWord(i - 1, "let") || unit.isWord(i - 1, "var")) {
                let rhs = (i + 2)..<unit.statementEnd(from: i + 2)
                if rhs.contains(where: { unit.tokens[$0].kind == .identifier && names.contains(unit.tokens[$0].text) && !unit.isPunct($0 - 1, ".") })
                    || unit.calls(in: rhs).contains(where: { isLoadCall(unit, $0) }) {
                    names.insert(unit.tokens[i].text)
                }
            }
            for loop in unit.loops(in: body) where unit.tokens[loop.keyword].text == "for" {
                let header = loop.header
                guard let of = header.first(where: { unit.tokens[$0].isWord("of") || unit.tokens[$0].isWord("in") }) else { continue }
                let source = (of + 1)..<header.upperBound
                let fromStorage = source.contains { unit.tokens[$0].kind == .identifier && names.contains(unit.tokens[$0].text) }
                    || unit.calls(in: source).contains { unit.isStateLoad($0) }
                guard fromStorage else { continue }
                for k in header.lowerBound..<of where unit.tokens[k].kind == .identifier && !["const", "let", "var"].contains(unit.tokens[k].text) {
                    names.insert(unit.tokens[k].text)
                }
            }
            for g in unit.functions(startingIn: (body.lowerBound + 1)..<max(body.lowerBound + 1, body.upperBound)) {
                let fn = unit.functions[g]
                guard let c = unit.callReceiving(function: g), ["then", "forEach", "map", "filter"].contains(c.name) else { continue }
                let receiver = c.calleeStart..<c.open
                let fromStorage = unit.calls(in: receiver).contains { unit.isStateLoad($0) }
                    || receiver.contains { unit.tokens[$0].kind == .identifier && names.contains(unit.tokens[$0].text) }
                guard fromStorage else { continue }
                for k in fn.params where unit.tokens[k].kind == .identifier { names.insert(unit.tokens[k].text) }
            }
        }
        return names
    }

    /// `++this.count` / `--this.count`.
    private func isPrefixMutation(_ unit: SourceUnit, at t: Int) -> Bool {
        unit.isPunct(t - 1, "++") || unit.isPunct(t - 1, "--")
    }

    private func isServed(_ unit: SourceUnit, at t: Int) -> Bool {
        if let c = enclosingCalls(unit, t).first(where: { ($0.isNew && $0.name == "Response") || $0.path == ["Response", "json"] }) {
            return c.open < t
        }
        // `return this.count` in an RPC method.
        var j = t - 1
        var steps = 0
        while j >= 0, steps < 40 {
            let tok = unit.tokens[j]
            if tok.isWord("return") { return true }
            if tok.isPunct(";") || tok.isPunct("{") || tok.isPunct("}") || tok.newlineBefore && !tok.isPunct(".") { return tok.isWord("return") }
            j -= 1
            steps += 1
        }
        return false
    }

    private func enclosingCalls(_ unit: SourceUnit, _ t: Int) -> [CallSite] {
        var result: [CallSite] = []
        var at = t
        var steps = 0
        while steps < 8, let c = unit.enclosingCall(of: at) {
            result.append(c)
            at = c.calleeStart
            steps += 1
        }
        return result
    }

    private func isSocketCollection(_ unit: SourceUnit, field: String, sites: [Int], type: Range<Int>?) -> Bool {
        if let type, unit.containsWord(prefix: "WebSocket", in: type) { return true }
        let lower = field.lowercased()
        if ["socket", "session", "connection", "client", "peer", "conn"].contains(where: { lower.contains($0) }) { return true }
        for t in sites where unit.isPunct(t + 3, ".") && unit.isPunct(t + 5, "(") {
            let args = unit.split(unit.inside(t + 5)).map { unit.text($0) }
            if args.contains(where: SourceUnit.looksLikeSocket) { return true }
        }
        return false
    }
}

extension SourceUnit {
    /// True when `this.<field>` at token `t` is assigned, incremented or changed through a mutating method.
    func isMutation(at t: Int) -> Bool {
        let after = t + 3
        if isAssigned(at: t + 2) { return true }
        if let n = token(after), n.kind == .punct {
            if n.text == "[", isPunct(close(after) + 1, "=") { return true }
            if n.text == ".", let m = token(after + 1), UnpersistedStateRule.mutators.contains(m.text), isPunct(after + 2, "(") {
                return true
            }
        }
        if let p = token(t - 1), p.isPunct("++") || p.isPunct("--") { return true }
        return false
    }

    /// True when the name at token `i` is followed by an assignment (`=`, `+=`, `??=`, …) or `++`/`--`.
    func isAssigned(at i: Int) -> Bool {
        guard let n = token(i + 1), n.kind == .punct else { return false }
        return ["=", "+=", "-=", "*=", "/=", "++", "--", "||=", "&&=", "??=", "%="].contains(n.text)
    }
}
