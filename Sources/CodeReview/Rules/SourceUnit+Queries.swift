/// Questions the rules ask about calls, awaits, loops and blocks.
extension SourceUnit {
    static let storageReads: Set<String> = ["get", "list", "getAlarm"]
    static let storageWrites: Set<String> = ["put", "delete", "deleteAll", "setAlarm", "deleteAlarm"]
    static let transactionNames: Set<String> = ["txn", "tx", "transaction", "trx"]

    /// `…storage.get(…)`, `…storage.sql.exec(…)`, `txn.put(…)` and the like.
    func isStorageCall(_ c: CallSite) -> Bool {
        guard c.path.count >= 2 else { return false }
        let name = c.name
        if c.has("sql"), name == "exec" { return true }
        let receiver = c.path[c.path.count - 2]
        if receiver == "storage" || receiver == "kv" && c.has("storage") {
            return Self.storageReads.contains(name) || Self.storageWrites.contains(name) || name == "transaction"
                || name == "transactionSync" || name == "sync"
        }
        if Self.transactionNames.contains(receiver), c.path.count == 2 {
            return Self.storageReads.contains(name) || Self.storageWrites.contains(name)
        }
        return false
    }

    /// An asynchronous storage call (not SQL, not the synchronous KV API).
    func isAsyncStorageCall(_ c: CallSite) -> Bool {
        isStorageCall(c) && !c.has("sql") && !c.has("kv") && c.name != "transactionSync"
    }

    /// A call that reads stored state: storage reads, SQL, `getWebSockets()`, socket attachments.
    func isStateLoad(_ c: CallSite) -> Bool {
        if c.name == "getWebSockets" || c.name == "deserializeAttachment" { return true }
        if isStorageCall(c) {
            return Self.storageReads.contains(c.name) || c.name == "exec" || c.name == "transaction"
        }
        return false
    }

    /// A call on a Durable Object namespace that yields a stub: `env.ROOM.get(id)`, `env.ROOM.getByName(n)`,
    /// `env.Room.get(env.Room.idFromName(n))` (a PascalCase binding asked for an id it made), and the Agents SDK's
    /// `getAgentByName(env.Agent, n)`.
    func isStubFactory(_ c: CallSite) -> Bool {
        // The Agents SDK's `getAgentByName(env.Agent, name)` resolves to a stub.
        if c.name == "getAgentByName", c.path.count == 1 { return true }
        guard c.path.count >= 2, c.name == "get" || c.name == "getByName" else { return false }
        let ns = c.path[c.path.count - 2]
        if ns.first?.isUppercase != true || ns != ns.uppercased() && !ns.hasSuffix("Namespace") {
            // A binding in PascalCase or lower case (`env.ReviewOrchestrator`, `env.rooms`) is a namespace when it
            // is asked for an object by name or by an id it made: `env.Room.getByName(name)`,
            // `env.Room.get(env.Room.idFromName(name))`, `id = env.rooms.idFromName(name); env.rooms.get(id)`.
            guard c.path.contains("env"), c.name == "getByName" || isIdOf(namespace: ns, argument: arguments(c).first, before: c.open) else { return false }
        }
        // A stub comes back at once: `await env.X.get(key)` or `env.X.get(key, "json")` reads Workers KV or R2.
        if isWord(c.calleeStart - 1, "await"), !isPunct(c.close + 1, "."), !isPunct(c.close + 1, "?.") { return false }
        let args = arguments(c)
        if args.count >= 2, args[1].count == 1, tokens[args[1].lowerBound].kind == .string { return false }
        return c.path.contains("env") || c.path.count == 2 && ns == ns.uppercased()
    }

    /// Whether `argument` makes an id of the namespace named `ns`, inline (`ns.idFromName(name)`) or through the
    /// nearest assignment of the local it names in the same function (`id = env.ns.idFromName(name)`).
    private func isIdOf(namespace ns: String, argument: Range<Int>?, before limit: Int) -> Bool {
        guard let argument else { return false }
        let idMakers: Set<String> = ["idFromName", "newUniqueId", "idFromString"]
        func makes(_ r: Range<Int>) -> Bool {
            calls(in: r).contains { idMakers.contains($0.name) && $0.path.count >= 2 && $0.path[$0.path.count - 2] == ns }
        }
        if makes(argument) { return true }
        guard argument.count == 1, let name = token(argument.lowerBound), name.kind == .identifier else { return false }
        let scope = function(at: limit)
        for i in stride(from: limit - 1, through: max(0, limit - 2_000), by: -1)
        where tokens[i].isWord(name.text) && isPunct(i + 1, "=") && !isPunct(i + 2, "=") && !isPunct(i - 1, ".") && function(at: i) == scope {
            return makes((i + 2)..<statementEnd(from: i + 2))
        }
        return false
    }

