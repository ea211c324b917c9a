/// Finds functions, classes, calls and exports in a token stream.
///
/// Each step is a single forward pass with bounded look-around, so the whole parse is linear in the number of
/// tokens. There is no recursion: nesting is handled by the bracket matches computed beforehand and by an
/// explicit stack when assigning each token to its innermost function.
struct StructureParser {
    var unit: SourceUnit
    private var paramOpens: Set<Int> = []
    /// Bracket depth of every token.
    private var depth: [Int32] { unit.depth }

    /// Functions and classes nested deeper than this many brackets are lexed but not analysed, which keeps
    /// every walk up the tree (and every overlap of nested bodies) bounded by a constant.
    static let maxStructuralDepth: Int32 = 64

    /// The unit's tokens, held once so that hot loops do not retain the array on every access.
    private let tokens: [Token]

    init(unit: SourceUnit) {
        self.unit = unit
        self.tokens = unit.tokens
    }

    static let keywords: Set<String> = [
        "if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "await", "new", "delete",
        "void", "throw", "case", "do", "else", "in", "of", "instanceof", "yield", "import", "export", "const", "let",
        "var", "class", "extends", "super", "this", "try", "finally", "break", "continue", "default", "debugger",
        "satisfies", "as", "keyof",
    ]
    /// Keywords that are still fine as method names (`async delete(key) { … }`).
    static let memberNameKeywords: Set<String> = ["delete", "default", "in", "of", "as", "import", "export", "new", "get", "set"]
    static let modifiers: Set<String> = [
        "public", "private", "protected", "static", "readonly", "async", "override", "declare", "abstract",
        "accessor", "get", "set",
    ]

    mutating func run() {
        computeDepth()
        findFunctions()
        findClasses()
        assignOwners()
        findCalls()
        findExports()
    }


    private mutating func computeDepth() {
        var d: Int32 = 0
        var depth = [Int32](repeating: 0, count: tokens.count)
        for (i, t) in tokens.enumerated() {
            if t.kind == .punct, t.text == ")" || t.text == "]" || t.text == "}", unit.matching[i] >= 0, unit.matching[i] < i {
                d -= 1
            }
            depth[i] = d
            if t.kind == .punct, t.text == "(" || t.text == "[" || t.text == "{", unit.matching[i] > i { d += 1 }
        }
        unit.depth = depth
    }

    private func tooDeep(_ i: Int) -> Bool { unit.isTooDeep(i) }

    // MARK: - Functions

    private mutating func findFunctions() {
        let n = tokens.count
        var found: [FunctionNode] = []
        var i = 0
        while i < n {
            let t = tokens[i]
            if tooDeep(i) {
                i += 1
                continue
            }
            if t.kind == .identifier, t.text == "function", !unit.isPunct(i - 1, ".") {
                if let f = functionKeyword(at: i) { found.append(f) }
            } else if t.kind == .identifier, let f = methodShorthand(at: i) {
                found.append(f)
            } else if t.isPunct("=>"), let f = arrow(at: i) {
                found.append(f)
            }
            i += 1
        }
        unit.functions = found
    }

    private func isAsync(before i: Int) -> Bool { unit.isWord(i - 1, "async") }

    private mutating func functionKeyword(at i: Int) -> FunctionNode? {
        var j = i + 1
        if unit.isPunct(j, "*") { j += 1 }
        var name = ""
        var nameToken = i
        if let t = unit.token(j), t.kind == .identifier, !unit.isPunct(j, "(") {
            name = t.text
            nameToken = j
            j += 1
        }
        if unit.isPunct(j, "<") { j = skipAngles(j) }
        guard unit.isPunct(j, "(") else { return nil }
        let params = unit.inside(j)
        guard let open = bodyOpen(afterParams: unit.close(j)) else { return nil }
        paramOpens.insert(j)
        let head = isAsync(before: i) ? i - 1 : i
        return FunctionNode(name: name, kind: .function, isAsync: isAsync(before: i), isStatic: false,
                            isPrivate: false, nameToken: nameToken, head: head, params: params,
                            body: unit.inside(open), hasBlockBody: true, classIndex: nil, parent: nil)
    }

    private static let shorthandBlockers: Set<String> = [
        ".", "?.", "?", "=", "!", "+", "-", "*", "/", "%", "<", ">", "&&", "||", "??", "==", "===", "!=", "!==",
        "(", "[", ":", "=>", "|", "&",
    ]

