/// `websocket-no-cleanup`: sockets kept in a collection that nothing removes them from on close or error.
struct WebSocketNoCleanupRule: Rule {
    static let info = RuleInfo(
        id: "websocket-no-cleanup", severity: .warning, title: "WebSockets never removed on close",
        summary: "A class field collection that WebSockets are added to (add, set, push, or set with the socket as the key) with no removal (delete, splice, filter, clear) in a close or error handler (webSocketClose, webSocketError, addEventListener('close'|'error'), onclose) or in the catch of a failed send.",
        notFlagged: "Collections cleaned up in any close or error path or in the catch block of a send; sockets held only by the runtime (ctx.getWebSockets()); collections assigned afresh from ctx.getWebSockets(); WeakMap and WeakSet keyed by sockets; collections of numbers or strings.",
        topics: ["websocket-hibernation", "pattern-chat-room"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        let catchBlocks = analysis.units.map { $0.catchBlocks() }
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let cleanupScopes = catchBlocks[d.unit].filter { cls.body.contains($0.lowerBound) } + Self.closeScopes(d, unit)
            for field in trackedSocketFields(unit, cls) {
                let removed = cleanupScopes.contains { scope in Self.removes(unit, field: field.name, in: scope) }
                // A filtered list stored back drops closed sockets, unless the sockets are the keys (then the
                // filter works on the values: `this.sent.set(ws, times.filter(…))`).
                if removed || Self.isRebuiltFromRuntime(unit, field: field.name, in: cls.body)
                    || !field.keyedBySocket && Self.storesFilteredList(unit, field: field.name, in: cls.body) { continue }
                // The fix goes beside the place sockets are added (a close listener there, or a close handler);
                // the declaration is related.
                sink.add(Self.info, unit, from: field.addedAt,
                         message: "`\(analysis.className(d))` adds WebSockets to `\(field.name)` but never removes them when a socket closes or errors: the collection grows and broadcasts hit dead sockets.",
                         fix: "Remove the socket when it closes or fails:\nwebSocketClose(ws: WebSocket) { this.\(field.name).delete(ws); }\nwebSocketError(ws: WebSocket) { this.\(field.name).delete(ws); }",
                         related: [(field.anchor, "`\(field.name)` is declared here")])
            }
        }
    }


    /// True when the class assigns the field afresh from the runtime's own list of sockets
    /// (`this.sessions = this.ctx.getWebSockets().filter(…)`): closed sockets leave that list, so they leave
    /// the field at its next rebuild.
    static func isRebuiltFromRuntime(_ unit: SourceUnit, field: String, in body: Range<Int>) -> Bool {
        body.contains { i in
            guard unit.tokens[i].isWord("this"), unit.isPunct(i + 1, "."), unit.isWord(i + 2, field), unit.isPunct(i + 3, "=") else { return false }
            return unit.containsWord("getWebSockets", in: (i + 4)..<unit.statementEnd(from: i + 4))
        }
    }

    /// True when the class stores back a filtered list of the sockets (`this.sockets.set(id, open)` with
    /// `const open = sockets.filter(…)`): the filter drops the closed ones at each pass.
    static func storesFilteredList(_ unit: SourceUnit, field: String, in body: Range<Int>) -> Bool {
        let filtered = Set(unit.calls(in: body).filter { $0.name == "filter" }.compactMap { unit.assignedName(of: $0) })
        return unit.calls(in: body).contains { c in
            guard c.path == ["this", field, "set"], let value = unit.arguments(c).last else { return false }
            return value.count == 1 && filtered.contains(unit.tokens[value.lowerBound].text)
                || unit.calls(in: value).contains { $0.name == "filter" }
        }
    }

