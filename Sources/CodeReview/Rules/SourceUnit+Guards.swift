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
}
