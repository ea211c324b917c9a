@testable import CodeReview
import Testing

struct StructureParserTests {
    private func unit(_ source: String, path: String = "a.ts") -> SourceUnit {
        SourceUnit(file: SourceFile(path: path, content: source))
    }

    @Test func modernClassHasFieldsConstructorAndMethods() {
        let u = unit("""
        export class Room extends DurableObject<Env> {
          private sessions = new Map<string, WebSocket>();
          readonly limit: number = 10;
          constructor(ctx: DurableObjectState, env: Env) { super(ctx, env); }
          async fetch(request: Request): Promise<Response> { return new Response("ok"); }
          onClose = async (ws: WebSocket) => { this.sessions.delete("x"); };
          get size(): number { return this.sessions.size; }
        }
        """)
        let cls = try! #require(u.classes.first)
        #expect(cls.name == "Room")
        #expect(cls.superclass == "DurableObject<Env>")
        #expect(cls.isExported)
        #expect(cls.fields.map(\.name) == ["sessions", "limit", "onClose"])
        #expect(cls.fields[1].isReadonly)
        #expect(cls.constructorIndex != nil)
        let names = cls.members.map { u.functions[$0].name }
        #expect(names.contains("fetch"))
        #expect(names.contains("onClose"))
        #expect(names.contains("size"))
    }

    @Test func olderClassWithStateConstructorIsParsed() {
        let u = unit("export class Counter {\n  constructor(state, env) { this.state = state }\n  async fetch(request) { return new Response('1') }\n}", path: "c.js")
        let cls = try! #require(u.classes.first)
        #expect(cls.superclass.isEmpty)
        #expect(cls.members.count == 2)
    }

    @Test func callsCarryTheirMemberChain() {
        let u = unit("async function f(env) { const v = await env.ROOM.get(id).fetch(req); this.ctx.storage.get<number>('k'); }")
        let paths = u.calls.map { $0.path.joined(separator: ".") }
        #expect(paths.contains("env.ROOM.get"))
        #expect(paths.contains("env.ROOM.get.().fetch"))
        #expect(paths.contains("this.ctx.storage.get"))
    }

    @Test func nestedFunctionsKnowTheirParents() {
        let u = unit("class A { m() { [1].forEach((x) => { setTimeout(() => x, 1) }) } }")
        let inner = try! #require(u.functions.lastIndex { $0.kind == .arrow })
        let outer = try! #require(u.functions[inner].parent)
        #expect(u.functions[outer].kind == .arrow)
        #expect(u.memberFunction(of: inner).map { u.functions[$0].name } == "m")
    }

    @Test func objectLiteralHandlersAndPastedMethodsAreFunctions() {
        let u = unit("export default { async fetch(req, env) { return new Response('') } }\nasync fetch(request) { while (true) {} }")
        #expect(u.functions.filter { $0.name == "fetch" }.count == 2)
    }

    @Test func exportsAreCollected() {
        let u = unit("class A {}\nclass B {}\nexport { A, B as C };\nexport class D {}\nexport default E;")
        #expect(u.exportedNames == ["A", "C", "D", "E"])
    }

    @Test func commonJSExportsAreCollected() {
        #expect(unit("module.exports = class Counter { async fetch() {} }").exportedNames == ["Counter"])
        #expect(unit("class A {}\nclass B {}\nmodule.exports = { A, B: B };").exportedNames == ["A", "B"])
        #expect(unit("class A {}\nexports.A = A;\nmodule.exports.Room = class {};").exportedNames == ["A", "Room"])
        #expect(unit("const o = { exports: 1 }; o.exports = 2;").exportedNames.isEmpty)
    }

    @Test func tenThousandNestingLevelsParseWithoutRecursion() {
        let deep = String(repeating: "{(", count: 10_000) + String(repeating: ")}", count: 10_000)
        let u = unit("function f() " + deep)
        #expect(u.tokens.count == 40_000 + 4)
        #expect(u.functions.count == 1)
    }
}