    /// `name(params) [: type] {` outside a `function` keyword: a class method, an object-literal method or a
    /// method pasted on its own.
    private mutating func methodShorthand(at i: Int) -> FunctionNode? {
        guard let next = unit.token(i + 1), next.kind == .punct, next.text == "(" || next.text == "<" || next.text == "?" || next.text == "!" else {
            return nil
        }
        let t = tokens[i]
        guard !Self.keywords.contains(t.text) || Self.memberNameKeywords.contains(t.text) else { return nil }
        var j = i + 1
        if unit.isPunct(j, "?") || unit.isPunct(j, "!") { j += 1 }
        if unit.isPunct(j, "<") { j = skipAngles(j) }
        guard unit.isPunct(j, "(") else { return nil }
        if let prev = unit.token(i - 1) {
            if prev.kind == .punct, Self.shorthandBlockers.contains(prev.text) {
                // `[Symbol.iterator]() {` is allowed through its closing bracket, not here.
                return nil
            }
            if prev.kind == .identifier, !t.newlineBefore || Self.keywords.contains(prev.text),
               Self.keywords.contains(prev.text) || !Self.modifiers.contains(prev.text) {
                return nil
            }
        }
        guard let open = bodyOpen(afterParams: unit.close(j)) else { return nil }
        paramOpens.insert(j)
        var isAsync = false
        var isStatic = false
        var isPrivate = t.text.hasPrefix("#")
        var kind: FunctionNode.Kind = t.text == "constructor" ? .constructor : .method
        var head = i
        var k = i - 1
        while let m = unit.token(k), m.kind == .identifier, Self.modifiers.contains(m.text) || m.text == "*" {
            switch m.text {
            case "async": isAsync = true
            case "static": isStatic = true
            case "private", "protected": isPrivate = true
            case "get": kind = .getter
            case "set": kind = .setter
            default: break
            }
            head = k
            k -= 1
        }
        return FunctionNode(name: t.text, kind: kind, isAsync: isAsync, isStatic: isStatic, isPrivate: isPrivate,
                            nameToken: i, head: head, params: unit.inside(j), body: unit.inside(open),
                            hasBlockBody: true, classIndex: nil, parent: nil)
    }

    /// After the `)` of a parameter list: the `{` of the body, skipping a return type annotation.
    private func bodyOpen(afterParams close: Int) -> Int? {
        var j = close + 1
        guard j < tokens.count else { return nil }
        if tokens[j].isPunct("{") { return j }
        guard tokens[j].isPunct(":") else { return nil }
        j += 1
        var steps = 0
        while j < tokens.count, steps < 256 {
            let t = tokens[j]
            if t.isPunct("{") {
                let prev = tokens[j - 1]
                let typeContext = prev.kind == .punct && [":", "|", "&", "<", ",", "=>", "("].contains(prev.text)
                if !typeContext { return j }
                j = unit.skip(j)
            } else if t.isPunct(";") || t.isPunct("=") || t.isPunct("}") || t.isPunct(")") {
                return nil
            } else if t.newlineBefore, t.kind == .identifier,
                      !(tokens[j - 1].kind == .punct && ["|", "&", "<", ",", ":", "=>", "."].contains(tokens[j - 1].text)) {
                return nil
            } else {
                j = unit.skip(j)
            }
            steps += 1
        }
        return nil
    }

    private func skipAngles(_ i: Int) -> Int {
        var depth = 0
        var j = i
        var steps = 0
        while j < tokens.count, steps < 512 {
            let t = tokens[j]
            if t.isPunct("<") { depth += 1 } else if t.isPunct(">") {
                depth -= 1
                if depth == 0 { return j + 1 }
            } else if t.isPunct(";") || t.isPunct("{") && depth == 0 { return j }
            j = t.kind == .punct && (t.text == "(" || t.text == "[" || t.text == "{") ? unit.skip(j) : j + 1
            steps += 1
        }
        return j
    }

