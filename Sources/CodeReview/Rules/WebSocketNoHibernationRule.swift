/// `websocket-no-hibernation`: `ws.accept()` on a server socket inside a Durable Object, which keeps the object
/// in memory (and billed) for as long as the socket is open.
struct WebSocketNoHibernationRule: Rule {
    static let info = RuleInfo(
        id: "websocket-no-hibernation", severity: .warning, title: "WebSocket accepted without hibernation",
        summary: "server.accept() on the server end of a WebSocketPair inside a Durable Object, where this.ctx.acceptWebSocket(server) would let the object hibernate between messages.",
        notFlagged: "Outbound (client) sockets from fetch(...).webSocket, which cannot hibernate; accept() in a plain Worker, which has no hibernation API; an error socket closed right after its one frame (not one closed only on a rejection branch).",
        topics: ["websocket-hibernation", "hibernation", "pricing"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for d in analysis.doClasses {
            let unit = analysis.units[d.unit]
            let cls = unit.classes[d.index]
            for c in unit.calls(in: cls.body) where c.name == "accept" && c.path.count >= 2 && c.close == c.open + 1 {
                let receiver = c.path[c.path.count - 2]
                if isOutbound(unit, receiver: receiver, before: c.open) { continue }
                if closedRightAway(unit, c) { continue }
                let state = unit.containsThis("ctx", in: cls.body) ? "this.ctx" : "this.state"
                sink.add(Self.info, unit, from: c.calleeStart, to: c.close,
                         message: "`\(receiver).accept()` in `\(analysis.className(d))` keeps the object awake (and billed for duration) while the socket is open; the Hibernation API lets it sleep between messages.",
                         fix: "Accept through the runtime and move the listeners to handler methods:\n\(state).acceptWebSocket(\(receiver));\n// then: async webSocketMessage(ws, message) { … } and webSocketClose(ws, code, reason) { … }")
            }
        }
    }

    /// A socket accepted only to carry one error frame and closed a statement or two later (no listeners): it
    /// never lives long enough for hibernation to matter.
    private func closedRightAway(_ unit: SourceUnit, _ c: CallSite) -> Bool {
        let socket = Array(c.path.dropLast())
        let window = (c.close + 1)..<min(unit.tokens.count, c.close + 80)
        let later = unit.calls(in: window).filter { Array($0.path.dropLast()) == socket }
        // Closed on every path: a close under an `if` after the accept (a rejection branch) leaves the others open.
        guard let close = later.first(where: { $0.name == "close" }),
              unit.enclosingIfConditions(of: close.calleeStart, from: c.close).isEmpty else { return false }
        return !later.contains { $0.name == "addEventListener" && $0.open < close.open }
    }

    /// A socket obtained from `fetch(...)`'s response (`resp.webSocket`) is a client socket.
    private func isOutbound(_ unit: SourceUnit, receiver: String, before limit: Int) -> Bool {
        let start = max(0, limit - 400)
        for i in start..<limit where unit.tokens[i].isWord(receiver) && unit.isPunct(i + 1, "=") {
            let end = unit.statementEnd(from: i + 2)
            if unit.containsWord("webSocket", in: (i + 2)..<end) { return true }
        }
        return false
    }
}