    /// The outermost call directly awaited by the `await` at token `i`.
    func awaitedCall(at i: Int) -> CallSite? {
        var j = i + 1
        if isWord(j, "new") { j += 1 }
        var best: CallSite?
        for c in calls(in: (i + 1)..<min(tokens.count, i + 400)) {
            if c.calleeStart == j || c.calleeStart == i + 1 {
                if best == nil || c.open > best!.open { best = c }
            } else if c.calleeStart > j {
                break
            }
        }
        return best
    }

    /// `await` tokens of a range, leaving out those in nested functions when `directIn` is given.
    func awaits(in range: Range<Int>, directIn f: Int? = nil) -> [Int] {
        range.filter { tokens[$0].isWord("await") && (f == nil || function(at: $0) == f) }
            + range.filter { tokens[$0].isWord("for") && isWord($0 + 1, "await") && (f == nil || function(at: $0) == f) }
    }

    /// A loop starting at keyword `i` (`for`, `while`, `do`): its header and its body.
    func loop(at i: Int) -> (header: Range<Int>, body: Range<Int>)? {
        let t = tokens[i]
        guard t.kind == .identifier, !isPunct(i - 1, "."), !isTooDeep(i) else { return nil }
        if t.text == "do" {
            guard isPunct(i + 1, "{") else { return nil }
            let bodyEnd = close(i + 1)
            let cond = bodyEnd + 2
            guard isWord(bodyEnd + 1, "while"), isPunct(cond, "(") else { return nil }
            return (inside(cond), inside(i + 1))
        }
        guard t.text == "for" || t.text == "while" else { return nil }
        var p = i + 1
        if isWord(p, "await") { p += 1 }
        guard isPunct(p, "(") else { return nil }
        // `} while (x);` closing a do-loop is not a loop of its own.
        if t.text == "while", isPunct(i - 1, "}"), let o = token(matching[i - 1] - 1), o.isWord("do") { return nil }
        let afterHeader = close(p) + 1
        guard afterHeader < tokens.count else { return (inside(p), afterHeader..<afterHeader) }
        if isPunct(afterHeader, "{") { return (inside(p), inside(afterHeader)) }
        return (inside(p), afterHeader..<statementEnd(from: afterHeader))
    }

    /// Loops whose keyword lies in the range.
    func loops(in range: Range<Int>) -> [(keyword: Int, header: Range<Int>, body: Range<Int>)] {
        var lo = 0
        var hi = loopKeywords.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if loopKeywords[mid] < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var result: [(Int, Range<Int>, Range<Int>)] = []
        while lo < loopKeywords.count, loopKeywords[lo] < range.upperBound {
            let i = loopKeywords[lo]
            if let l = loop(at: i) { result.append((i, l.header, l.body)) }
            lo += 1
        }
        return result
    }

    /// The end of a simple statement starting at `i`: its `;` or the line break that ends it.
    func statementEnd(from i: Int) -> Int {
        var j = i
        while j < tokens.count {
            let t = tokens[j]
            if t.isPunct(";") { return j + 1 }
            if t.isPunct("}") || t.isPunct(")") { return j }
            if j > i, t.newlineBefore {
                let p = tokens[j - 1]
                let continues = p.kind == .punct && [".", "?.", "+", "-", "*", "&&", "||", "??", "?", ":", "=", ",", "(", "=>"].contains(p.text)
                    || t.kind == .punct && [".", "?.", "+", "*", "&&", "||", "??", "?", ":"].contains(t.text)
                if !continues { return j }
            }
            j = skip(j)
        }
        return tokens.count
    }

