/// A lexed and structurally parsed source file: tokens, bracket matches, functions, classes and calls.
///
/// Built in linear time with explicit stacks; deeply nested input costs memory proportional to its size,
/// never call-stack depth.
package struct SourceUnit: Sendable {
    package let path: String
    package let language: SourceLanguage
    package let tokens: [Token]
    package let directives: [IgnoreDirective]
    /// For each bracket token, the index of its partner; `-1` for other tokens and unmatched closers. An
    /// unmatched opener is matched with the end of input (`tokens.count`).
    package let matching: [Int]
    package internal(set) var functions: [FunctionNode] = []
    package internal(set) var classes: [ClassNode] = []
    package internal(set) var calls: [CallSite] = []
    /// For each token, the innermost function whose body contains it, or `-1`.
    package internal(set) var owner: [Int32] = []
    /// Positions of `for`, `while` and `do` tokens.
    package internal(set) var loopKeywords: [Int] = []
    /// Bracket depth of every token.
    package internal(set) var depth: [Int32] = []
    /// Indices into `functions`, sorted by `head`.
    package internal(set) var functionsByHead: [Int] = []
    /// Index into `calls` by the position of the `(` token.
    package internal(set) var callAtOpen: [Int: Int] = [:]
    package internal(set) var exportedNames: Set<String> = []
    package internal(set) var hasExportStar = false
    package internal(set) var hasImports = false
    private let utf8: [UInt8]
    private let lineStarts: [Int]

    package init(file: SourceFile) {
        let language = file.effectiveLanguage
        let utf8 = Array(file.content.utf8)
        var lexer = Lexer(bytes: utf8, jsx: language.allowsJSX)
        let (tokens, directives) = lexer.run()
        self.path = file.path
        self.language = language
        self.tokens = tokens
        self.directives = directives
        self.utf8 = utf8
        var starts = [0]
        for (i, b) in utf8.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.lineStarts = starts
        self.matching = Self.matchBrackets(tokens)
        var parser = StructureParser(unit: self)
        parser.run()
        let parsed = parser.unit
        functions = parsed.functions
        classes = parsed.classes
        calls = parsed.calls
        owner = parsed.owner
        functionsByHead = parsed.functionsByHead
        depth = parsed.depth
        loopKeywords = tokens.indices.filter { i in
            let t = tokens[i]
            return t.kind == .identifier && (t.text == "for" || t.text == "while" || t.text == "do")
        }
        callAtOpen = parsed.callAtOpen
        exportedNames = parsed.exportedNames
        hasExportStar = parsed.hasExportStar
        hasImports = parsed.hasImports
    }

    private static func matchBrackets(_ tokens: [Token]) -> [Int] {
        var match = [Int](repeating: -1, count: tokens.count)
        var stack: [Int] = []
        for (i, t) in tokens.enumerated() where t.kind == .punct {
            switch t.text {
            case "(", "[", "{":
                stack.append(i)
            case ")", "]", "}":
                let opener: String = t.text == ")" ? "(" : t.text == "]" ? "[" : "{"
                // Pop until the right opener; unmatched openers in between run to the end of input.
                let floor = max(0, stack.count - 8)
                if let k = stack[floor...].lastIndex(where: { tokens[$0].text == opener }) {
                    while stack.count > k + 1 { match[stack.removeLast()] = tokens.count }
                    let o = stack.removeLast()
                    match[o] = i
                    match[i] = o
                }
            default:
                break
            }
        }
        for o in stack { match[o] = tokens.count }
        return match
    }

    // MARK: - Positions and text

    /// 1-based column, counted in Unicode scalars, of a UTF-8 offset.
    package func column(ofOffset offset: Int, line: Int) -> Int {
        let lineStart = lineStarts[max(0, min(line - 1, lineStarts.count - 1))]
        var column = 1
        var i = lineStart
        while i < offset, i < utf8.count {
            if utf8[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// Line of a UTF-8 offset (1-based).
    package func line(ofOffset offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The text of a source line without its line break, or `""`.
    package func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        if end > start, utf8[end - 1] == 0x0D { end -= 1 }
        return String(decoding: utf8[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a token range, joined with single spaces.
    package func text(_ range: Range<Int>) -> String {
        let r = range.clamped(to: 0..<tokens.count)
        guard let first = r.first, let last = r.last else { return "" }
        return String(decoding: utf8[tokens[first].start..<tokens[last].end], as: UTF8.self)
    }

    /// True when token `i` is nested deeper than `StructureParser.maxStructuralDepth` brackets; such code is
    /// lexed but not analysed.
    package func isTooDeep(_ i: Int) -> Bool { i < depth.count && depth[i] > StructureParser.maxStructuralDepth }

    package func token(_ i: Int) -> Token? { i >= 0 && i < tokens.count ? tokens[i] : nil }
    package func isPunct(_ i: Int, _ p: String) -> Bool { token(i)?.isPunct(p) ?? false }
    package func isWord(_ i: Int, _ w: String) -> Bool { token(i)?.isWord(w) ?? false }

    /// The index after a bracketed group starting at `i`, or `i + 1` for any other token.
    package func skip(_ i: Int) -> Int {
        let m = matching[i]
        if m > i, tokens[i].kind == .punct, "([{".contains(tokens[i].text) { return min(m + 1, tokens.count) }
        return i + 1
    }

    /// The closing-bracket index of the group opened at `i`, clamped to the end of input.
    package func close(_ i: Int) -> Int { min(max(matching[i], i), tokens.count) }

    /// Tokens strictly inside the group opened at `i`.
    package func inside(_ i: Int) -> Range<Int> { (i + 1)..<max(i + 1, close(i)) }

    /// The top-level pieces of a comma-separated range (call arguments, array elements).
    package func split(_ range: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = range.lowerBound
        var i = range.lowerBound
        while i < range.upperBound {
            if tokens[i].isPunct(",") {
                parts.append(start..<i)
                start = i + 1
                i += 1
            } else {
                i = skip(i)
            }
        }
        if start < range.upperBound { parts.append(start..<range.upperBound) }
        return parts
    }

    package func arguments(_ call: CallSite) -> [Range<Int>] { split(inside(call.open)) }

    // MARK: - Functions and classes

    /// The innermost function containing token `i`, or nil at top level.
    package func function(at i: Int) -> Int? {
        guard i >= 0, i < owner.count, owner[i] >= 0 else { return nil }
        return Int(owner[i])
    }

    /// True when token `i` lies in function `f`, directly or inside a nested function.
    package func isWithin(_ i: Int, function f: Int) -> Bool { functions[f].body.contains(i) }

    /// True when token `i` lies directly in function `f`, not inside a nested function.
    package func isDirectlyIn(_ i: Int, function f: Int) -> Bool { function(at: i) == f }

    /// The class that a function belongs to, following enclosing functions.
    package func classIndex(ofFunction f: Int) -> Int? {
        var current: Int? = f
        var steps = 0
        while let c = current, steps < 10_000 {
            if let k = functions[c].classIndex { return k }
            current = functions[c].parent
            steps += 1
        }
        return nil
    }

    /// The outermost class member function that contains function `f` (itself when it is a member).
    package func memberFunction(of f: Int) -> Int? {
        var current: Int? = f
        var steps = 0
        while let c = current, steps < 10_000 {
            if functions[c].classIndex != nil { return c }
            current = functions[c].parent
            steps += 1
        }
        return nil
    }

    /// The outermost function containing token `i`.
    package func outermostFunction(at i: Int) -> Int? {
        guard var f = function(at: i) else { return nil }
        var steps = 0
        while let p = functions[f].parent, steps < 10_000 { f = p; steps += 1 }
        return f
    }

    /// Calls whose `(` lies in the token range.
    package func calls(in range: Range<Int>) -> [CallSite] {
        // Calls are sorted by `open`; binary search for the first.
        var lo = 0
        var hi = calls.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if calls[mid].open < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var result: [CallSite] = []
        var i = lo
        while i < calls.count, calls[i].open < range.upperBound {
            result.append(calls[i])
            i += 1
        }
        return result
    }

    /// Functions whose first token lies in the range, in source order.
    package func functions(startingIn range: Range<Int>) -> [Int] {
        var lo = 0
        var hi = functionsByHead.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if functions[functionsByHead[mid]].head < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var result: [Int] = []
        while lo < functionsByHead.count, functions[functionsByHead[lo]].head < range.upperBound {
            result.append(functionsByHead[lo])
            lo += 1
        }
        return result
    }

    /// The call whose argument list directly contains token `i`, if any.
    package func enclosingCall(of i: Int) -> CallSite? {
        var j = i - 1
        var steps = 0
        while j >= 0, steps < 4_096 {
            let t = tokens[j]
            if t.kind == .punct, t.text == ")" || t.text == "]" || t.text == "}" {
                let m = matching[j]
                if m >= 0, m < j { j = m - 1; steps += 1; continue }
            }
            if t.kind == .punct, t.text == "(" {
                if let c = callAtOpen[j] { return calls[c] }
                return nil
            }
            if t.kind == .punct, t.text == "{" || t.text == "[" { return nil }
            j -= 1
            steps += 1
        }
        return nil
    }
}
