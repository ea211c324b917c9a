/// Splits TypeScript or JavaScript source into tokens in one linear pass.
///
/// The lexer keeps an explicit stack of contexts (braces, template substitutions, JSX tags and children), so
/// nesting depth costs heap memory, never call-stack depth. It never fails: unterminated strings, comments,
/// templates and JSX end at the end of the input.
package struct Lexer {
    private enum Context {
        case brace
        case templateSubstitution
        case jsxTag(closing: Bool)
        case jsxChildren
        case jsxExpression
    }

    private let bytes: [UInt8]
    private let jsx: Bool
    private var index = 0
    private var line = 1
    private var newlineBefore = false
    private var stack: [Context] = []
    private var tokens: [Token] = []
    private var directives: [IgnoreDirective] = []

    package init(source: String, jsx: Bool) {
        self.init(bytes: Array(source.utf8), jsx: jsx)
    }

    package init(bytes: [UInt8], jsx: Bool) {
        self.bytes = bytes
        self.jsx = jsx
    }

    /// Tokens and ignore directives of the whole source.
    package mutating func run() -> (tokens: [Token], directives: [IgnoreDirective]) {
        tokens.reserveCapacity(bytes.count / 4)
        if bytes.starts(with: [0x23, 0x21]) { skipLine() }  // #! shebang
        while index < bytes.count {
            switch stack.last {
            case .jsxChildren: lexJSXChildren()
            case .jsxTag(let closing): lexJSXTag(closing: closing)
            default: lexCode()
            }
        }
        return (tokens, directives)
    }

    // MARK: - Code

    private mutating func lexCode() {
        skipTrivia()
        guard index < bytes.count else { return }
        let c = bytes[index]
        let start = index
        if Self.isIdentStart(c) || c == 0x23 /* # */ {
            index += 1
            while index < bytes.count, Self.isIdentPart(bytes[index]) { index += 1 }
            emit(.identifier, from: start)
        } else if Self.isDigit(c) || (c == 0x2E && index + 1 < bytes.count && Self.isDigit(bytes[index + 1])) {
            lexNumber()
            emit(.number, from: start)
        } else if c == 0x22 || c == 0x27 {
            lexString(quote: c)
            emit(.string, from: start)
        } else if c == 0x60 {
            index += 1
            lexTemplate(start: start, first: true)
        } else if c == 0x2F /* / */, regexAllowed() {
            lexRegex()
            emit(.regex, from: start)
        } else if c == 0x7B /* { */ {
            index += 1
            stack.append(.brace)
            emit(.punct, from: start)
        } else if c == 0x7D /* } */ {
            index += 1
            switch stack.popLast() {
            case .templateSubstitution:
                lexTemplate(start: start, first: false)
            default:
                emit(.punct, from: start)
            }
        } else if c == 0x3C /* < */, jsx, regexAllowed(), startsJSX() {
            index += 1
            emit(.punct, from: start)
            stack.append(.jsxTag(closing: false))
        } else {
            lexPunct()
            emit(.punct, from: start)
        }
    }

    private mutating func skipTrivia() {
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x0A {
                line += 1
                newlineBefore = true
                index += 1
            } else if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C {
                index += 1
            } else if c == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2F {
                let start = index
                skipLine()
                noteDirective(from: start, to: index, line: line)
            } else if c == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2A {
                let start = index
                let startLine = line
                index += 2
                while index < bytes.count, !(bytes[index] == 0x2A && index + 1 < bytes.count && bytes[index + 1] == 0x2F) {
                    if bytes[index] == 0x0A { line += 1; newlineBefore = true }
                    index += 1
                }
                index = min(index + 2, bytes.count)
                noteDirective(from: start, to: index, line: startLine)
            } else if c == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                index += 2  // no-break space
            } else if c == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                index += 3  // byte order mark
            } else {
                return
            }
        }
    }

    private mutating func skipLine() {
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    }

    private mutating func noteDirective(from start: Int, to end: Int, line: Int) {
        let marker = Array("do-architect-ignore".utf8)
        guard end - start >= marker.count else { return }
        let slice = bytes[start..<end]
        guard let found = slice.firstRange(of: marker) else { return }
        let rest = String(decoding: bytes[found.upperBound..<end], as: UTF8.self)
        let ids = rest.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" || $0 == "*" || $0 == "/" })
            .map(String.init)
            .filter { $0.first?.isLetter == true && $0.allSatisfy { $0.isLetter || $0 == "-" || $0.isNumber } }
        directives.append(IgnoreDirective(line: line, ruleIds: ids))
    }

    private mutating func lexNumber() {
        let hex = bytes[index] == 0x30 && index + 1 < bytes.count && bytes[index + 1] | 0x20 == 0x78
        index += 1
        while index < bytes.count {
            let c = bytes[index]
            if Self.isIdentPart(c) || c == 0x2E {
                index += 1
            } else if c == 0x2B || c == 0x2D, !hex, bytes[index - 1] | 0x20 == 0x65 {
                index += 1  // exponent sign
            } else {
                break
            }
        }
    }

    private mutating func lexString(quote: UInt8) {
        index += 1
        while index < bytes.count {
            let c = bytes[index]
            if c == quote { index += 1; return }
            if c == 0x0A { return }  // unterminated: end at the line break
            if c == 0x5C { index += 1; if index < bytes.count, bytes[index] == 0x0A { line += 1 } }
            index += 1
        }
        index = min(index, bytes.count)
    }

    /// Scans a template piece starting after a backtick or after the `}` closing a substitution.
    private mutating func lexTemplate(start: Int, first: Bool) {
        let startLine = line
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x60 {
                index += 1
                emit(first ? .template : .templateTail, from: start, line: startLine)
                return
            }
            if c == 0x24, index + 1 < bytes.count, bytes[index + 1] == 0x7B {
                index += 2
                emit(first ? .templateHead : .templateMiddle, from: start, line: startLine)
                stack.append(.templateSubstitution)
                return
            }
            if c == 0x5C { index += 1 }
            if index < bytes.count, bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        index = min(index, bytes.count)
        emit(first ? .template : .templateTail, from: start, line: startLine)
    }

    private mutating func lexRegex() {
        index += 1
        var inClass = false
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x0A { return }
            if c == 0x5C { index += 2; continue }
            if c == 0x5B { inClass = true } else if c == 0x5D { inClass = false } else if c == 0x2F, !inClass {
                index += 1
                break
            }
            index += 1
        }
        while index < bytes.count, Self.isIdentPart(bytes[index]) { index += 1 }
        index = min(index, bytes.count)
    }

    private static let punctuators: [[UInt8]] = [
        "...", "===", "!==", "**=", "<<=", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        "^=", "**", "<<",
    ].map { Array($0.utf8) }

    /// First bytes of the multi-character punctuators.
    private static let multiStarts: Set<UInt8> = Set(punctuators.map { $0[0] })

    private mutating func lexPunct() {
        let first = bytes[index]
        let candidates = Self.multiStarts.contains(first) && index + 1 < bytes.count ? Self.punctuators : []
        for p in candidates where p[0] == first && bytes[index...].starts(with: p) {
            // `?.` followed by a digit is a conditional and a number (`a?.5:b`).
            if p == [0x3F, 0x2E], index + 2 < bytes.count, Self.isDigit(bytes[index + 2]) { continue }
            index += p.count
            return
        }
        // `>` is always emitted alone so that nested generics (`Map<string, Set<number>>`) stay balanced.
        let c = bytes[index]
        if c < 0x80 {
            index += 1
        } else {
            index += 1
            while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        }
    }

    /// A `/` starts a regular expression unless the previous token ends an operand.
    private func regexAllowed() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .number, .string, .template, .templateTail, .regex, .jsxText:
            return false
        case .identifier:
            return Self.operandKeywords.contains(last.text)
        case .templateHead, .templateMiddle:
            return true
        case .punct:
            return !(last.text == ")" || last.text == "]" || last.text == "}" || last.text == "++" || last.text == "--")
        }
    }

    private static let operandKeywords: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "extends",
    ]

    /// `<` begins JSX when followed by a tag name or `>`, and not by a TypeScript generic parameter list
    /// such as `<T,>` or `<T extends U>`.
    private func startsJSX() -> Bool {
        var j = index + 1
        guard j < bytes.count else { return false }
        if bytes[j] == 0x3E { return true }  // fragment
        guard Self.isIdentStart(bytes[j]) else { return false }
        while j < bytes.count, Self.isIdentPart(bytes[j]) || bytes[j] == 0x2E || bytes[j] == 0x2D { j += 1 }
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
        guard j < bytes.count else { return false }
        if bytes[j] == 0x2C { return false }
        if bytes[j...].starts(with: Array("extends ".utf8)) { return false }
        return true
    }

    // MARK: - JSX

    private mutating func lexJSXTag(closing: Bool) {
        skipTrivia()
        guard index < bytes.count else { return }
        let c = bytes[index]
        let start = index
        if Self.isIdentStart(c) {
            while index < bytes.count, Self.isIdentPart(bytes[index]) || bytes[index] == 0x2D || bytes[index] == 0x2E
                || bytes[index] == 0x3A { index += 1 }
            emit(.identifier, from: start)
        } else if c == 0x22 || c == 0x27 {
            index += 1
            while index < bytes.count, bytes[index] != c {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
            index = min(index + 1, bytes.count)
            emit(.string, from: start)
        } else if c == 0x7B {
            index += 1
            stack.append(.jsxExpression)
            emit(.punct, from: start)  // the expression is lexed as code; its `}` pops the context
        } else if c == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x3E {
            index += 2
            emit(.punct, from: start)
            stack.removeLast()  // self-closing: no children
        } else if c == 0x3E {
            index += 1
            emit(.punct, from: start)
            stack.removeLast()
            if closing {
                if case .jsxChildren? = stack.last { stack.removeLast() }
            } else {
                stack.append(.jsxChildren)
            }
        } else {
            index += 1
            emit(.punct, from: start)
        }
    }

    private mutating func lexJSXChildren() {
        let start = index
        let startLine = line
        while index < bytes.count, bytes[index] != 0x3C, bytes[index] != 0x7B {
            if bytes[index] == 0x0A { line += 1 }
            index += 1
        }
        if bytes[start..<index].contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) {
            emit(.jsxText, from: start, line: startLine)
        }
        guard index < bytes.count else { return }
        let tagStart = index
        if bytes[index] == 0x7B {
            index += 1
            stack.append(.jsxExpression)
            emit(.punct, from: tagStart)
            return
        }
        index += 1
        var j = index
        while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x09 { j += 1 }
        let closing = j < bytes.count && bytes[j] == 0x2F
        emit(.punct, from: tagStart)
        if closing {
            let slash = j
            index = j + 1
            emit(.punct, from: slash)
        }
        stack.append(.jsxTag(closing: closing))
    }

    // MARK: - Emission and character classes

    private mutating func emit(_ kind: Token.Kind, from start: Int, line tokenLine: Int? = nil) {
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        tokens.append(Token(kind: kind, text: text, start: start, end: index, line: tokenLine ?? line,
                            newlineBefore: newlineBefore))
        newlineBefore = false
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c == 0x24 || c >= 0xC0
    }
    private static func isIdentPart(_ c: UInt8) -> Bool {
        isIdentStart(c) || isDigit(c) || (c >= 0x80 && c < 0xC0)
    }
}