    /// Close and error paths of a Durable Object class: `webSocketClose`/`webSocketError` and members named for
    /// closing, disconnecting or leaving (with the members they call), `addEventListener('close'|'error', …)`
    /// callbacks and `onclose`/`onerror` assignments.
    static func closeScopes(_ d: Analysis.DOClass, _ unit: SourceUnit) -> [Range<Int>] {
        let cls = unit.classes[d.index]
        var cleanupScopes: [Range<Int>] = []
        for f in cls.members where ["webSocketClose", "webSocketError"].contains(unit.functions[f].name) || unit.functions[f].name.lowercased().contains("close") || unit.functions[f].name.lowercased().contains("disconnect") || unit.functions[f].name.lowercased().contains("leave") {
            cleanupScopes.append(unit.functions[f].body)
            if let reached = Self.reachable(from: f, d, unit) { cleanupScopes += reached }
        }
        for c in unit.calls(in: cls.body) where c.name == "addEventListener" {
            if let first = unit.firstArgumentText(c), first.contains("close") || first.contains("error") {
                cleanupScopes.append(c.open..<c.close)
                // A named handler passed by reference: `ws.addEventListener("close", this.onClose)`.
                for arg in unit.arguments(c).dropFirst() {
                    let text = unit.text(arg)
                    if text.hasPrefix("this."), let m = d.members[String(text.dropFirst(5))] { cleanupScopes.append(unit.functions[m].body) }
                    if let m = unit.functions.firstIndex(where: { $0.name == text && !text.isEmpty }) { cleanupScopes.append(unit.functions[m].body) }
                }
            }
        }
        for i in cls.body where unit.tokens[i].kind == .identifier && (unit.tokens[i].text == "onclose" || unit.tokens[i].text == "onerror") {
            if unit.isPunct(i + 1, "=") { cleanupScopes.append(i..<unit.statementEnd(from: i)) }
        }
        return withCallees(cleanupScopes, d, unit)
    }

    /// The scopes and, transitively, the bodies of the members (`this.m(…)`) and the file's named functions
    /// (`cleanup(…)`) they call: a close listener that hands the socket to a helper cleans up through it.
    private static func withCallees(_ scopes: [Range<Int>], _ d: Analysis.DOClass, _ unit: SourceUnit) -> [Range<Int>] {
        var result = scopes
        var queue = scopes
        var seen = Set<Int>()
        while let scope = queue.popLast() {
            for c in unit.calls(in: scope) where !c.isNew {
                var target: Int?
                if c.path.count == 2, c.path[0] == "this" { target = d.members[c.path[1]] }
                if c.path.count == 1 { target = unit.functions.firstIndex { $0.name == c.name } }
                guard let g = target, seen.insert(g).inserted else { continue }
                result.append(unit.functions[g].body)
                queue.append(unit.functions[g].body)
            }
        }
        return result
    }

    private static func reachable(from f: Int, _ d: Analysis.DOClass, _ unit: SourceUnit) -> [Range<Int>]? {
        let targets = unit.calls(in: unit.functions[f].body).compactMap { c -> Range<Int>? in
            guard c.path.count == 2, c.path[0] == "this", let g = d.members[c.path[1]] else { return nil }
            return unit.functions[g].body
        }
        return targets
    }

    /// Fields that sockets are added to: `this.f.add(ws)`, `this.f.set(id, ws)`, `this.f.push(ws)`.
    private func trackedSocketFields(_ unit: SourceUnit, _ cls: ClassNode) -> [(name: String, anchor: Int, addedAt: Int, keyedBySocket: Bool)] {
        var result: [(name: String, anchor: Int, addedAt: Int, keyedBySocket: Bool)] = []
        for c in unit.calls(in: cls.body) where c.path.count == 3 && c.path[0] == "this" && ["add", "set", "push"].contains(c.name) {
            let field = c.path[1]
            let args = unit.arguments(c)
            guard let value = args.last else { continue }
            let text = unit.text(value)
            let typeSaysSocket = unit.fieldHoldsWebSockets(cls, field)
            // An object literal holding a socket: a member or value named like one (`{ ws, id }`, `{ socket: server }`),
            // not any word that happens to contain "ws" (`newSeatId`).
            // A map keyed by the socket (`this.lastSeen.set(ws, Date.now())`) holds it as much as one that stores it.
            let keyedBySocket = c.name == "set" && args.count == 2 && SourceUnit.looksLikeSocket(unit.text(args[0]))
            let looksSocket = keyedBySocket || SourceUnit.looksLikeSocket(text) || text.hasPrefix("{") && value.contains { j in
                unit.tokens[j].kind == .identifier && Self.namesSocket(unit.tokens[j].text)
            }
            guard typeSaysSocket || looksSocket, !result.contains(where: { $0.name == field }) else { continue }
            // A WeakMap or WeakSet keyed by the socket lets its entries go with the socket: nothing to remove.
            if Self.isWeakCollection(unit, cls, field) { continue }
            // A collection declared to hold numbers or strings (`new Set<number>()`, `clients: string[]`) keeps ids,
            // not sockets.
            if !typeSaysSocket, !keyedBySocket, Self.holdsPlainValues(unit, cls, field) { continue }
            let assignedInConstructor = cls.constructorIndex.flatMap { ctor in
                unit.functions[ctor].body.first { i in
                    unit.tokens[i].isWord("this") && unit.isPunct(i + 1, ".") && unit.isWord(i + 2, field) && unit.isPunct(i + 3, "=")
                }
            }
            let anchor = cls.fields.first { $0.name == field }?.nameToken ?? assignedInConstructor ?? c.calleeStart
            result.append((field, anchor, c.calleeStart, keyedBySocket && !SourceUnit.looksLikeSocket(text)))
        }
        return result
    }

