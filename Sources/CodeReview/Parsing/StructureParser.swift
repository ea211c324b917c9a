/// Finds functions, classes, calls and exports in a token stream.
///
/// Each step is a single forward pass with bounded look-around, so the whole parse is linear in the number of
/// tokens. There is no recursion: nesting is handled by the bracket matches computed beforehand and by an
/// explicit stack when assigning each token to its innermost function.
struct StructureParser {
    var unit: SourceUnit
    var paramOpens: Set<Int> = []
    /// Bracket depth of every token.
    private var depth: [Int32] { unit.depth }

    /// Functions and classes nested deeper than this many brackets are lexed but not analysed, which keeps
    /// every walk up the tree (and every overlap of nested bodies) bounded by a constant.
    static let maxStructuralDepth: Int32 = 64

    /// The unit's tokens, held once so that hot loops do not retain the array on every access.
    let tokens: [Token]

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


    mutating func computeDepth() {
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

    func tooDeep(_ i: Int) -> Bool { unit.isTooDeep(i) }

    // MARK: - Functions

    mutating func findFunctions() {
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

    func isAsync(before i: Int) -> Bool { unit.isWord(i - 1, "async") }

    mutating func functionKeyword(at i: Int) -> FunctionNode? {
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

    static let shorthandBlockers: Set<String> = [
        ".", "?.", "?", "=", "!", "+", "-", "*", "/", "%", "<", ">", "&&", "||", "??", "==", "===", "!=", "!==",
        "(", "[", ":", "=>", "|", "&",
    ]

    /// `name(params) [: type] {` outside a `function` keyword: a class method, an object-literal method or a
    /// method pasted on its own.
    mutating func methodShorthand(at i: Int) -> FunctionNode? {
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
    func bodyOpen(afterParams close: Int) -> Int? {
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

    func skipAngles(_ i: Int) -> Int {
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

    mutating func arrow(at i: Int) -> FunctionNode? {
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

    static let continuation: Set<String> = [
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
}
