/// Everything the rules share: the parsed files, which classes are Durable Objects, and which member
/// functions run on a request, on an alarm or in the constructor.
struct Analysis {
    /// A class reviewed as a Durable Object.
    struct DOClass {
        var unit: Int
        var index: Int
        var why: String
        /// Member functions by name.
        var members: [String: Int]
        /// Member functions reachable from `fetch`, RPC methods and WebSocket handlers.
        var requestPath: Set<Int>
        /// Member functions reachable from `alarm`.
        var alarmPath: Set<Int>
        /// Member functions reachable from the constructor.
        var constructorPath: Set<Int>
    }

    let units: [SourceUnit]
    let wrangler: WranglerConfig?
    private(set) var doClasses: [DOClass] = []
    /// Classes that are not Durable Objects but keep WebSockets in a field (a room or hub class the object
    /// delegates to), for the rules about sending on sockets.
    private(set) var socketHolders: [DOClass] = []
    /// Position in `doClasses` by unit and class index.
    private var doClassPosition: [Int: [Int: Int]] = [:]
    /// For every class of every file: whether it is a Durable Object and why.
    private(set) var classVerdicts: [(unit: Int, index: Int, isDO: Bool, why: String)] = []

    /// Units that are test files (they import a test framework): their code never serves requests.
    private(set) var testUnits: Set<Int> = []

    /// Modules whose import marks a file as tests (vitest-pool-workers, Vitest, Jest, Node's test runner).
    static let testModules: Set<String> = ["cloudflare:test", "vitest", "@jest/globals", "node:test", "bun:test"]

    init(units: [SourceUnit], wrangler: WranglerConfig?) {
        self.units = units
        self.wrangler = wrangler
        for (u, unit) in units.enumerated() where Self.importsTestFramework(unit) { testUnits.insert(u) }
        let bound = Set(wrangler?.bindings.map(\.className) ?? [])
        var verdicts: [[(isDO: Bool, why: String)]] = units.map { unit in unit.classes.map { Self.classify($0, in: unit, bound: bound) } }
        // A subclass of a Durable Object class of the reviewed code is one too (`class TimerRoom extends BaseRoom`).
        for _ in 0..<4 {
            let names = Set(units.indices.flatMap { u in units[u].classes.indices.filter { verdicts[u][$0].isDO }.map { units[u].classes[$0].name } })
            var changed = false
            for (u, unit) in units.enumerated() {
                for (c, cls) in unit.classes.enumerated() where !verdicts[u][c].isDO {
                    let base = Self.baseName(of: cls)
                    guard !base.isEmpty, base != cls.name, names.contains(base) else { continue }
                    verdicts[u][c] = (true, "extends \(base), a Durable Object class of the reviewed code")
                    changed = true
                }
            }
            if !changed { break }
        }
        for (u, unit) in units.enumerated() {
            for (c, cls) in unit.classes.enumerated() {
                let (isDO, why) = verdicts[u][c]
                classVerdicts.append((u, c, isDO, why))
                if isDO {
                    doClassPosition[u, default: [:]][c] = doClasses.count
                    doClasses.append(Self.facts(unit: u, index: c, why: why, units: units))
                } else if !testUnits.contains(u), Self.holdsSockets(cls, in: unit) {
                    socketHolders.append(Self.facts(unit: u, index: c, why: "holds WebSockets for a Durable Object", units: units))
                }
            }
        }
    }

    /// A class with a field typed or created as a collection of sockets (`new Set<RoomSocket>()`,
    /// `clients: Map<string, WebSocket>`) that sends somewhere in its body.
    private static func holdsSockets(_ cls: ClassNode, in unit: SourceUnit) -> Bool {
        let holds = cls.fields.contains { f in
            [f.type, f.initializer].compactMap { $0 }.contains { r in
                r.contains { j in unit.tokens[j].kind == .identifier && unit.tokens[j].text.hasSuffix("Socket") }
            }
        }
        return holds && unit.calls(in: cls.body).contains { $0.name == "send" }
    }

    /// Whether a file imports a test framework: a `from "<module>"` (or `import "<module>"`) naming one of
    /// ``testModules``.
    static func importsTestFramework(_ unit: SourceUnit) -> Bool {
        let tokens = unit.tokens
        for (i, token) in tokens.enumerated() where token.kind == .string && i > 0 {
            let previous = tokens[i - 1].text
            guard previous == "from" || previous == "import" else { continue }
            let module = String(token.text.dropFirst().dropLast())
            if testModules.contains(module) { return true }
        }
        return false
    }

    static let baseClasses: Set<String> = [
        "DurableObject", "Agent", "AIChatAgent", "McpAgent", "Server", "Actor", "DurableObjectBase",
    ]
    static let handlerNames: Set<String> = ["fetch", "alarm", "webSocketMessage", "webSocketClose", "webSocketError"]

    /// The class a class extends, without type arguments or module prefix (`Agent<Env>` → `Agent`,
    /// `cf.DurableObject` → `DurableObject`); empty when it extends none.
    private static func baseName(of cls: ClassNode) -> String {
        String(cls.superclass.prefix { $0 != "<" }).split(separator: ".").last.map(String.init) ?? ""
    }

