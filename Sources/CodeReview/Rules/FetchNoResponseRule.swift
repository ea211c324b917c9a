/// `fetch-no-response`: a `fetch` handler with a path that ends without returning a `Response`.
struct FetchNoResponseRule: Rule {
    static let info = RuleInfo(
        id: "fetch-no-response", severity: .error, title: "fetch handler can end without a Response",
        summary: "A fetch handler (Durable Object or Worker) whose body can reach its end, or a bare `return;`, without returning a Response; the caller then gets an exception. A handler that only returns what a wrapper gives back (`return await handleErrors(request, async () => { … })`) is judged by the wrapper's callback.",
        notFlagged: "Paths that end in return <value> or throw; if/else, switch with default, and try/catch where every branch returns; infinite loops; empty placeholder bodies.",
        topics: ["rpc-vs-fetch", "error-handling"])

    func check(_ analysis: Analysis, into sink: inout FindingSink) {
        for (u, unit) in analysis.units.enumerated() {
            for (f, fn) in unit.functions.enumerated() where fn.name == "fetch" && fn.hasBlockBody && !fn.body.isEmpty {
                if fn.classIndex != nil, analysis.doClass(unit: u, function: f) == nil { continue }
                if fn.classIndex == nil, fn.kind != .method && fn.kind != .arrow { continue }
                // `return await handleErrors(request, async () => { … })`: the callback's answer is the response.
                let body = Self.wrappedHandler(unit, fn.body).map { unit.functions[$0].body } ?? fn.body
                var flow = CompletionAnalyzer(unit: unit)
                let ends = flow.terminates(body, depth: 0)
                let owner = fn.classIndex.map { unit.classes[$0].name }.map { "`\($0).fetch`" } ?? "`fetch`"
                for r in flow.bareReturns {
                    sink.add(Self.info, unit, from: r,
                             message: "\(owner) returns without a Response here; the caller receives an exception instead of an answer.",
                             fix: "Return a response on this path:\nreturn new Response(\"Not found\", { status: 404 });")
                }
                if !ends {
                    let last = max(body.upperBound, body.lowerBound)
                    sink.add(Self.info, unit, from: fn.nameToken, to: min(fn.body.upperBound, unit.tokens.count - 1),
                             message: "\(owner) can reach the end of its body (line \(unit.token(last)?.line ?? 0)) without returning a Response; the caller receives an exception instead of an answer.",
                             fix: "End every path with a response, for example:\nreturn new Response(\"Not found\", { status: 404 });")
                }
            }
        }
    }
}

extension FetchNoResponseRule {
    /// The block-bodied callback whose result a handler returns when its whole body is
    /// `return [await] wrapper(…, async () => { … })` and the callback returns a value somewhere: the wrapper
    /// (error handling, a lock) answers with what the callback gives back.
    static func wrappedHandler(_ unit: SourceUnit, _ body: Range<Int>) -> Int? {
        var i = body.lowerBound
        guard unit.isWord(i, "return") else { return nil }
        i += 1
        if unit.isWord(i, "await") { i += 1 }
        guard !unit.isWord(i, "new"), let call = unit.calls(in: i..<body.upperBound).first(where: { $0.calleeStart == i }),
              unit.statementEnd(from: i) >= body.upperBound - 1 || unit.isPunct(call.close + 1, ";") && call.close + 2 >= body.upperBound,
              let last = unit.arguments(call).last,
              let f = unit.functions(startingIn: last).first, unit.functions[f].head == last.lowerBound, unit.functions[f].hasBlockBody
        else { return nil }
        let inner = unit.functions[f].body
        let returnsValue = inner.contains { j in
            unit.isWord(j, "return") && unit.function(at: j) == f && unit.token(j + 1).map { !$0.isPunct(";") && !$0.isPunct("}") && !$0.newlineBefore } == true
        }
        return returnsValue ? f : nil
    }
}

/// Decides whether a statement list always completes abruptly (return, throw or an endless loop).
///
/// Recursion follows nested blocks only and stops at `maxDepth`, where it assumes the code returns.
struct CompletionAnalyzer {
    static let maxDepth = 200
    let unit: SourceUnit
    private(set) var bareReturns: [Int] = []

    init(unit: SourceUnit) { self.unit = unit }

    mutating func terminates(_ range: Range<Int>, depth: Int) -> Bool {
        guard depth < Self.maxDepth else { return true }
        var i = range.lowerBound
        while i < range.upperBound {
            let (ends, next) = statement(at: i, limit: range.upperBound, depth: depth)
            if ends { return true }
            i = max(next, i + 1)
        }
        return false
    }