    /// `ws`, `socket`, `webSocket`, `clientWs`, `wsConn`: a word that names a socket, not one that contains "ws".
    static func namesSocket(_ word: String) -> Bool {
        let lower = word.lowercased()
        if lower == "ws" || lower.contains("socket") || word.hasSuffix("Ws") { return true }
        let chars = Array(word)
        return chars.count > 2 && lower.hasPrefix("ws") && chars[2].isUppercase
    }

    /// True when the field is declared or created as a `WeakMap` / `WeakSet`.
    static func isWeakCollection(_ unit: SourceUnit, _ cls: ClassNode, _ field: String) -> Bool {
        if let f = cls.fields.first(where: { $0.name == field }) {
            for r in [f.type, f.initializer].compactMap({ $0 }) where unit.containsWord("WeakMap", in: r) || unit.containsWord("WeakSet", in: r) {
                return true
            }
        }
        return cls.body.contains { i in
            unit.tokens[i].isWord("this") && unit.isPunct(i + 1, ".") && unit.isWord(i + 2, field) && unit.isPunct(i + 3, "=")
                && unit.isWord(i + 4, "new") && (unit.isWord(i + 5, "WeakMap") || unit.isWord(i + 5, "WeakSet"))
        }
    }

    /// True when the field's type or initializer names only `number` or `string` elements.
    private static func holdsPlainValues(_ unit: SourceUnit, _ cls: ClassNode, _ field: String) -> Bool {
        guard let f = cls.fields.first(where: { $0.name == field }) else { return false }
        let text = [f.type, f.initializer].compactMap { $0.map { unit.text($0) } }.joined(separator: " ").filter { !$0.isWhitespace }
        for plain in ["Set<number>", "Set<string>", "number[]", "string[]", "Array<number>", "Array<string>"] where text.contains(plain) { return true }
        return false
    }

    /// True when `scope` removes from `this.<field>` (delete, splice, filter, clear, pop, shift) or reassigns it.
    static func removes(_ unit: SourceUnit, field: String, in scope: Range<Int>) -> Bool {
        for c in unit.calls(in: scope) where c.path.count >= 3 && c.path[0] == "this" && c.path[1] == field {
            // `filter` removes only when its result is assigned back, which the loop below sees.
            if ["delete", "splice", "clear", "pop", "shift"].contains(c.name) { return true }
        }
        // A collection of collections: `const conns = this.byRoom.get(room); conns.delete(ws)`.
        let inner = Set(unit.calls(in: scope).filter { $0.path == ["this", field, "get"] }.compactMap { unit.assignedName(of: $0) })
        if unit.calls(in: scope).contains(where: { $0.path.count == 2 && inner.contains($0.path[0]) && ["delete", "splice", "clear"].contains($0.name) }) {
            return true
        }
        var i = scope.lowerBound
        while i + 3 < scope.upperBound {
            if unit.tokens[i].isWord("this"), unit.isPunct(i + 1, "."), unit.isWord(i + 2, field), unit.isPunct(i + 3, "=") { return true }
            i += 1
        }
        return false
    }
}
