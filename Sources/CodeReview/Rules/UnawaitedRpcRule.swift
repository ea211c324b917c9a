/// `unawaited-rpc`: a call on a Durable Object stub whose promise is dropped, so failures go unnoticed and
/// the Worker may finish before the call is delivered.
struct UnawaitedRpcRule: Rule {
    static let info = RuleInfo(
        id: "unawaited-rpc", severity: .warning, title: "Durable Object call neither awaited nor returned",
        summary: "A statement that calls a method (or fetch) on a stub from env.NS.get(id) / env.NS.getByName(name) / getAgentByName(env.NS, name) without await, return or being passed on, including one whose only follow-up is a chained .then/.catch/.finally (the outcome is handled, but nothing waits for the call), and `void stub.call()` in Worker code.",
        notFlagged: "Awaited or returned calls; calls passed to ctx.waitUntil or Promise.all; calls marked fire-and-forget with `void` inside a Durable Object (which lives on after the call; in a Worker they are flagged); calls on anything that is not a stub (a binding not in capitals, such as env.rooms, is a namespace only when asked for an object by name or by an id it made).",
        topics: ["rpc-vs-fetch", "error-handling"])

    private static let notCalls: Set<String> = ["id", "name", "toString", "equals"]

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for (u, unit) in analysis.units.enumerated() {
            // Inside a Durable Object the caller lives on after the call; in a Worker it may be stopped.
            let objectBodies = analysis.doClasses.filter { $0.unit == u }.map { unit.classes[$0.index].body }
            var stubs: [Int: Set<String>] = [:]  // function (or -1 for top level) → stub variable names
            for c in unit.calls where unit.isStubFactory(c) {
                if let name = unit.assignedName(of: c) { stubs[unit.function(at: c.open) ?? -1, default: []].insert(name) }
            }
            for c in unit.calls where c.path.count >= 2 && !Self.notCalls.contains(c.name) {
                let onStubVariable: Bool = {
                    guard c.path.count == 2 else { return false }
                    var f: Int? = unit.function(at: c.open)
                    var steps = 0
                    while steps < 64 {
                        if stubs[f ?? -1]?.contains(c.path[0]) == true { return true }
                        guard let g = f else { return false }
                        f = unit.functions[g].parent
                        steps += 1
                    }
                    return false
                }()
                // `env.NS.get(id).method()`: the stub is made in the same expression (its factory call is the
                // call whose parentheses the path's "()" stands for).
                let onFactory = c.path.count >= 5 && c.path[c.path.count - 2] == "()"
                    && ["get", "getByName"].contains(c.path[c.path.count - 3]) && c.path.contains("env")
                    && unit.calls(in: c.calleeStart..<c.open).contains { $0.path == Array(c.path.dropLast(2)) && unit.isStubFactory($0) }
                guard onStubVariable || onFactory else { continue }
                // `void stub.call()` says fire-and-forget on purpose, which a Durable Object can afford; a Worker
                // handler that returns right after may be stopped before the call is delivered.
                let voided = unit.isWord(c.calleeStart - 1, "void") && startsStatement(unit, c.calleeStart - 1)
                    && !objectBodies.contains { $0.contains(c.calleeStart) }
                guard voided || startsStatement(unit, c.calleeStart) else { continue }
                let handlers = promiseHandlers(unit, after: c.close)
                guard let end = handlers.end, endsStatement(unit, end) else { continue }
                sink.add(Self.info, unit, from: voided ? c.calleeStart - 1 : c.calleeStart, to: c.close,
                         message: voided
                            ? "`void \(c.path.joined(separator: "."))()` marks a Durable Object call as fire-and-forget, but nothing keeps the Worker alive until it is delivered: once the handler returns, the call may never run."
                            : handlers.names.isEmpty
                            ? "`\(c.path.joined(separator: "."))()` on a Durable Object stub is neither awaited nor returned: errors are lost and the Worker may finish before the call is delivered."
                            : "`\(c.path.joined(separator: "."))()` on a Durable Object stub is neither awaited nor returned; `\(handlers.names.joined(separator: "`, `"))` handles its outcome, but nothing keeps the Worker alive until the call is delivered.",
                         fix: "Await it, or hand it to waitUntil when the response should not wait:\nawait \(unit.text(c.calleeStart..<(c.close + 1)));\n// or: ctx.waitUntil(\(unit.text(c.calleeStart..<(c.close + 1))));")
            }
        }
    }

    /// The handlers chained on a call's promise (`.then(…)`, `.catch(…)`, `.finally(…)`) and the last token of the
    /// chain; `end` is nil when the chain goes on with anything else (a property, another call).
    private func promiseHandlers(_ unit: SourceUnit, after close: Int) -> (names: [String], end: Int?) {
        var names: [String] = []
        var end = close
        while unit.isPunct(end + 1, ".") || unit.isPunct(end + 1, "?.") {
            guard let m = unit.token(end + 2), ["then", "catch", "finally"].contains(m.text), unit.isPunct(end + 3, "(") else { return (names, nil) }
            names.append(m.text)
            end = unit.close(end + 3)
        }
        return (names, end)
    }

    private func startsStatement(_ unit: SourceUnit, _ i: Int) -> Bool {
        guard let prev = unit.token(i - 1) else { return true }
        if prev.isPunct(";") || prev.isPunct("{") || prev.isPunct("}") { return true }
        if prev.kind == .identifier, ["await", "return", "void", "yield"].contains(prev.text) { return false }
        if prev.isPunct(")"), unit.tokens[i].newlineBefore { return true }
        return unit.tokens[i].newlineBefore && !(prev.kind == .punct && ["=", "(", ",", ":", "?", "=>", "&&", "||", "[", "!"].contains(prev.text))
    }

    private func endsStatement(_ unit: SourceUnit, _ close: Int) -> Bool {
        guard let next = unit.token(close + 1) else { return true }
        if next.isPunct(";") || next.isPunct("}") { return true }
        if next.isPunct(".") || next.isPunct("?.") { return false }
        return next.newlineBefore
    }
}