    private mutating func arrow(at i: Int) -> FunctionNode? {
        guard i > 0 else { return nil }
        var params: Range<Int>
        var head: Int
        let prev = tokens[i - 1]
        if prev.isPunct(")") {
            let o = unit.matching[i - 1]
            guard o >= 0, o < i else { return nil }
            params = (o + 1)..<(i - 1)
            head = o
            paramOpens.insert(o)
        } else if prev.kind == .identifier {
            params = (i - 1)..<i
            head = i - 1
        } else {
            // `(a: A): Promise<B> =>`: walk back over the return type to the parameter list.
            var j = i - 1
            var steps = 0
            var found: Int?
            while j > 0, steps < 64 {
                let t = tokens[j]
                if t.isPunct(":"), tokens[j - 1].isPunct(")") { found = j - 1; break }
                if t.isPunct(";") || t.isPunct("{") || t.isPunct("=") { break }
                if t.kind == .punct, t.text == ")" || t.text == "]" || t.text == "}", unit.matching[j] >= 0,
                   unit.matching[j] < j {
                    j = unit.matching[j] - 1
                } else {
                    j -= 1
                }
                steps += 1
            }
            guard let close = found, unit.matching[close] >= 0, unit.matching[close] < close else { return nil }
            let o = unit.matching[close]
            params = (o + 1)..<close
            head = o
            paramOpens.insert(o)
        }
        let async = isAsync(before: head)
        if async { head -= 1 }
        var name = ""
        var nameToken = i
        if let t = unit.token(head - 1), t.isPunct("=") || t.isPunct(":"), let n = unit.token(head - 2),
           n.kind == .identifier {
            name = n.text
            nameToken = head - 2
        }
        let body: Range<Int>
        let block: Bool
        if unit.isPunct(i + 1, "{") {
            body = unit.inside(i + 1)
            block = true
        } else {
            body = (i + 1)..<expressionEnd(from: i + 1)
            block = false
        }
        return FunctionNode(name: name, kind: .arrow, isAsync: async, isStatic: false, isPrivate: false,
                            nameToken: nameToken, head: head, params: params, body: body, hasBlockBody: block,
                            classIndex: nil, parent: nil)
    }

    private static let continuation: Set<String> = [
        ".", "?.", "+", "-", "*", "/", "%", "&&", "||", "??", "?", ":", "=", "==", "===", "!=", "!==", "<", ">",
        "<=", "=>", "(", "[", "{", ",", "|", "&",
    ]

    /// End of an expression starting at `i`: the first `,`, `;` or unmatched closer at depth 0, or a line
    /// break where a statement would end.
    func expressionEnd(from i: Int) -> Int {
        var j = i
        while j < tokens.count {
            let t = tokens[j]
            if t.kind == .punct, t.text == "," || t.text == ";" || t.text == ")" || t.text == "]" || t.text == "}" {
                return j
            }
            if j > i, t.newlineBefore {
                let p = tokens[j - 1]
                let continues = (p.kind == .punct && Self.continuation.contains(p.text))
                    || (t.kind == .punct && Self.continuation.contains(t.text) && t.text != "(" && t.text != "[")
                if !continues { return j }
            }
            j = unit.skip(j)
        }
        return tokens.count
    }

    // MARK: - Classes

    private mutating func findClasses() {
        var byNameToken: [Int: Int] = [:]
        for (index, f) in unit.functions.enumerated() { byNameToken[f.nameToken] = index }
        var classes: [ClassNode] = []
        for i in tokens.indices where tokens[i].isWord("class") && !unit.isPunct(i - 1, ".") && !tooDeep(i) {
            var j = i + 1
            var name = ""
            var nameToken = i
            if let t = unit.token(j), t.kind == .identifier, t.text != "extends", t.text != "implements" {
                name = t.text
                nameToken = j
                j += 1
            }
            var superclass = ""
            var implements: [String] = []
            var mode = ""
            var steps = 0
            while j < tokens.count, !tokens[j].isPunct("{"), steps < 512 {
                let t = tokens[j]
                if t.isWord("extends") { mode = "extends" } else if t.isWord("implements") { mode = "implements" } else if mode == "extends" {
                    superclass += t.text
                } else if mode == "implements", t.kind == .identifier {
                    if !unit.isPunct(j - 1, ".") { implements.append(t.text) } else if let last = implements.popLast() {
                        implements.append(last + "." + t.text)
                    }
                }
                if t.isPunct(";") { break }
                j = t.isPunct("(") || t.isPunct("[") ? unit.skip(j) : j + 1
                steps += 1
            }
            guard unit.isPunct(j, "{") else { continue }
            let body = unit.inside(j)
            let exported = unit.isWord(i - 1, "export") || (unit.isWord(i - 1, "default") && unit.isWord(i - 2, "export"))
            if name.isEmpty, unit.isPunct(i - 1, "="), let n = unit.token(i - 2), n.kind == .identifier {
                name = n.text  // const Foo = class { ... }
            }
            var node = ClassNode(name: name, nameToken: nameToken, superclass: superclass, implements: implements,
                                 body: body, isExported: exported, fields: [], members: [], constructorIndex: nil)
            parseMembers(of: &node, classIndex: classes.count, byNameToken: byNameToken)
            classes.append(node)
        }
        unit.classes = classes
    }

