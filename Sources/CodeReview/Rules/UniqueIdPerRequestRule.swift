/// `unique-id-per-request`: `newUniqueId()` on a request path whose id is neither returned nor stored, so every
/// request creates a fresh object that nobody can reach again.
struct UniqueIdPerRequestRule: Rule {
    static let info = RuleInfo(
        id: "unique-id-per-request", severity: .warning, title: "New unique id per request that is never kept",
        summary: "newUniqueId() on a request path where the id (or its toString()) is not returned, stored, sent or put in a response.",
        notFlagged: "Ids that are returned, stored (storage, SQL, KV), put in a response or URL, converted with toString() or kept in a field; calls off the request path (scheduled, queue, alarm, setup). Low confidence when the new object's fetch response is returned as it is (the object may hand out its own id).",
        topics: ["ids-and-names", "architecture-patterns"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for (u, unit) in analysis.units.enumerated() {
            for call in unit.calls where call.name == "newUniqueId" && call.path.count >= 2 {
                guard analysis.isOnRequestPath(unit: u, token: call.open) else { continue }
                if isKept(unit, call) { continue }
                let ns = call.path[call.path.count - 2]
                let answersItself = newObjectAnswers(unit, call)
                sink.add(Self.info, unit, from: call.calleeStart, to: call.close,
                         message: "`\(ns).newUniqueId()` creates a new object on every request, and its id is neither returned nor stored, so the object can never be reached again."
                            + (answersItself ? " (The new object's own response goes back to the client; if it includes its id, the object stays reachable.)" : ""),
                         fix: "Address the object by what it represents:\nconst stub = env.\(ns).getByName(roomName); // or idFromName(userId)\nor keep the id: return Response.json({ id: id.toString() });",
                         confidence: answersItself ? .low : .high)
            }
        }
    }

    /// True when the new object's `fetch` response is returned as it is (`return stub.fetch(request)`): the object
    /// answers the client itself and can hand out its own id (`ctx.id`), which this code cannot see.
    private func newObjectAnswers(_ unit: SourceUnit, _ call: CallSite) -> Bool {
        let scope = unit.function(at: call.open).map { unit.functions[$0].body } ?? 0..<unit.tokens.count
        for c in unit.calls(in: scope) where c.open > call.close && c.name == "fetch" && c.path.count >= 2 {
            var j = c.calleeStart - 1
            if unit.isWord(j, "await") { j -= 1 }
            if unit.isWord(j, "return") || unit.isPunct(j, "=>") { return true }
        }
        return false
    }

    private func isKept(_ unit: SourceUnit, _ call: CallSite) -> Bool {
        // Directly returned, or assigned to a field / object property.
        var j = call.calleeStart - 1
        if unit.isWord(j, "await") { j -= 1 }
        if unit.isWord(j, "return") { return true }
        if unit.isPunct(j, ":") { return true }
        if unit.isPunct(j, "="), unit.isWord(j - 3, "this") { return true }
        if unit.isPunct(call.close + 1, "."), let m = unit.token(call.close + 2), m.text == "toString" { return true }
        guard let name = unit.assignedName(of: call) else { return false }
        let scope = unit.function(at: call.open).map { unit.functions[$0].body } ?? 0..<unit.tokens.count
        for i in scope where i > call.close && unit.tokens[i].isWord(name) && !unit.isPunct(i - 1, ".") {
            if unit.isPunct(i + 1, "."), let m = unit.token(i + 2), m.text == "toString" || m.text == "toJSON" { return true }
            if unit.tokens[i - 1].kind == .templateHead || unit.tokens[i - 1].kind == .templateMiddle { return true }
            if unit.isPunct(i - 1, ":") || unit.isPunct(i - 1, "{") && unit.isPunct(i + 1, "}") || unit.isPunct(i + 1, ",") && unit.isPunct(i - 1, ",") {
                return true  // { id } or { roomId: id }
            }
            if let c = unit.enclosingCall(of: i) {
                if ["put", "set", "exec", "send", "json", "stringify", "String", "insert", "push", "Response", "waitUntil"].contains(c.name) {
                    return true
                }
            }
            var k = i - 1
            var steps = 0
            while k >= 0, steps < 30, !unit.isPunct(k, ";"), !unit.isPunct(k, "{") {
                if unit.tokens[k].isWord("return") { return true }
                if unit.tokens[k].newlineBefore { break }
                k -= 1
                steps += 1
            }
        }
        return false
    }
}
