import Foundation

/// `broadcast-send-unguarded`: `send()` in a loop over sockets with no error handling, so one closed socket
/// throws and the remaining sockets never get the message.
struct BroadcastSendUnguardedRule: Rule {
    static let info = RuleInfo(
        id: "broadcast-send-unguarded", severity: .warning, title: "Broadcast send without error handling",
        summary: "x.send(…) on the loop variable of a for…of / forEach / for loop over sockets (getWebSockets(), a socket collection) with no try/catch around the send inside the loop.",
        notFlagged: "Sends inside a try block in the loop body (typically removing the dead socket in catch); sends through a helper method; single sends outside loops.",
        topics: ["pattern-chat-room", "websocket-hibernation"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        let tryBlocks = analysis.units.map { $0.tryBlocks() }
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            let tries = tryBlocks[d.unit].filter { cls.body.contains($0.lowerBound) }
            var loops: [(variable: String, body: Range<Int>, iterated: String)] = []
            for l in unit.loops(in: cls.body) where unit.tokens[l.keyword].text == "for" {
                // for (const ws of <expr>)
                let h = l.header
                guard h.count >= 4, unit.isWord(h.lowerBound, "const") || unit.isWord(h.lowerBound, "let") || unit.isWord(h.lowerBound, "var") else { continue }
                var j = h.lowerBound + 1
                var variable = ""
                if let t = unit.token(j), t.kind == .identifier { variable = t.text; j += 1 } else if unit.isPunct(j, "[") {
                    let parts = unit.split(unit.inside(j))
                    variable = parts.last.map { unit.text($0) } ?? ""
                    j = unit.close(j) + 1
                }
                guard unit.isWord(j, "of") else { continue }
                loops.append((variable, l.body, unit.text((j + 1)..<h.upperBound)))
            }
            for c in unit.calls(in: cls.body) where c.name == "forEach" || c.name == "map" {
                guard let f = unit.callbackFunctions(of: c).first, let p = unit.split(unit.functions[f].params).first else { continue }
                let iterated = unit.text(c.calleeStart..<c.open)
                loops.append((unit.text(p).components(separatedBy: ":").first ?? "", unit.functions[f].body, iterated))
            }
            let socketFields = Set(cls.fields.map(\.name).filter { unit.fieldHoldsWebSockets(cls, $0) })
            for loop in loops where !loop.variable.isEmpty
                && (isSocketCollection(loop.iterated) || SourceUnit.looksLikeSocket(loop.variable)
                    || socketFields.contains(where: { loop.iterated.hasPrefix("this.\($0)") })) {
                for send in unit.calls(in: loop.body) where send.name == "send" && send.path.count == 2 && send.path[0] == loop.variable {
                    let guarded = tries.contains { $0.contains(send.open) && loop.body.contains($0.lowerBound) }
                    if guarded { continue }
                    let method = unit.function(at: send.open).flatMap { unit.memberFunction(of: $0) }.map { unit.functions[$0].name } ?? "?"
                    sink.add(Self.info, unit, from: send.calleeStart, to: send.close,
                             message: "Broadcast in `\(analysis.className(d)).\(method)` calls `\(loop.variable).send()` with no error handling: one closed socket throws and the rest of the sockets miss the message.",
                             fix: "Guard each send and drop sockets that fail:\ntry {\n  \(unit.text(send.calleeStart..<(send.close + 1)));\n} catch {\n  \(loop.variable).close(1011, \"send failed\");\n}")
                }
            }
        }
    }

    private func isSocketCollection(_ text: String) -> Bool {
        let lower = text.lowercased()
        return ["websocket", "socket", "session", "connection", "client", "peer", "player", "subscriber", "conns", "ws", "listeners", "members"]
            .contains { lower.contains($0) }
    }
}
