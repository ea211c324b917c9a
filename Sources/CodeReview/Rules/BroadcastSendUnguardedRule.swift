import Foundation

/// `broadcast-send-unguarded`: `send()` in a loop over sockets with no error handling, so one closed socket
/// throws and the remaining sockets never get the message.
struct BroadcastSendUnguardedRule: Rule {
    static let info = RuleInfo(
        id: "broadcast-send-unguarded", severity: .warning, title: "Broadcast send without error handling",
        summary: "x.send(…) (or x.webSocket.send(…)) on the loop variable of a for…of / forEach / for loop over sockets (getWebSockets(), a socket collection) with no try/catch around the send inside the loop, directly or through a helper method the loop passes the socket to; also on a socket the loop looks up by id (this.connections.get(id)), and in plain classes that hold an object's sockets.",
        notFlagged: "Sends inside a try block in the loop body (typically removing the dead socket in catch) or in the helper; single sends outside loops; a send followed by break or return (the loop looked for one socket).",
        topics: ["pattern-chat-room", "websocket-hibernation"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        let tryBlocks = analysis.units.map { $0.tryBlocks() }
        for d in analysis.doClasses + analysis.socketHolders {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let tries = tryBlocks[d.unit].filter { cls.body.contains($0.lowerBound) }
            // `function`: the function that runs each pass (a send in a function nested in the body, such as a
            // per-socket callback handed out by `map`, runs later, not in the loop).
            var loops: [(variables: [String], body: Range<Int>, iterated: String, function: Int?)] = []
            for l in unit.loops(in: cls.body) where unit.tokens[l.keyword].text == "for" {
                // for (const ws of <expr>)
                let h = l.header
                guard h.count >= 4, unit.isWord(h.lowerBound, "const") || unit.isWord(h.lowerBound, "let") || unit.isWord(h.lowerBound, "var") else { continue }
                var j = h.lowerBound + 1
                var variables: [String] = []
                if let t = unit.token(j), t.kind == .identifier { variables = [t.text]; j += 1 } else if unit.isPunct(j, "[") {
                    // `for (const [id, ws] of map)`: either element may be the socket.
                    variables = unit.split(unit.inside(j)).map { unit.text($0) }.filter { !$0.isEmpty }
                    j = unit.close(j) + 1
                }
                guard unit.isWord(j, "of") else { continue }
                loops.append((variables, l.body, unit.text((j + 1)..<h.upperBound), unit.function(at: l.keyword)))
            }
            // `xs.forEach(ws => …)`, and helpers of the same shape: `arrayForEach(xs, ws => …)`.
            for c in unit.calls(in: cls.body) where c.name == "forEach" || c.name == "map" || c.name.hasSuffix("ForEach") {
                guard let f = unit.callbackFunctions(of: c).first else { continue }
                let params = unit.split(unit.functions[f].params).map { unit.text($0).components(separatedBy: ":").first?.trimmingCharacters(in: .whitespaces) ?? "" }
                guard let first = params.first else { continue }
                let iterated = c.name.hasSuffix("ForEach") && c.path.count == 1
                    ? unit.arguments(c).first.map { unit.text($0) } ?? ""
                    : unit.text(c.calleeStart..<c.open)
                // `map.forEach((value, key) => …)`: a Map keyed by sockets hands the socket as the second parameter.
                let variables = c.name == "forEach" && params.count >= 2 && SourceUnit.looksLikeSocket(params[1]) ? [first, params[1]] : [first]
                loops.append((variables, unit.functions[f].body, iterated, f))
            }
            let socketFields = Set(cls.fields.map(\.name).filter { unit.fieldHoldsWebSockets(cls, $0) })
            // `for (const id of memberIds) { const conn = this.connections.get(id); conn.webSocket.send(…) }`: the
            // socket is looked up by the loop, from a collection of sockets.
            var lookedUp: Set<String> = []
            loops = loops.map { loop in
                var loop = loop
                for c in unit.calls(in: loop.body) where c.name == "get" && c.path.count == 3 && c.path[0] == "this"
                    && (isSocketCollection(c.path[1]) || socketFields.contains(c.path[1])) && unit.function(at: c.open) == loop.function {
                    if let name = unit.assignedName(of: c), !loop.variables.contains(name) {
                        loop.variables.append(name)
                        lookedUp.insert(name)
                    }
                }
                return loop
            }
            for loop in loops {
                for variable in loop.variables where !variable.isEmpty
                    && (isSocketCollection(loop.iterated) || SourceUnit.looksLikeSocket(variable) || lookedUp.contains(variable)
                        || socketFields.contains(where: { loop.iterated.hasPrefix("this.\($0)") })) {
                    let inLoopTry: (Int) -> Bool = { p in tries.contains { $0.contains(p) && loop.body.contains($0.lowerBound) } }
                    let method = unit.function(at: loop.body.lowerBound).flatMap { unit.memberFunction(of: $0) }.map { unit.functions[$0].name } ?? "?"
                    let runsInLoop: (Int) -> Bool = { p in unit.function(at: p) == loop.function }
                    // `ws.send(…)`, or a send on the socket the loop variable holds: `s.webSocket.send(…)`.
                    // One finding per loop and socket: the first unguarded send, direct or through a helper.
                    var reportedHere = false
                    for send in unit.calls(in: loop.body) where send.name == "send" && send.path.first == variable
                        && (send.path.count == 2 || send.path.count == 3 && SourceUnit.looksLikeSocket(send.path[1])) {
                        if reportedHere || inLoopTry(send.open) || !runsInLoop(send.open) || endsTheLoop(unit, after: send.close, in: loop.body) { continue }
                        reportedHere = true
                        sink.add(Self.info, unit, from: send.calleeStart, to: send.close,
                                 message: "Broadcast in `\(analysis.className(d)).\(method)` calls `\(variable).send()` with no error handling: one closed socket throws and the rest of the sockets miss the message.",
                                 fix: "Guard each send and drop sockets that fail:\ntry {\n  \(unit.text(send.calleeStart..<(send.close + 1)));\n} catch {\n  \(variable).close(1011, \"send failed\");\n}",
                                 confidence: .high)
                    }
                    // The loop hands the socket to a helper method that sends on it without a guard.
                    for call in unit.calls(in: loop.body) where !reportedHere && call.path.count == 2 && call.path[0] == "this" && !inLoopTry(call.open) && runsInLoop(call.open) {
                        guard let m = d.members[call.path[1]],
                              let k = unit.arguments(call).firstIndex(where: { unit.text($0) == variable }) else { continue }
                        let params = unit.parameterNames(of: m)
                        guard k < params.count else { continue }
                        let helperTries = tries.filter { unit.functions[m].body.contains($0.lowerBound) }
                        guard let send = unit.calls(in: unit.functions[m].body).first(where: { s in
                            // A send in a function nested in the helper (a callback it registers) runs later, not in the loop.
                            s.name == "send" && s.path == [params[k], "send"] && !helperTries.contains { $0.contains(s.open) }
                                && unit.function(at: s.open) == m
                        }) else { continue }
                        reportedHere = true
                        sink.add(Self.info, unit, from: call.calleeStart, to: call.close,
                                 message: "Broadcast in `\(analysis.className(d)).\(method)` sends to each socket through `\(call.path[1])`, which calls `send()` with no error handling: one closed socket throws and the rest of the sockets miss the message.",
                                 fix: "Guard the send in `\(call.path[1])` (or around this call) and drop sockets that fail:\ntry {\n  \(unit.text(send.calleeStart..<(send.close + 1)));\n} catch {\n  \(params[k]).close(1011, \"send failed\");\n}",
                                 confidence: .high,
                                 related: [(send.calleeStart, "the unguarded send is here")])
                    }
                }
            }
        }
    }

    /// True when the send's block leaves the loop after it (`ws.send(m); break;`): a send to the one socket
    /// the loop looked for, not a broadcast.
    private func endsTheLoop(_ unit: SourceUnit, after close: Int, in body: Range<Int>) -> Bool {
        // The innermost block around the send that lies in the loop body.
        var blockEnd = body.upperBound
        var i = close
        while i > body.lowerBound {
            i -= 1
            if unit.isPunct(i, "{"), unit.close(i) > close { blockEnd = min(blockEnd, unit.close(i)); break }
        }
        var j = close + 1
        while j < blockEnd {
            let t = unit.tokens[j]
            if t.kind == .punct, t.text == "{" || t.text == "(" || t.text == "[" { j = unit.close(j) + 1; continue }
            if t.isWord("break") || t.isWord("return") { return true }
            j += 1
        }
        return false
    }

    private func isSocketCollection(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["websocket", "socket", "session", "connection", "client", "peer", "player", "subscriber", "conns", "ws", "listeners", "members"]
            .contains { lower.contains($0) }
    }
}
