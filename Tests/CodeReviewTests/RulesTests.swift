import CodeReview
import Foundation
import Testing

/// What each rule flags and what it must leave alone.
struct RulesTests {
    static let flagged: [RuleExample] = [
        RuleExample(rule: "storage-in-constructor", note: "get in constructor", code: """
        export class A extends DurableObject {
          constructor(ctx: DurableObjectState, env: Env) { super(ctx, env); ctx.storage.get("k").then((v) => { this.v = v; }); }
        }
        """),
        RuleExample(rule: "storage-in-constructor", note: "async helper called from constructor", code: """
        export class A extends DurableObject {
          constructor(ctx, env) { super(ctx, env); this.load(); }
          private async load() { this.items = await this.ctx.storage.list({ prefix: "i:" }); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "counter never loaded", code: """
        export class C extends DurableObject {
          private count = 0;
          async increment() { this.count++; await this.ctx.storage.put("count", this.count); return this.count; }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "served from memory", code: """
        export class C extends DurableObject {
          private votes: Record<string, number> = {};
          async fetch(req: Request) { return Response.json(this.votes); }
          async vote(o: string) { this.votes[o] = (this.votes[o] ?? 0) + 1; }
        }
        """),
        RuleExample(rule: "blocking-loop", note: "while (true) without exit", code: "export class A extends DurableObject { async fetch() { let i = 0; while (true) { i++; } } }"),
        RuleExample(rule: "blocking-loop", note: "for (;;) with break only in an inner loop", code: "export class A extends DurableObject { run() { for (;;) { for (const x of [1]) { break; } } } }"),
        RuleExample(rule: "unique-id-per-request", note: "id dropped", code: "export default { async fetch(r, env) { const s = env.X.get(env.X.newUniqueId()); await s.go(); return new Response(''); } }"),
        RuleExample(rule: "do-as-kv", note: "idFromName(key)", code: "export default { async fetch(r, env) { const key = new URL(r.url).pathname; return env.STORE.get(env.STORE.idFromName(key)).fetch(r); } }"),
        RuleExample(rule: "do-as-kv", note: "get/put by key behind a bare constructor", code: """
        export class Store extends DurableObject {
          constructor(ctx: DurableObjectState, env: Env) { super(ctx, env); }
          async read(key: string) { return this.ctx.storage.get(key); }
          async write(key: string, value: string) { await this.ctx.storage.put(key, value); }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "sockets never removed", code: """
        export class R extends DurableObject {
          sockets = new Set<WebSocket>();
          async fetch(req: Request) { const [c, s] = Object.values(new WebSocketPair()); this.ctx.acceptWebSocket(s); this.sockets.add(s); return new Response(null, { status: 101, webSocket: c }); }
        }
        """),
        RuleExample(rule: "websocket-no-hibernation", note: "server.accept()", code: """
        export class R extends DurableObject {
          async fetch(req: Request) { const [client, server] = Object.values(new WebSocketPair()); server.accept(); return new Response(null, { status: 101, webSocket: client }); }
        }
        """),
        RuleExample(rule: "rmw-across-await", note: "fetch between get and put", code: """
        export class W extends DurableObject {
          async add() { const n = (await this.ctx.storage.get("n")) ?? 0; await fetch("https://x"); await this.ctx.storage.put("n", n + 1); }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "setInterval", code: "export class T extends DurableObject { start() { setInterval(() => this.tick(), 1000); } async tick() {} }"),
        RuleExample(rule: "timer-scheduling", note: "long setTimeout", code: "export class T extends DurableObject { start() { setTimeout(() => console.log('x'), 5 * 60 * 1000); } }"),
        RuleExample(rule: "sleep-retry-in-handler", note: "sleep in retry loop", code: """
        export class H extends DurableObject {
          async fetch(req: Request) { for (let i = 0; i < 3; i++) { try { return await fetch("https://x"); } catch { await new Promise((r) => setTimeout(r, 1000)); } } return new Response("fail"); }
        }
        """),
        RuleExample(rule: "global-singleton", note: "fixed name in fetch", code: "export default { async fetch(r, env) { return env.X.getByName('global').fetch(r); } }"),
        RuleExample(rule: "alarm-not-idempotent", note: "reschedules for now", code: "export class A extends DurableObject { async alarm() { if (Math.random() > 0.5) await this.ctx.storage.setAlarm(Date.now()); } }"),
        RuleExample(rule: "alarm-not-idempotent", note: "reschedules forever", code: "export class A extends DurableObject { async alarm() { await this.work(); await this.ctx.storage.setAlarm(Date.now() + 1000); } async work() {} }"),
        RuleExample(rule: "alarm-not-idempotent", note: "POST before any check", code: "export class A extends DurableObject { async alarm() { await fetch('https://x', { method: 'POST' }); } }"),
        RuleExample(rule: "unbounded-list", note: "list()", code: "export class L extends DurableObject { async all() { return this.ctx.storage.list(); } }"),
        RuleExample(rule: "unbounded-list", note: "list with reverse only", code: "export class L extends DurableObject { async all() { return this.ctx.storage.list({ reverse: true }); } }"),
        RuleExample(rule: "fetch-no-response", note: "if without else", code: "export class F extends DurableObject { async fetch(r: Request) { if (r.method === 'GET') { return new Response('x'); } } }"),
        RuleExample(rule: "fetch-no-response", note: "bare return in worker", code: "export default { async fetch(r) { if (!r) return; return new Response(''); } }"),
        RuleExample(rule: "broadcast-send-unguarded", note: "for…of getWebSockets", code: "export class B extends DurableObject { b(m: string) { for (const ws of this.ctx.getWebSockets()) ws.send(m); } }"),
        RuleExample(rule: "missing-migration", note: "no migration", code: "export class Room extends DurableObject {}", wrangler: "[[durable_objects.bindings]]\nname = \"ROOM\"\nclass_name = \"Room\"\n"),
        RuleExample(rule: "missing-migration", note: "bound class not exported", code: "class Room extends DurableObject {}", wrangler: "{ \"durable_objects\": { \"bindings\": [{ \"name\": \"ROOM\", \"class_name\": \"Room\" }] }, \"migrations\": [{ \"tag\": \"v1\", \"new_sqlite_classes\": [\"Room\"] }] }", wranglerPath: "wrangler.json"),
        RuleExample(rule: "kv-backed-new-class", note: "new_classes in TOML", code: "export class Room extends DurableObject {}", wrangler: "[[durable_objects.bindings]]\nname = \"ROOM\"\nclass_name = \"Room\"\n[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\"]\n"),
        RuleExample(rule: "bcw-per-request", note: "bcw in RPC method", code: "export class G extends DurableObject { async go() { await this.ctx.blockConcurrencyWhile(async () => {}); } }"),
        RuleExample(rule: "sql-string-built", note: "interpolated input", code: "export class S extends DurableObject { q(name: string) { return this.ctx.storage.sql.exec(`SELECT * FROM t WHERE n = '${name}'`); } }"),
        RuleExample(rule: "sql-string-built", note: "concatenated variable", code: "export class S extends DurableObject { q(col: string) { const sql = 'SELECT * FROM t ORDER BY ' + col; return this.ctx.storage.sql.exec(sql); } }"),
        RuleExample(rule: "unawaited-rpc", note: "dropped stub promise", code: "export default { async fetch(r, env) { const stub = env.ROOM.getByName('a' + r.url); stub.ping(); return new Response(''); } }"),
    ]

    static let clean: [RuleExample] = [
        RuleExample(rule: "storage-in-constructor", note: "inside blockConcurrencyWhile", code: """
        export class A extends DurableObject {
          constructor(ctx, env) { super(ctx, env); ctx.blockConcurrencyWhile(async () => { this.v = await ctx.storage.get("v"); }); }
        }
        """),
        RuleExample(rule: "storage-in-constructor", note: "synchronous SQL", code: "export class A extends DurableObject { constructor(ctx, env) { super(ctx, env); ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS t (a)'); } }"),
        RuleExample(rule: "unpersisted-state", note: "write-through cache", code: """
        export class C extends DurableObject {
          private cache = new Map<string, string>();
          async get(k: string) { let v = this.cache.get(k); if (v === undefined) { v = await this.ctx.storage.get<string>(k); if (v) this.cache.set(k, v); } return v; }
          async set(k: string, v: string) { this.cache.set(k, v); await this.ctx.storage.put(k, v); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "socket map rebuilt from getWebSockets", code: """
        export class R extends DurableObject {
          private byUser = new Map<string, WebSocket>();
          constructor(ctx, env) { super(ctx, env); for (const ws of ctx.getWebSockets()) this.byUser.set(ws.deserializeAttachment().user, ws); }
          async fetch(req: Request) { const p = new WebSocketPair(); this.ctx.acceptWebSocket(p[1]); this.byUser.set("u", p[1]); return new Response(null, { status: 101, webSocket: p[0] }); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "loaded through a helper", code: """
        export class P extends DurableObject {
          private prefs: Record<string, string> = {};
          constructor(ctx, env) { super(ctx, env); ctx.blockConcurrencyWhile(async () => { this.prefs = await this.readPrefs(); }); }
          private async readPrefs() { return (await this.ctx.storage.get<Record<string, string>>("prefs")) ?? {}; }
          async set(k: string, v: string) { this.prefs[k] = v; await this.ctx.storage.put("prefs", this.prefs); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "utility class outside a Durable Object", code: "import { x } from 'y';\nexport class Lru { private size = 0; add() { this.size++; } }"),
        RuleExample(rule: "blocking-loop", note: "loop awaits each pass", code: "export class A extends DurableObject { async run() { while (true) { await this.step(); } } async step() {} }"),
        RuleExample(rule: "blocking-loop", note: "bounded loop", code: "export class A extends DurableObject { run() { for (let i = 0; i < 10; i++) {} } }"),
        RuleExample(rule: "unique-id-per-request", note: "id returned", code: "export default { async fetch(r, env) { const id = env.X.newUniqueId(); return Response.json({ id: id.toString() }); } }"),
        RuleExample(rule: "do-as-kv", note: "read-modify-write is coordination", code: """
        export class K extends DurableObject {
          async inc(key: string) { const n = (await this.ctx.storage.get<number>(key)) ?? 0; await this.ctx.storage.put(key, n + 1); return n + 1; }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "removed in webSocketClose", code: """
        export class R extends DurableObject {
          sockets = new Set<WebSocket>();
          async fetch(req: Request) { const p = new WebSocketPair(); this.ctx.acceptWebSocket(p[1]); this.sockets.add(p[1]); return new Response(null, { status: 101, webSocket: p[0] }); }
          webSocketClose(ws: WebSocket) { this.sockets.delete(ws); }
        }
        """),
        RuleExample(rule: "websocket-no-hibernation", note: "outbound client socket", code: """
        export class R extends DurableObject {
          async connect() { const resp = await fetch("https://x", { headers: { Upgrade: "websocket" } }); const ws = resp.webSocket; ws.accept(); }
        }
        """),
        RuleExample(rule: "websocket-no-hibernation", note: "plain Worker", code: "export default { async fetch(r) { const [c, s] = Object.values(new WebSocketPair()); s.accept(); return new Response(null, { status: 101, webSocket: c }); } }"),
        RuleExample(rule: "rmw-across-await", note: "only storage awaits between", code: """
        export class W extends DurableObject {
          async add() { const n = (await this.ctx.storage.get("n")) ?? 0; const m = await this.ctx.storage.get("m"); await this.ctx.storage.put("n", n + 1); }
        }
        """),
        RuleExample(rule: "rmw-across-await", note: "inside a transaction", code: """
        export class W extends DurableObject {
          async add() { await this.ctx.storage.transaction(async (txn) => { const n = await txn.get("n"); await fetch("x"); await txn.put("n", n + 1); }); }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "short cooldown", code: "export class T extends DurableObject { hit() { this.cool = true; setTimeout(() => { this.cool = false; }, 500); } }"),
        RuleExample(rule: "timer-scheduling", note: "expiring an in-memory cache entry", code: "export class T extends DurableObject { cache = new Map(); put(k: string, ttlMs: number) { this.cache.set(k, 1); setTimeout(() => this.cache.delete(k), ttlMs); } }"),
        RuleExample(rule: "do-as-kv", note: "condition on the stored value", code: """
        export class K extends DurableObject {
          async read(key: string) { const e = await this.ctx.storage.get<{ v: string; exp: number }>(key); if (!e || e.exp < Date.now()) return null; return e.v; }
          async write(key: string, v: string) { await this.ctx.storage.put(key, { v, exp: Date.now() + 1000 }); }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "sleep helper", code: "export class T extends DurableObject { sleep(ms: number) { return new Promise((resolve) => setTimeout(resolve, ms)); } }"),
        RuleExample(rule: "sleep-retry-in-handler", note: "retry sleep inside alarm", code: """
        export class H extends DurableObject {
          async alarm() { for (let i = 0; i < 3; i++) { try { await fetch("https://x"); return; } catch { await new Promise((r) => setTimeout(r, 100)); } } }
        }
        """),
        RuleExample(rule: "global-singleton", note: "fixed name in scheduled handler", code: "export default { async scheduled(c, env) { await env.X.getByName('config').refresh(); } }"),
        RuleExample(rule: "global-singleton", note: "fixed name in a vitest-pool-workers test file", code: "import { env } from 'cloudflare:test';\nimport { it } from 'vitest';\nit('counts', async () => { await env.X.getByName('test-a').increment(); });"),
        RuleExample(rule: "global-singleton", note: "name from the request", code: "export default { async fetch(r, env) { return env.X.getByName(new URL(r.url).pathname).fetch(r); } }"),
        RuleExample(rule: "alarm-not-idempotent", note: "conditional reschedule", code: "export class A extends DurableObject { async alarm() { const more = await this.ctx.storage.get('more'); if (more) await this.ctx.storage.setAlarm(Date.now() + 1000); } }"),
        RuleExample(rule: "alarm-not-idempotent", note: "early return before reschedule", code: "export class A extends DurableObject { async alarm() { const j = await this.ctx.storage.get('job'); if (!j) return; await this.ctx.storage.setAlarm(Date.now() + 1000); } }"),
        RuleExample(rule: "unbounded-list", note: "prefix and limit", code: "export class L extends DurableObject { async some() { return this.ctx.storage.list({ prefix: 'a:', limit: 10 }); } }"),
        RuleExample(rule: "fetch-no-response", note: "every branch returns", code: """
        export class F extends DurableObject {
          async fetch(r: Request) { switch (r.method) { case "GET": return new Response("g"); default: throw new Error("no"); } }
        }
        """),
        RuleExample(rule: "fetch-no-response", note: "try/catch both return", code: "export class F extends DurableObject { async fetch(r: Request) { try { return new Response('a'); } catch (e) { return new Response('b'); } } }"),
        RuleExample(rule: "broadcast-send-unguarded", note: "try per socket", code: "export class B extends DurableObject { b(m: string) { for (const ws of this.ctx.getWebSockets()) { try { ws.send(m); } catch { ws.close(); } } } }"),
        RuleExample(rule: "missing-migration", note: "exports entry", code: "export class Room extends DurableObject {}", wrangler: "{\n // jsonc\n \"durable_objects\": { \"bindings\": [{ \"name\": \"ROOM\", \"class_name\": \"Room\" },] },\n \"exports\": { \"Room\": { \"type\": \"durable-object\", \"storage\": \"sqlite\" } }\n}", wranglerPath: "wrangler.jsonc"),
        RuleExample(rule: "missing-migration", note: "class in another Worker", code: "export default {}", wrangler: "[[durable_objects.bindings]]\nname = \"ROOM\"\nclass_name = \"Room\"\nscript_name = \"rooms\"\n"),
        RuleExample(rule: "kv-backed-new-class", note: "new_sqlite_classes", code: "export class Room extends DurableObject {}", wrangler: "migrations = [ { tag = \"v1\", new_sqlite_classes = [\"Room\"] } ]\n"),
        RuleExample(rule: "bcw-per-request", note: "constructor initialisation", code: "export class G extends DurableObject { constructor(ctx, env) { super(ctx, env); ctx.blockConcurrencyWhile(async () => {}); } }"),
        RuleExample(rule: "sql-string-built", note: "bindings and placeholder list", code: """
        export class S extends DurableObject {
          q(ids: number[]) { const marks = ids.map(() => "?").join(","); return this.ctx.storage.sql.exec(`SELECT * FROM ${TABLE} WHERE id IN (${marks})`, ...ids); }
        }
        """),
        RuleExample(rule: "unawaited-rpc", note: "awaited, returned, waitUntil", code: """
        export default { async fetch(r, env, ctx) { const stub = env.ROOM.getByName('a' + r.url); await stub.ping(); ctx.waitUntil(stub.log()); return stub.fetch(r); } }
        """),
    ]

    @Test(arguments: flagged)
    func ruleFlagsItsMistake(_ example: RuleExample) {
        let found = example.findings()
        #expect(found.count == 1, "\(example.testDescription): \(found.map(\.message))")
    }

    @Test(arguments: clean)
    func ruleLeavesCorrectCodeAlone(_ example: RuleExample) {
        let found = example.findings()
        #expect(found.isEmpty, "\(example.testDescription): \(found.map { "\($0.line): \($0.message)" })")
    }

    @Test func everyRuleHasFlaggedAndCleanExamples() {
        for rule in RuleCatalog.all.map(\.id) {
            #expect(Self.flagged.contains { $0.rule == rule }, "\(rule) has no flagged example")
            #expect(Self.clean.contains { $0.rule == rule }, "\(rule) has no clean example")
        }
    }

    @Test(arguments: ["same line", "line above"])
    func ignoreDirectiveSilencesTheRule(placement: String) {
        let code = placement == "same line"
            ? "export class L extends DurableObject { async all() { return this.ctx.storage.list(); // do-architect-ignore unbounded-list\n } }"
            : "export class L extends DurableObject { async all() {\n // do-architect-ignore unbounded-list\n return this.ctx.storage.list(); } }"
        #expect(RuleExample(rule: "unbounded-list", note: placement, code: code).findings().isEmpty)
        let other = code.replacingOccurrences(of: "unbounded-list", with: "blocking-loop")
        #expect(RuleExample(rule: "unbounded-list", note: "other id", code: other).findings().count == 1)
    }
}

struct RuleCatalogTests {
    @Test func idsAreUniqueAndDocsStartWithTheAntiPatternDoc() {
        let ids = RuleCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in RuleCatalog.all {
            #expect(rule.docs.first == "anti-\(rule.id)")
            #expect(!rule.summary.isEmpty && !rule.notFlagged.isEmpty)
        }
    }

    @Test func documentationTableListsEveryRuleWithItsSeverity() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/code-review.md")
        let doc = try String(contentsOf: url, encoding: .utf8)
        for rule in RuleCatalog.all {
            #expect(doc.contains("| `\(rule.id)` | \(rule.severity.rawValue) |"), "\(rule.id) missing from docs/code-review.md")
        }
    }
}