    private static func classify(_ cls: ClassNode, in unit: SourceUnit, bound: Set<String>) -> (Bool, String) {
        let base = Self.baseName(of: cls)
        if baseClasses.contains(base) { return (true, "extends \(base)") }
        if cls.implements.contains(where: { $0.hasSuffix("DurableObject") }) { return (true, "implements DurableObject") }
        if bound.contains(cls.name), !cls.name.isEmpty { return (true, "bound as a Durable Object in the wrangler configuration") }
        if !base.isEmpty {
            return (false, "extends \(base), which is not a Durable Object base class")
        }
        if let ctor = cls.constructorIndex {
            let params = unit.text(unit.functions[ctor].params)
            if params.contains("DurableObjectState") { return (true, "constructor takes a DurableObjectState") }
        }
        let memberNames = Set(cls.members.map { unit.functions[$0].name })
        let usesState = unit.containsThis("state", in: cls.body) || unit.containsThis("ctx", in: cls.body)
            || unit.containsThis("storage", in: cls.body)
        if !memberNames.isDisjoint(with: handlerNames), usesState || cls.constructorIndex.map({ ctor in
            let p = unit.split(unit.functions[ctor].params).map { unit.text($0) }
            return p.count >= 2 && ["state", "ctx", "controller"].contains(where: { p[0].hasPrefix($0) })
        }) == true {
            return (true, "older style: constructor(state, env) and handlers such as fetch or alarm")
        }
        if usesState, !memberNames.isDisjoint(with: handlerNames) || unit.containsWord("storage", in: cls.body) {
            return (true, "uses this.state / this.ctx storage")
        }
        if !unit.hasImports, cls.members.contains(where: { unit.functions[$0].isAsync }) {
            return (true, "pasted snippet: a class with async methods and no imports, read as a Durable Object")
        }
        return (false, "no DurableObject base class, no DurableObjectState constructor, no storage use")
    }

    private static func facts(unit u: Int, index c: Int, why: String, units: [SourceUnit]) -> DOClass {
        let unit = units[u]
        let cls = unit.classes[c]
        var members: [String: Int] = [:]
        for f in cls.members { members[unit.functions[f].name] = f }
        // Member-to-member calls: `this.name(...)` anywhere inside a member (nested functions included).
        var edges: [Int: Set<Int>] = [:]
        for f in cls.members {
            for call in unit.calls(in: unit.functions[f].body) where call.path.count == 2 && call.path[0] == "this" {
                if let g = members[call.path[1]] { edges[f, default: []].insert(g) }
            }
        }
        func reach(_ roots: [Int]) -> Set<Int> {
            var seen = Set(roots)
            var work = roots
            while let f = work.popLast() {
                for g in edges[f] ?? [] where !seen.contains(g) {
                    seen.insert(g)
                    work.append(g)
                }
            }
            return seen
        }
        let handlers = cls.members.filter { f in
            let fn = unit.functions[f]
            if fn.kind == .constructor || fn.name == "alarm" || fn.isStatic { return false }
            if ["fetch", "webSocketMessage", "webSocketClose", "webSocketError"].contains(fn.name) { return true }
            return !fn.isPrivate && !fn.name.hasPrefix("_") && fn.kind != .getter && fn.kind != .setter
                && !isInternalName(fn.name)
        }
        return DOClass(unit: u, index: c, why: why, members: members, requestPath: reach(handlers),
                       alarmPath: reach(cls.members.filter { unit.functions[$0].name == "alarm" }),
                       constructorPath: reach(cls.constructorIndex.map { [$0] } ?? []))
    }

    /// Helper names that are plainly not entry points even when public.
    private static func isInternalName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["init", "initialize", "load", "setup", "migrate", "ensureschema", "ensureinit"].contains(lower)
            || lower.hasPrefix("load") || lower.hasPrefix("migrate")
    }

    // MARK: - Queries

    /// The Durable Object class that function `f` of unit `u` belongs to.
    func doClass(unit u: Int, function f: Int) -> DOClass? {
        guard let c = units[u].classIndex(ofFunction: f) else { return nil }
        return doClassPosition[u]?[c].map { doClasses[$0] }
    }

    func doClass(unit u: Int, token i: Int) -> DOClass? {
        guard let f = units[u].function(at: i) else { return nil }
        return doClass(unit: u, function: f)
    }

    func className(_ d: DOClass) -> String {
        let name = units[d.unit].classes[d.index].name
        return name.isEmpty ? "(anonymous class)" : name
    }

    static let offPathNames = ["scheduled", "queue", "tail", "alarm", "constructor"]
    static let offPathFragments = ["admin", "setup", "init", "migrat", "cron", "seed", "bootstrap", "warm"]

    /// True when token `i` runs while serving a request: in a Worker handler or helper, in pasted top-level
    /// code, or in a Durable Object member reachable from `fetch`, RPC methods or WebSocket handlers.
    func isOnRequestPath(unit u: Int, token i: Int) -> Bool {
        if testUnits.contains(u) { return false }
        let unit = units[u]
        var f = unit.function(at: i)
        var steps = 0
        while let g = f, steps < 10_000 {
            let name = unit.functions[g].name
            let lower = name.lowercased()
            if Self.offPathNames.contains(name) || Self.offPathFragments.contains(where: { lower.contains($0) }) {
                return false
            }
            if unit.functions[g].classIndex != nil, let d = doClass(unit: u, function: g) {
                return d.requestPath.contains(g)
            }
            f = unit.functions[g].parent
            steps += 1
        }
        return true
    }
}