    /// The first token of the statement containing token `i`. An `if (…)`, `while (…)`, `for (…)`, `else` or
    /// `do` in front of a statement without braces is not part of it (see `isGuarded`).
    func statementStart(at i: Int) -> Int {
        var j = i - 1
        var steps = 0
        while j >= 0, steps < 2_000 {
            let t = tokens[j]
            if t.kind == .punct, t.text == ";" || t.text == "{" || t.text == "}" || t.text == "=>" { return j + 1 }
            if t.kind == .identifier, ["else", "do", "return", "case"].contains(t.text) { return t.text == "return" ? j : j + 1 }
            if t.kind == .punct, t.text == ")" || t.text == "]", matching[j] >= 0, matching[j] < j {
                let m = matching[j]
                if t.text == ")", let k = token(m - 1), k.kind == .identifier, ["if", "while", "for", "with"].contains(k.text) { return j + 1 }
                j = m - 1
                steps += 1
                continue
            }
            if tokens[j + 1].newlineBefore {
                let continues = t.kind == .punct && [".", "?.", "+", "-", "*", "/", "&&", "||", "??", "?", ":", "=", ",", "(", "["].contains(t.text)
                    || tokens[j + 1].kind == .punct && [".", "?.", "+", "*", "&&", "||", "??", "?", ":"].contains(tokens[j + 1].text)
                if !continues { return j + 1 }
            }
            j -= 1
            steps += 1
        }
        return max(0, j + 1)
    }

    /// The tokens of the statement containing token `i`.
    func statement(at i: Int) -> Range<Int> {
        let s = statementStart(at: i)
        return s..<max(s, statementEnd(from: max(s, i)))
    }

    /// True when the statement containing `i` runs under a condition: `if (…) stmt`, `else stmt`, a loop
    /// header, a `case`, or `a && stmt` / `a ? stmt : …` within the statement.
    func isGuarded(_ i: Int) -> Bool {
        let s = statementStart(at: i)
        if let p = token(s - 1) {
            if p.kind == .identifier, ["else", "do", "case"].contains(p.text) { return true }
            if p.isPunct(")"), let k = token(matching[s - 1] - 1), ["if", "while", "for", "with"].contains(k.text) { return true }
            if p.isPunct(":") { return true }
        }
        return (s..<i).contains { j in tokens[j].kind == .punct && ["&&", "||", "??", "?"].contains(tokens[j].text) }
    }

    /// Blocks of `try { … }` in the unit.
    func tryBlocks() -> [Range<Int>] {
        tokens.indices.compactMap { i in
            tokens[i].isWord("try") && isPunct(i + 1, "{") ? inside(i + 1) : nil
        }
    }

    /// Blocks of `catch { … }` / `catch (e) { … }` in the unit.
    func catchBlocks() -> [Range<Int>] {
        tokens.indices.compactMap { i in
            guard tokens[i].isWord("catch"), !isPunct(i - 1, ".") else { return nil }
            if isPunct(i + 1, "{") { return inside(i + 1) }
            if isPunct(i + 1, "("), isPunct(close(i + 1) + 1, "{") { return inside(close(i + 1) + 1) }
            return nil
        }
    }

    /// The function a call's callback argument (an arrow or function expression) belongs to.
    func callbackFunctions(of c: CallSite) -> [Int] {
        functions(startingIn: (c.open + 1)..<max(c.open + 1, c.close)).filter { f in
            enclosingCall(of: functions[f].head)?.open == c.open
        }
    }

    /// The call that function `f` is passed to as an argument, if any.
    func callReceiving(function f: Int) -> CallSite? { enclosingCall(of: functions[f].head) }

    /// True when token `i` lies inside the callback of a call named one of `names` (such as
    /// `blockConcurrencyWhile` or `transaction`), within `limit` enclosing functions.
    func isInsideCallback(_ i: Int, of names: Set<String>) -> Bool {
        var f = function(at: i)
        var steps = 0
        while let g = f, steps < 64 {
            if functions[g].kind == .arrow || functions[g].kind == .function,
               let c = callReceiving(function: g), names.contains(c.name) { return true }
            f = functions[g].parent
            steps += 1
        }
        return false
    }