    private mutating func parseMembers(of node: inout ClassNode, classIndex: Int, byNameToken: [Int: Int]) {
        var i = node.body.lowerBound
        let end = node.body.upperBound
        while i < end {
            let t = tokens[i]
            if t.isPunct(";") || t.isPunct(",") { i += 1; continue }
            if t.isPunct("@") {  // decorator
                i += 1
                while i < end, tokens[i].kind == .identifier || tokens[i].isPunct(".") { i += 1 }
                if i < end, tokens[i].isPunct("(") { i = unit.skip(i) }
                continue
            }
            if t.isWord("static"), unit.isPunct(i + 1, "{") { i = unit.skip(i + 1); continue }
            var isStatic = false
            var isReadonly = false
            var j = i
            while j < end, tokens[j].kind == .identifier, Self.modifiers.contains(tokens[j].text),
                  let next = unit.token(j + 1), next.kind == .identifier || next.isPunct("[") || next.isPunct("*") {
                if tokens[j].text == "static" { isStatic = true }
                if tokens[j].text == "readonly" { isReadonly = true }
                j += 1
            }
            if j < end, tokens[j].isPunct("*") { j += 1 }
            guard j < end else { break }
            let nameIndex = j
            if let f = byNameToken[nameIndex], unit.functions[f].kind != .arrow {
                unit.functions[f].classIndex = classIndex
                node.members.append(f)
                if unit.functions[f].kind == .constructor { node.constructorIndex = f }
                i = min(unit.functions[f].body.upperBound + 1, end)
                continue
            }
            if tokens[j].isPunct("[") { j = unit.skip(j) } else { j += 1 }  // name (or computed name)
            if j < end, tokens[j].isPunct("?") || tokens[j].isPunct("!") { j += 1 }
            if j < end, tokens[j].isPunct("(") || tokens[j].isPunct("<") {
                // A method signature without a body (overload or abstract): skip to its end.
                i = max(j + 1, fieldEnd(from: j, end: end))
                continue
            }
            var type: Range<Int>?
            var initializer: Range<Int>?
            if j < end, tokens[j].isPunct(":") {
                let typeStart = j + 1
                var k = typeStart
                while k < end, !tokens[k].isPunct("="), !tokens[k].isPunct(";"),
                      !(k > typeStart && tokens[k].newlineBefore && !Self.continuation.contains(tokens[k - 1].text)) {
                    k = unit.skip(k)
                }
                type = typeStart..<min(k, end)
                j = k
            }
            if j < end, tokens[j].isPunct("=") {
                let stop = fieldEnd(from: j + 1, end: end)
                initializer = (j + 1)..<stop
                j = stop
                // An arrow-function field becomes a member function named after the field.
                if let f = byNameToken[nameIndex], unit.functions[f].kind == .arrow {
                    unit.functions[f].classIndex = classIndex
                    unit.functions[f].isStatic = isStatic
                    unit.functions[f].isPrivate = tokens[nameIndex].text.hasPrefix("#")
                        || (i..<nameIndex).contains { tokens[$0].text == "private" || tokens[$0].text == "protected" }
                    node.members.append(f)
                }
            }
            if tokens[nameIndex].kind == .identifier {
                node.fields.append(FieldNode(name: tokens[nameIndex].text, nameToken: nameIndex, isStatic: isStatic,
                                             isReadonly: isReadonly, type: type, initializer: initializer))
            }
            i = max(j, i + 1)
        }
    }

    private func fieldEnd(from start: Int, end: Int) -> Int {
        var k = start
        while k < end {
            let t = tokens[k]
            if t.isPunct(";") { return k }
            if k > start, t.newlineBefore {
                let p = tokens[k - 1]
                let continues = (p.kind == .punct && Self.continuation.contains(p.text))
                    || (t.kind == .punct && Self.continuation.contains(t.text) && t.text != "[" && t.text != "(")
                if !continues { return k }
            }
            k = unit.skip(k)
        }
        return min(k, end)
    }

    // MARK: - Owners, calls, exports

    private mutating func assignOwners() {
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

    private mutating func findCalls() {
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

    private mutating func findExports() {
        var names: Set<String> = []
        for i in tokens.indices {
            let t = tokens[i]
            if t.isWord("import"), i == 0 || tokens[i].newlineBefore || unit.isPunct(i - 1, ";"),
               let n = unit.token(i + 1), n.kind != .punct || n.text == "{" || n.text == "*" {
                unit.hasImports = true
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
}
