/// Innermost functions of tokens, call sites with their member chains, and exports.
extension StructureParser {
    mutating func assignOwners() {
        let n = tokens.count
        var owner = [Int32](repeating: -1, count: n)
        let order = unit.functions.indices.sorted {
            let a = unit.functions[$0].body, b = unit.functions[$1].body
            return a.lowerBound != b.lowerBound ? a.lowerBound < b.lowerBound : a.count > b.count
        }
        var stack: [Int] = []
        var next = 0
        for i in 0..<n {
            while let top = stack.last, !unit.functions[top].body.contains(i) { stack.removeLast() }
            while next < order.count, unit.functions[order[next]].body.lowerBound <= i {
                let f = order[next]
                next += 1
                while let top = stack.last, !unit.functions[top].body.contains(unit.functions[f].body.lowerBound) {
                    stack.removeLast()
                }
                unit.functions[f].parent = stack.last
                if !unit.functions[f].body.isEmpty, unit.functions[f].body.contains(i) { stack.append(f) }
            }
            if let top = stack.last { owner[i] = Int32(top) }
        }
        unit.owner = owner
        unit.functionsByHead = unit.functions.indices.sorted { unit.functions[$0].head < unit.functions[$1].head }
    }

    static let notCallees: Set<String> = [
        "if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "await", "delete", "void",
        "throw", "case", "do", "else", "in", "of", "instanceof", "yield", "const", "let", "var", "class", "extends",
        "satisfies", "as", "keyof",
    ]

    mutating func findCalls() {
        var calls: [CallSite] = []
        for open in tokens.indices where tokens[open].isPunct("(") && !paramOpens.contains(open) {
            var j = open - 1
            if unit.isPunct(j, ">") {
                // Generic call `get<number>(`: walk back to the matching `<`.
                var depth = 0
                var steps = 0
                while j >= 0, steps < 64 {
                    if tokens[j].isPunct(">") { depth += 1 } else if tokens[j].isPunct("<") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j -= 1
                    steps += 1
                }
                j -= 1
            }
            guard let callee = unit.token(j), callee.kind == .identifier,
                  !Self.notCallees.contains(callee.text) || unit.isPunct(j - 1, ".") || unit.isPunct(j - 1, "?.") else {
                continue
            }
            var path = [callee.text]
            var start = j
            var k = j - 1
            while path.count < 24, k >= 1, unit.isPunct(k, ".") || unit.isPunct(k, "?.") {
                var e = k - 1
                while unit.isPunct(e, "!") { e -= 1 }
                guard let t = unit.token(e) else { break }
                if t.kind == .identifier {
                    path.insert(t.text, at: 0)
                    start = e
                    k = e - 1
                } else if t.isPunct(")") || t.isPunct("]"), unit.matching[e] >= 0, unit.matching[e] < e {
                    path.insert(t.text == ")" ? "()" : "[]", at: 0)
                    let o = unit.matching[e]
                    start = o
                    if t.text == ")", let c = unit.token(o - 1), c.kind == .identifier, !Self.notCallees.contains(c.text) {
                        path.insert(c.text, at: 0)
                        start = o - 1
                        k = o - 2
                    } else if t.text == "]", let c = unit.token(o - 1), c.kind == .identifier {
                        path.insert(c.text, at: 0)
                        start = o - 1
                        k = o - 2
                    } else {
                        break
                    }
                } else {
                    break
                }
            }
            let isNew = unit.isWord(start - 1, "new")
            calls.append(CallSite(open: open, close: unit.close(open), path: path, calleeStart: start, isNew: isNew))
        }
        unit.calls = calls
        var index: [Int: Int] = [:]
        for (n, c) in calls.enumerated() { index[c.open] = n }
        unit.callAtOpen = index
    }

    mutating func findExports() {
        var names: Set<String> = []
        for i in tokens.indices {
            let t = tokens[i]
            if t.isWord("import"), i == 0 || tokens[i].newlineBefore || unit.isPunct(i - 1, ";"),
               let n = unit.token(i + 1), n.kind != .punct || n.text == "{" || n.text == "*" {
                unit.hasImports = true
            }
            // CommonJS: `module.exports = class Counter {…}`, `module.exports = { A, B }`, `exports.A = A`.
            if t.isWord("exports"), !unit.isPunct(i + 1, ":") {
                let afterModule = unit.isPunct(i - 1, ".") && unit.isWord(i - 2, "module")
                if afterModule || !unit.isPunct(i - 1, ".") { commonJSExport(at: i + 1, into: &names) }
                continue
            }
            guard t.isWord("export") else { continue }
            var j = i + 1
            let isDefault = unit.isWord(j, "default")
            if isDefault { j += 1 }
            if unit.isWord(j, "abstract") { j += 1 }
            if unit.isPunct(j, "*") { unit.hasExportStar = true; continue }
            if isDefault, let k = unit.token(j), k.kind == .identifier, !["class", "function", "async"].contains(k.text) {
                names.insert(k.text)  // export default Foo
                continue
            }
            if let k = unit.token(j), k.kind == .identifier, ["class", "const", "let", "var", "function"].contains(k.text),
               let n = unit.token(j + 1), n.kind == .identifier {
                names.insert(n.text)
            } else if !isDefault, unit.isPunct(j, "{") {
                for part in unit.split(unit.inside(j)) {
                    // `A`, `A as B`: the exported name is the last identifier.
                    if let last = part.last(where: { tokens[$0].kind == .identifier }) { names.insert(tokens[last].text) }
                }
            }
        }
        unit.exportedNames = names
    }

    /// The names a CommonJS export after `exports` (at token `j`) gives: `.A = …` exports `A`; `= class A` or
    /// `= function A` exports `A`; `= { A, B: C }` exports `A` and `B`; `= A` exports `A`.
    private func commonJSExport(at j: Int, into names: inout Set<String>) {
        if unit.isPunct(j, "."), let n = unit.token(j + 1), n.kind == .identifier, unit.isPunct(j + 2, "=") {
            names.insert(n.text)
            return
        }
        guard unit.isPunct(j, "="), !unit.isPunct(j + 1, "=") else { return }
        if unit.isWord(j + 1, "class") || unit.isWord(j + 1, "function"), let n = unit.token(j + 2), n.kind == .identifier {
            names.insert(n.text)
        } else if unit.isPunct(j + 1, "{") {
            for part in unit.split(unit.inside(j + 1)) {
                if let first = part.first, tokens[first].kind == .identifier { names.insert(tokens[first].text) }
            }
        } else if let n = unit.token(j + 1), n.kind == .identifier, unit.isPunct(j + 2, ";") || unit.token(j + 2)?.newlineBefore == true || j + 2 >= tokens.count {
            names.insert(n.text)
        }
    }
}
