/// Conditions around a position: which `if` statements contain it and which fields they test.
extension SourceUnit {
    /// The condition ranges (inside the parentheses) of the `if` statements whose block or single statement
    /// contains token `p`, innermost first, looking no further back than `lowerBound`.
    func enclosingIfConditions(of p: Int, from lowerBound: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = p - 1
        while i >= lowerBound {
            if tokens[i].isWord("if"), isPunct(i + 1, "("), !isPunct(i - 1, ".") {
                let close = self.close(i + 1)
                let body: Range<Int> = isPunct(close + 1, "{")
                    ? (close + 1)..<(self.close(close + 1) + 1)
                    : (close + 1)..<max(close + 1, statementEnd(from: close + 1))
                if body.contains(p) { result.append(inside(i + 1)) }
            }
            i -= 1
        }
        return result
    }

    /// Fields (`this.<name>`) that `range` mentions.
    func fieldsMentioned(in range: Range<Int>) -> Set<String> {
        var names: Set<String> = []
        for i in range where tokens[i].isWord("this") && (isPunct(i + 1, ".") || isPunct(i + 1, "?.")) {
            if let n = token(i + 2), n.kind == .identifier { names.insert(n.text) }
        }
        return names
    }

    /// Fields that `range` assigns (`this.<name> = …`).
    func fieldsAssigned(in range: Range<Int>) -> Set<String> {
        var names: Set<String> = []
        for i in range where tokens[i].isWord("this") && isPunct(i + 1, ".") && isPunct(i + 3, "=") {
            if let n = token(i + 2), n.kind == .identifier { names.insert(n.text) }
        }
        return names
    }

    /// True when the innermost block around token `i` closes before token `later` and leaves function `f` after
    /// `i` (an unconditional `return` or `throw` of its own): code at `later` does not run on the path through `i`.
    func leavesBlock(after i: Int, before later: Int, in f: Int) -> Bool {
        let body = functions[f].body
        var j = i - 1
        var depth = 0
        while j >= body.lowerBound {
            let t = tokens[j]
            if t.isPunct("}") { depth += 1 } else if t.isPunct("{") {
                if depth == 0 {
                    let close = self.close(j)
                    guard close < later else { return false }
                    // A switch body holds many paths: a `throw` under `default:` says nothing of the others.
                    if isPunct(j - 1, ")"), matching[j - 1] >= 0, isWord(matching[j - 1] - 1, "switch") { return false }
                    // A `return` or `throw` of this block, after `i` and under no condition of its own.
                    var k = i + 1
                    while k < close {
                        if isPunct(k, "{") { k = self.close(k) + 1; continue }
                        if (isWord(k, "return") || isWord(k, "throw")) && function(at: k) == f && !isGuarded(k) { return true }
                        k += 1
                    }
                    return false
                }
                depth -= 1
            }
            j -= 1
        }
        return false
    }

    /// The names of a function's parameters in order ("" for a destructured one): a parameter starts at the
    /// beginning or after a top-level comma followed by a name and its type, default or the next parameter, or by
    /// a pattern (the commas of `Map<string, number>` start none).
    func parameterNames(of f: Int) -> [String] {
        let params = functions[f].params
        let modifiers: Set<String> = ["private", "public", "protected", "readonly"]
        func name(at start: Int) -> String? {
            var i = start
            while i < params.upperBound, tokens[i].kind == .identifier, modifiers.contains(tokens[i].text) { i += 1 }
            if isPunct(i, "...") { i += 1 }
            guard i < params.upperBound else { return nil }
            if isPunct(i, "{") || isPunct(i, "[") { return "" }
            guard tokens[i].kind == .identifier,
                  i + 1 == params.upperBound || [":", "?", "=", ","].contains(where: { isPunct(i + 1, $0) }) else { return nil }
            return tokens[i].text
        }
        guard !params.isEmpty, let first = name(at: params.lowerBound) else { return [] }
        var names = [first]
        var i = params.lowerBound
        while i < params.upperBound {
            let t = tokens[i]
            if t.isPunct(","), let next = name(at: i + 1) { names.append(next) }
            i = t.kind == .punct && ["(", "[", "{"].contains(t.text) ? skip(i) : i + 1
        }
        return names
    }
}
