@testable import CodeReview
import Testing

struct LexerTests {
    private func lex(_ source: String, jsx: Bool = false) -> [Token] {
        var lexer = Lexer(source: source, jsx: jsx)
        return lexer.run().tokens
    }

    private func kinds(_ source: String, jsx: Bool = false) -> [String] {
        lex(source, jsx: jsx).map { "\($0.kind):\($0.text)" }
    }

    @Test func nestedTemplateLiteralsKeepTheirSubstitutions() {
        let tokens = lex("const s = `a ${`b ${c + \"}\"} d`} e`;")
        #expect(tokens.filter { $0.kind == .templateHead }.count == 2)
        #expect(tokens.filter { $0.kind == .templateTail }.count == 2)
        #expect(tokens.contains { $0.kind == .string && $0.text == "\"}\"" })
        #expect(tokens.last?.isPunct(";") == true)
    }

    @Test(arguments: [
        ("x = a / b / c", 0),
        ("x = /ab+c/g.test(s)", 1),
        ("return /[/]{2}/.source", 1),
        ("f(a) / 2", 0),
        ("if (x) /re/.exec(y)", 0),  // documented limitation: after `)` a slash is division
        ("const r = [/a\\/b/, 1]", 1),
    ])
    func regexIsToldApartFromDivision(source: String, regexCount: Int) {
        #expect(lex(source).filter { $0.kind == .regex }.count == regexCount)
    }

    @Test func commentsProduceNoTokensAndIgnoreDirectivesAreRecorded() {
        var lexer = Lexer(source: "a // do-architect-ignore blocking-loop, unbounded-list\n/* do-architect-ignore */ b", jsx: false)
        let (tokens, directives) = lexer.run()
        #expect(tokens.map(\.text) == ["a", "b"])
        #expect(directives.count == 2)
        #expect(directives[0].ruleIds == ["blocking-loop", "unbounded-list"])
        #expect(directives[0].line == 1)
        #expect(directives[1].ruleIds.isEmpty)
    }

    @Test func jsxTextAndExpressionsAreLexedInTSX() {
        let tokens = lex("const el = <div className=\"a\">Ratio: {a / 2} items / page</div>;", jsx: true)
        #expect(tokens.contains { $0.kind == .jsxText && $0.text.contains("items / page") })
        #expect(!tokens.contains { $0.kind == .regex })
        #expect(tokens.last?.isPunct(";") == true)
    }

    @Test func genericArrowInTSXIsNotJSX() {
        let tokens = lex("const id = <T,>(x: T) => x;", jsx: true)
        #expect(!tokens.contains { $0.kind == .jsxText })
        #expect(tokens.contains { $0.isPunct("=>") })
    }

    @Test func typeScriptGenericsDoNotMergeClosingAngles() {
        let texts = lex("let m: Map<string, Set<number>> = new Map();").map(\.text)
        #expect(texts.contains(">"))
        #expect(!texts.contains(">>"))
    }

    @Test func decoratorsPrivateNamesAndOptionalChainsAreTokens() {
        let texts = lex("@logged class A { #x = 1; m() { return this.#x?.y ?? 0 } }").map(\.text)
        #expect(texts.contains("@"))
        #expect(texts.contains("#x"))
        #expect(texts.contains("?."))
        #expect(texts.contains("??"))
    }

    @Test func unterminatedInputEndsWithoutError() {
        for source in ["`abc ${", "\"abc", "/* abc", "<div>{", "/abc", "a = `x${`y${"] {
            let tokens = lex(source, jsx: true)
            #expect(tokens.count < 20)
        }
    }

    @Test func linesCountBreaksInsideTemplatesAndComments() {
        let tokens = lex("a\n`x\ny`\n/*\n*/ b")
        #expect(tokens.last?.text == "b")
        #expect(tokens.last?.line == 5)
    }
}