    /// Identifier of the variable a call's value is assigned to: `const x = <call>` / `let x = await <call>`.
    func assignedName(of c: CallSite) -> String? {
        var j = c.calleeStart - 1
        if isWord(j, "new") { j -= 1 }
        if isWord(j, "await") { j -= 1 }
        if isPunct(j, "(") { j -= 1 }  // (await x)
        guard isPunct(j, "=") else { return nil }
        // `const name: Type = …`: the declared name, not the last word of its type (which may hold brackets and
        // `;`, as in `{ role: string; content: string }[]`).
        var k = j - 1
        var steps = 0
        while k > 0, steps < 60 {
            if let t = token(k), t.kind == .punct, [")", "]", "}"].contains(t.text), matching[k] >= 0, matching[k] < k {
                k = matching[k] - 1
            } else if let t = token(k), t.kind == .identifier, ["const", "let", "var"].contains(t.text) {
                break  // the start of this declaration, with no type annotation
            } else if isPunct(k, ":") {
                if let n = token(k - 1), n.kind == .identifier, ["const", "let", "var"].contains(where: { isWord(k - 2, $0) }) { return n.text }
                break
            } else if let t = token(k), t.kind == .identifier || t.kind == .string || t.kind == .number
                        || t.kind == .punct && [".", "|", "&", "<", ">", ",", "?", "=>"].contains(t.text) {
                k -= 1
            } else {
                break
            }
            steps += 1
        }
        guard let n = token(j - 1), n.kind == .identifier else { return nil }
        return n.text
    }

    /// A top-level sleep: `await this.sleep(…)`, `await sleep(…)`, `await new Promise(r => setTimeout(r, …))`,
    /// `await scheduler.wait(…)`.
    func isSleep(_ c: CallSite, helpers: Set<String>) -> Bool {
        if c.isNew, c.name == "Promise" {
            return calls(in: c.open..<c.close).contains { $0.name == "setTimeout" }
        }
        if c.name == "wait", c.path.first == "scheduler" { return true }
        let lower = c.name.lowercased()
        if helpers.contains(c.name) || ["sleep", "delay", "wait", "backoff", "pause"].contains(lower) { return true }
        return lower.hasPrefix("sleep")
    }

    /// Names of functions whose body is only a promise resolved by `setTimeout` (sleep helpers).
    func sleepHelpers() -> Set<String> {
        var names: Set<String> = []
        for f in functions where !f.name.isEmpty && f.body.count < 60 {
            let cs = calls(in: f.body)
            if cs.contains(where: { $0.isNew && $0.name == "Promise" }), cs.contains(where: { $0.name == "setTimeout" }) {
                names.insert(f.name)
            }
        }
        return names
    }

    /// Source text of the first argument of a call, if any.
    func firstArgumentText(_ c: CallSite) -> String? {
        arguments(c).first.map { text($0) }
    }

    /// True when a class field's type annotation or initializer names `WebSocket` (`new Set<WebSocket>()`).
    func fieldHoldsWebSockets(_ cls: ClassNode, _ name: String) -> Bool {
        guard let field = cls.fields.first(where: { $0.name == name }) else { return false }
        if let type = field.type, containsWord(prefix: "WebSocket", in: type) { return true }
        if let ini = field.initializer, containsWord(prefix: "WebSocket", in: ini) { return true }
        return false
    }

    /// `INSTANCE_NAME`, `MAX_ROWS`: a name in capitals with at least one letter, by convention a constant.
    static func isConstantName(_ s: String) -> Bool {
        s.count > 1 && s == s.uppercased() && s.contains { $0.isLetter }
    }

    /// Names that read as a socket: `ws`, `socket`, `server`, `conn`, `peer`, `pair[1]`.
    static func looksLikeSocket(_ text: String) -> Bool {
        let lower = text.lowercased()
        if ["ws", "socket", "server", "websocket", "conn", "connection", "client", "peer", "pair[1]", "webSocket"].contains(lower) { return true }
        return lower.hasSuffix("socket") || lower.hasSuffix("ws") || lower.hasSuffix("pair[1]")
    }

    /// True when an identifier token spelled `word` lies in the range.
    func containsWord(_ word: String, in range: Range<Int>) -> Bool {
        range.clamped(to: 0..<tokens.count).contains { tokens[$0].kind == .identifier && tokens[$0].text == word }
    }

    /// True when an identifier token starting with `prefix` lies in the range.
    func containsWord(prefix: String, in range: Range<Int>) -> Bool {
        range.clamped(to: 0..<tokens.count).contains { tokens[$0].kind == .identifier && tokens[$0].text.hasPrefix(prefix) }
    }

    /// True when `this.<member>` appears in the range.
    func containsThis(_ member: String, in range: Range<Int>) -> Bool {
        range.clamped(to: 0..<tokens.count).contains { i in
            tokens[i].kind == .identifier && tokens[i].text == "this" && isPunct(i + 1, ".") && isWord(i + 2, member)
        }
    }
}