    private mutating func statement(at i: Int, limit: Int, depth: Int) -> (Bool, Int) {
        let t = unit.tokens[i]
        if t.isPunct(";") { return (false, i + 1) }
        if t.isPunct("{") { return (terminates(unit.inside(i), depth: depth + 1), unit.close(i) + 1) }
        guard t.kind == .identifier, !unit.isPunct(i + 1, ".") else { return (false, unit.statementEnd(from: i)) }
        switch t.text {
        case "return":
            if let n = unit.token(i + 1), n.isPunct(";") || n.isPunct("}") || n.newlineBefore || i + 1 >= limit {
                bareReturns.append(i)
            }
            return (true, unit.statementEnd(from: i))
        case "throw":
            return (true, unit.statementEnd(from: i))
        case "if":
            guard unit.isPunct(i + 1, "(") else { return (false, i + 1) }
            let (thenEnds, afterThen) = branch(at: unit.close(i + 1) + 1, limit: limit, depth: depth)
            if unit.isWord(afterThen, "else") {
                let (elseEnds, afterElse) = branch(at: afterThen + 1, limit: limit, depth: depth)
                return (thenEnds && elseEnds, afterElse)
            }
            return (false, afterThen)
        case "try":
            guard unit.isPunct(i + 1, "{") else { return (false, i + 1) }
            let tryEnds = terminates(unit.inside(i + 1), depth: depth + 1)
            var j = unit.close(i + 1) + 1
            var catchEnds: Bool?
            if unit.isWord(j, "catch") {
                j += 1
                if unit.isPunct(j, "(") { j = unit.close(j) + 1 }
                if unit.isPunct(j, "{") {
                    catchEnds = terminates(unit.inside(j), depth: depth + 1)
                    j = unit.close(j) + 1
                }
            }
            var finallyEnds = false
            if unit.isWord(j, "finally"), unit.isPunct(j + 1, "{") {
                finallyEnds = terminates(unit.inside(j + 1), depth: depth + 1)
                j = unit.close(j + 1) + 1
            }
            let ends = finallyEnds || (tryEnds && (catchEnds ?? true))
            return (ends, j)
        case "switch":
            guard unit.isPunct(i + 1, "("), unit.isPunct(unit.close(i + 1) + 1, "{") else { return (false, i + 1) }
            let open = unit.close(i + 1) + 1
            return (switchTerminates(unit.inside(open), depth: depth + 1), unit.close(open) + 1)
        case "while", "for":
            guard let loop = unit.loop(at: i) else { return (false, i + 1) }
            let header = unit.text(loop.header).filter { !$0.isWhitespace }
            let endless = (t.text == "while" && header == "true") || (t.text == "for" && header == ";;")
            let hasBreak = loop.body.contains { unit.tokens[$0].isWord("break") && unit.function(at: $0) == unit.function(at: i) }
            let end = unit.isPunct(loop.body.upperBound, "}") ? loop.body.upperBound + 1 : loop.body.upperBound
            return (endless && !hasBreak, end)
        case "do":
            guard unit.isPunct(i + 1, "{") else { return (false, i + 1) }
            let ends = terminates(unit.inside(i + 1), depth: depth + 1)
            return (ends, unit.statementEnd(from: unit.close(i + 1) + 1))
        case "function", "class":
            var j = i + 1
            while j < limit, !unit.isPunct(j, "{") { j = unit.skip(j) }
            return (false, j < limit ? unit.close(j) + 1 : limit)
        default:
            return (false, unit.statementEnd(from: i))
        }
    }

    private mutating func branch(at i: Int, limit: Int, depth: Int) -> (Bool, Int) {
        guard i < limit else { return (false, limit) }
        if unit.isPunct(i, "{") { return (terminates(unit.inside(i), depth: depth + 1), unit.close(i) + 1) }
        return statement(at: i, limit: limit, depth: depth + 1)
    }

    /// Every case group must end abruptly (an empty group falls through), there must be a `default`, and no
    /// `break` may leave the switch.
    private mutating func switchTerminates(_ body: Range<Int>, depth: Int) -> Bool {
        var groups: [Range<Int>] = []
        var hasDefault = false
        var start: Int?
        var i = body.lowerBound
        while i < body.upperBound {
            let t = unit.tokens[i]
            if t.isWord("case") || t.isWord("default") && unit.isPunct(i + 1, ":") {
                if t.text == "default" { hasDefault = true }
                if let s = start, s <= i { groups.append(s..<i) }
                var j = i + 1
                while j < body.upperBound, !unit.isPunct(j, ":") { j = unit.skip(j) }
                start = j + 1
                i = j + 1
                continue
            }
            if t.isWord("break"), unit.function(at: i) == unit.function(at: body.lowerBound) {
                // A break inside a nested loop belongs to that loop.
                let nested = unit.loops(in: body.lowerBound..<i).contains { $0.body.contains(i) }
                if !nested { return false }
            }
            i = unit.skip(i)
        }
        // With unbalanced brackets a label scan can run past the body; such a group is empty.
        if let s = start, s <= body.upperBound { groups.append(s..<body.upperBound) }
        guard hasDefault else { return false }
        for g in groups where !g.isEmpty {
            if !terminates(g, depth: depth + 1) { return false }
        }
        return true
    }
}
