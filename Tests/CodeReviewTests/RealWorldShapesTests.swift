import CodeReview
import Testing

/// Shapes met in real Durable Object code (the real-world corpus) that the rules must tell apart.
struct RealWorldShapesTests {
    static let flagged: [RuleExample] = [
        RuleExample(rule: "rmw-across-await", note: "an Agent's state copied before an AI call and written back with setState", code: """
        export class Writer extends Agent<Env, { drafts: string[]; title: string }> {
          async refine(feedback: string) {
            const s = this.state;
            const better = await this.env.AI.run("@cf/model", { prompt: feedback });
            this.setState({ ...s, title: String(better) });
          }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a loop that sends directly and through a helper is one finding", code: """
        export class Duel extends DurableObject {
          sessions = new Map<WebSocket, { player: string }>();
          async webSocketClose(ws: WebSocket) {
            for (const [other, info] of this.sessions) {
              other.send("left");
              this.sendState(other, info.player);
            }
          }
          private sendState(target: WebSocket, player: string) { target.send(player); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a plain room class that holds the sockets for the object", code: """
        import { DurableObject } from "cloudflare:workers";
        export class Board {
          private readonly peers = new Set<PeerSocket>();
          join(p: PeerSocket) { this.peers.add(p); }
          announce(text: string) { for (const peer of this.peers) { this.deliver(peer, text); } }
          private deliver(target: PeerSocket, text: string) { target.send(text); }
        }
        export class BoardObject extends DurableObject { board = new Board(); }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "each member's socket looked up by id inside the loop", code: """
        export class Team extends DurableObject {
          connections = new Map<string, { webSocket: WebSocket }>();
          async post(memberIds: string[], text: string) {
            for (const id of memberIds) {
              const conn = this.connections.get(id);
              if (conn) conn.webSocket.send(text);
            }
          }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "a short timer whose callback saves a phase change", code: """
        export class Match extends DurableObject {
          phase = "lobby";
          async begin() { setTimeout(() => { this.phase = "playing"; this.save(); }, 3000); }
          private async save() { await this.ctx.storage.put("phase", this.phase); }
        }
        """),
        RuleExample(rule: "storage-in-constructor", note: "a plain helper, called by the constructor, that starts setAlarm", code: """
        export class Heartbeat {
          constructor(state: DurableObjectState) { this.storage = state.storage; this.arm(this.storage); }
          arm(storage: DurableObjectStorage) { storage.setAlarm(Date.now() + 30_000); }
          async fetch(req: Request) { return new Response("ok"); }
          async alarm() { this.arm(this.storage); }
        }
        """),
        RuleExample(rule: "alarm-not-idempotent", note: "the next alarm set in finally, under a getAlarm() test that is always true in the handler", code: """
        export class Poller extends DurableObject {
          async alarm() {
            try { console.log("tick"); } finally {
              const pending = await this.ctx.storage.getAlarm();
              if (pending === null) { await this.ctx.storage.setAlarm(Date.now() + 60_000); }
            }
          }
        }
        """),
        RuleExample(rule: "alarm-not-idempotent", note: "the alarm re-armed through a method of the class", code: """
        export class Bucket extends DurableObject {
          tokens = 0;
          async alarm() { this.tokens += 1; await this.armRefill(); }
          private async armRefill() {
            const at = await this.ctx.storage.getAlarm();
            if (at == null || at <= Date.now()) this.ctx.storage.setAlarm(Date.now() + 1000);
          }
        }
        """),
        RuleExample(rule: "alarm-not-idempotent", note: "the alarm re-armed inside blockConcurrencyWhile", code: """
        export class Sweeper extends DurableObject {
          async alarm() {
            await this.ctx.blockConcurrencyWhile(async () => {
              const old = await this.ctx.storage.list({ prefix: "tmp:", limit: 100 });
              await this.ctx.storage.delete([...old.keys()]);
              await this.ctx.storage.setAlarm(Date.now() + 3_600_000);
            });
          }
        }
        """),
        RuleExample(rule: "alarm-not-idempotent", note: "the constructor arms the alarm on every wake, the alarm's own included", code: """
        export class Expiring extends DurableObject {
          constructor(ctx: DurableObjectState, env: Env) {
            super(ctx, env);
            ctx.blockConcurrencyWhile(async () => { await ctx.storage.setAlarm(Date.now() + 300_000); });
          }
          async alarm() { await this.ctx.storage.deleteAll(); }
        }
        """),
        RuleExample(rule: "do-as-kv", note: "a SQL table used as a map: one row read, written or deleted by key", code: """
        export class Cache extends DurableObject {
          constructor(ctx: DurableObjectState, env: Env) {
            super(ctx, env);
            ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS entries (k TEXT PRIMARY KEY, v TEXT NOT NULL)");
          }
          async read(k: string) {
            const rows = this.ctx.storage.sql.exec("SELECT v FROM entries WHERE k = ?", k).toArray();
            if (rows.length === 0) return null;
            return JSON.parse(rows[0].v as string);
          }
          async write(k: string, v: unknown) {
            this.ctx.storage.sql.exec("INSERT INTO entries (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v", k, JSON.stringify(v));
          }
          async remove(k: string) { this.ctx.storage.sql.exec("DELETE FROM entries WHERE k = ?", k); }
        }
        """),
        RuleExample(rule: "global-singleton", note: "a fixed name held in a field of the class", code: """
        export class Gallery extends DurableObject {
          private readonly RENDERER = "renderer";
          async render(prompt: string) { return this.env.RENDER.get(this.env.RENDER.idFromName(this.RENDERER)).draw(prompt); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "destructured Map entries", code: """
        export class R { constructor(state) { this.state = state; this.sessions = new Map(); }
          async fetch(req) { const [c, s] = Object.values(new WebSocketPair()); s.accept(); this.sessions.set(s, {}); s.addEventListener("close", () => this.sessions.delete(s)); s.addEventListener("message", (m) => { for (let [socket, info] of this.sessions) { socket.send(m.data); } }); return new Response(null, { status: 101, webSocket: c }); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "send through a helper method", code: """
        export class G extends DurableObject {
          broadcast(msg) { this.ctx.getWebSockets().forEach((ws) => { this.send(msg, ws); }); }
          send(msg, ws: WebSocket) { ws.send(JSON.stringify(msg)); }
          async webSocketMessage(ws, m) { this.broadcast(m); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "an arrayForEach helper", code: """
        export class W extends DurableObject {
          async webSocketMessage(ws, m) { arrayForEach(this.ctx.getWebSockets(), (client) => { if (client != ws) client.send(m); }); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a send on the socket each session holds", code: """
        export class Hub extends DurableObject {
          sessions: { webSocket: WebSocket; id: string }[] = [];
          async webSocketMessage(ws: WebSocket, m: string) { for (const s of this.sessions) { s.webSocket.send(m); } }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a Map keyed by sockets, sent to in forEach((value, ws) => …)", code: """
        export class Lobby extends DurableObject {
          pollers = new Map<WebSocket, boolean>();
          async webSocketMessage(ws: WebSocket, m: string) { this.pollers.forEach((nsfw, socket) => { socket.send(m); }); }
        }
        """),
        RuleExample(rule: "global-singleton", note: "a SCREAMING_CASE constant imported from a shared module", code: """
        import { INSTANCE_NAME } from "./constants";
        export default { async fetch(req, env) { return env.LOBBY.getByName(INSTANCE_NAME).fetch(req); } };
        """),
        RuleExample(rule: "rmw-across-await", note: "a copy read and written back through the class's own helpers across a fetch", code: """
        export class Scheduler extends DurableObject {
          async alarm() {
            const state = await this.getState();
            const response = await fetch(state.webhookUrl, { method: "POST" });
            state.lastStatus = response.status;
            await this.setState(state);
          }
          private async getState() { return (await this.ctx.storage.get("state")) ?? {}; }
          private async setState(state) { await this.ctx.storage.put("state", state); }
        }
        """),
        RuleExample(rule: "bcw-per-request", note: "guard on a local, not on what the callback sets", code: """
        export class P extends DurableObject {
          async unsubscribe(id: string) { const n = await this.count(); if (n === 0) { this.ctx.blockConcurrencyWhile(async () => { await this.ctx.storage.deleteAll(); }); } }
        }
        """),
        RuleExample(rule: "global-singleton", note: "a constant name kept in a local const", code: """
        export default { async fetch(req, env) { const name = "global"; const stub = env.COUNTER.get(env.COUNTER.idFromName(name)); return stub.fetch(req); } };
        """),
        RuleExample(rule: "sql-string-built", note: "a column list whose names are cleaned but whose types are raw", code: """
        export class T extends DurableObject {
          async createTable(body: { tableName: string; columns: { name: string; type: string }[] }) {
            const safeName = body.tableName.replace(/[^a-zA-Z0-9_]/g, '');
            const cols = body.columns.map((c) => `"${c.name.replace(/\\W/g, '')}" ${c.type}`).join(',');
            this.ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS "${safeName}" (${cols})`);
          }
        }
        """),
        RuleExample(rule: "sql-string-built", note: "a whitelist that does not cover the whole value", code: """
        export class T extends DurableObject {
          drop(name: string, suffix: string) { this.ctx.storage.sql.exec(`DROP TABLE "${name.replace(/[^a-z]/g, '') + suffix}"`); }
        }
        """),
    ]

    static let clean: [RuleExample] = [
        RuleExample(rule: "rmw-across-await", note: "a cached token replaced by a fresh one, not derived from the read", code: """
        export class Tokens extends DurableObject {
          async token() {
            const cached = await this.ctx.storage.get<{ value: string; until: number }>("token");
            if (cached && cached.until > Date.now()) return cached.value;
            const res = await fetch("https://auth.example.com/token", { method: "POST" });
            const fresh = (await res.json()) as { value: string };
            await this.ctx.storage.put("token", { value: fresh.value, until: Date.now() + 60_000 });
            return fresh.value;
          }
        }
        """),
        RuleExample(rule: "rmw-across-await", note: "an Agent's state read with await this.state and written with no outside await between", code: """
        export class Prefs extends Agent<Env, { tz?: string }> {
          async setZone(tz: string) {
            const current = await this.state;
            if (!current.tz) { await this.setState({ ...current, tz }); }
          }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "sockets per room, removed through the room's own map", code: """
        export class Rooms extends DurableObject {
          byRoom = new Map<string, Map<WebSocket, string>>();
          join(room: string, ws: WebSocket, id: string) { if (!this.byRoom.has(room)) this.byRoom.set(room, new Map()); this.byRoom.get(room)?.set(ws, id); ws.addEventListener("close", () => this.leave(room, ws)); }
          private leave(room: string, ws: WebSocket) { const conns = this.byRoom.get(room); conns?.delete(ws); }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "the open sockets filtered and stored back at each broadcast", code: """
        export class Stream extends DurableObject {
          listeners = new Map<string, WebSocket[]>();
          watch(id: string, ws: WebSocket) { const list = this.listeners.get(id) ?? []; list.push(ws); this.listeners.set(id, list); }
          emit(id: string, chunk: string) {
            const sockets = this.listeners.get(id) ?? [];
            const open = sockets.filter((s) => { try { s.send(chunk); return true; } catch { return false; } });
            this.listeners.set(id, open);
          }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "a batch timer that flushes buffered text to storage", code: """
        export class Buffered extends DurableObject {
          async stream(parts: AsyncIterable<string>) {
            let buffer = "";
            let batchTimer: number | undefined;
            const arm = () => { if (batchTimer) clearTimeout(batchTimer); batchTimer = setTimeout(async () => { if (buffer) await this.saveText(buffer); }, 2000); };
            for await (const p of parts) { buffer += p; arm(); }
          }
          private async saveText(text: string) { await this.ctx.storage.put("text", text); }
        }
        """),
        RuleExample(rule: "global-singleton", note: "a fixed-name stub built but never called", code: """
        export class Chat extends DurableObject {
          async reply(text: string) {
            const ns = this.env.AUCTION;
            const id = ns.idFromName("main");
            const auction = ns.get(id);
            return text.toUpperCase();
          }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "a WeakMap keyed by the socket", code: """
        export class Pad extends DurableObject {
          private readonly views = new WeakMap<WebSocket, { user: string }>();
          async fetch(req: Request) { const [c, s] = Object.values(new WebSocketPair()); this.ctx.acceptWebSocket(s); this.views.set(s, { user: "a" }); return new Response(null, { status: 101, webSocket: c }); }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "a list of plain records whose names merely contain \"ws\"", code: """
        export class Table extends DurableObject {
          seats: { id: string; empty: boolean }[] = [];
          async addSeat() { const newSeatId = `seat-${this.seats.length}`; this.seats.push({ id: newSeatId, empty: true }); }
          async webSocketMessage(ws: WebSocket, m: string) { ws.send(m); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a send to the one socket the loop looks for, then break", code: """
        export class Whisper extends DurableObject {
          sessions = new Map<WebSocket, { name: string }>();
          async webSocketMessage(from: WebSocket, m: string) {
            for (const [ws, s] of this.sessions) { if (s.name === m) { ws.send("psst"); break; } }
          }
        }
        """),
        RuleExample(rule: "unawaited-rpc", note: "a list read from Workers KV, then sorted and pushed to", code: """
        export default { async fetch(req, env) {
          const board = await env.SCORES_KV.get("board", "json") || [];
          board.push({ at: Date.now() });
          board.sort((a, b) => a.at - b.at);
          await env.SCORES_KV.put("board", JSON.stringify(board));
          return new Response("ok");
        } };
        """),
        RuleExample(rule: "sql-string-built", note: "table names from a fixed list written in the method", code: """
        export class Admin extends DurableObject {
          async wipe() {
            const tables = ["events", "members"];
            for (const t of tables) { this.ctx.storage.sql.exec(`DELETE FROM ${t}`); }
          }
        }
        """),
        RuleExample(rule: "timer-scheduling", note: "a reset of in-memory scores after a pause, looping over a field", code: """
        export class Game extends DurableObject {
          players = new Map<string, { score: number }>();
          round = 0;
          async finish() { setTimeout(() => { this.players.forEach((p) => { p.score = 0; }); this.round = 0; }, 10000); }
        }
        """),
        RuleExample(rule: "alarm-not-idempotent", note: "the constructor arms the alarm only when none is set", code: """
        export class Janitor extends DurableObject {
          constructor(ctx: DurableObjectState, env: Env) {
            super(ctx, env);
            ctx.blockConcurrencyWhile(async () => { if ((await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + 60_000); });
          }
          async alarm() { const n = await this.ctx.storage.get<number>("left"); if (n) await this.ctx.storage.setAlarm(Date.now() + 60_000); }
        }
        """),
        RuleExample(rule: "bcw-per-request", note: "a cleanup alarm, off the request path", code: """
        export class Limiter extends DurableObject {
          async alarm() { await this.ctx.blockConcurrencyWhile(async () => { await this.ctx.storage.deleteAll(); }); }
          async check(key: string) { return (await this.ctx.storage.get(key)) ?? 0; }
        }
        """),
        RuleExample(rule: "global-singleton", note: "a name from the request kept in a local const", code: """
        export default { async fetch(req, env) { const name = new URL(req.url).pathname; return env.ROOM.get(env.ROOM.idFromName(name)).fetch(req); } };
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "a close listener that cleans up through a helper", code: """
        export class Hub { constructor(state) { this.state = state; this.clients = new Set(); }
          async fetch(req) { const [c, s] = Object.values(new WebSocketPair()); s.accept(); this.clients.add(s);
            s.addEventListener("close", () => this.drop(s)); return new Response(null, { status: 101, webSocket: c }); }
          drop(ws) { this.forget(ws); }
          forget(ws) { this.clients.delete(ws); }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "per-socket send callbacks handed out, not a broadcast", code: """
        export class Out extends DurableObject {
          senders() { return this.ctx.getWebSockets().map((ws) => ({ send: (m: string) => ws.send(m) })); }
          async fetch(req) { return new Response(String(this.senders().length)); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "a field set afresh on every call before it is read", code: """
        export class Room extends DurableObject {
          roomId: string | null = null;
          async fetch(req) { this.roomId = new URL(req.url).pathname; return new Response(this.roomId); }
          async post(id: string) { this.roomId = id; return this.roomId; }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "a cache filled by a helper handed the storage", code: """
        export class Repo extends DurableObject {
          files: string[] = [];
          async list() { if (this.files.length === 0) { this.files = readFiles(this.ctx.storage.sql); } return this.files; }
          async add(f: string) { this.ctx.storage.sql.exec("INSERT INTO files VALUES (?)", f); this.files.push(f); }
        }
        function readFiles(sql) { return sql.exec("SELECT name FROM files").toArray().map((r) => r.name); }
        """),
        RuleExample(rule: "bcw-per-request", note: "lazy start guarded by the flag the callback sets", code: """
        export class S extends DurableObject {
          #status = "zero";
          async webSocketMessage(ws, m) { if (this.#status !== "started") { await this.#initialize(); } }
          async #initialize() { await this.ctx.blockConcurrencyWhile(async () => { this.#status = "starting"; await this.onStart(); this.#status = "started"; }); }
          async onStart() {}
        }
        """),
        RuleExample(rule: "sql-string-built", note: "tagged template turned into ? placeholders", code: """
        export class S extends DurableObject {
          sql(strings: TemplateStringsArray, ...values: string[]) { const query = strings.reduce((acc, str, i) => acc + str + (i < values.length ? "?" : ""), ""); return [...this.ctx.storage.sql.exec(query, ...values)]; }
        }
        """),
        RuleExample(rule: "sql-string-built", note: "identifiers cleaned to a whitelist or quoted, values bound", code: """
        export class S extends DurableObject {
          async insert(table: string, rows: Record<string, unknown>[]) {
            const safeTable = table.toLowerCase().replace(/[^a-z0-9_]/g, '');
            const keys = Object.keys(rows[0]);
            const cols = keys.map((k) => `"${k.replace(/"/g, '""')}"`).join(',');
            const placeholders = keys.map(() => '?').join(',');
            const stmt = `INSERT INTO "${safeTable}" (${cols}) VALUES (${placeholders})`;
            for (const row of rows) this.ctx.storage.sql.exec(stmt, ...keys.map((k) => row[k]));
            this.ctx.storage.sql.exec(`DROP TABLE IF EXISTS "${table.replace(/\\W/g, '')}"`);
          }
        }
        """),
        RuleExample(rule: "sql-string-built", note: "table names read from sqlite_master", code: """
        export class S extends DurableObject {
          schema() {
            const tables = this.ctx.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray();
            for (const t of tables) { const name = t.name; this.ctx.storage.sql.exec(`PRAGMA table_info("${name}")`); }
          }
        }
        """),
        RuleExample(rule: "sql-string-built", note: "a query handed in by the caller (an ORM's driver callback)", code: """
        export class S extends DurableObject {
          db = drizzle(async (sql, params) => ({ rows: this.ctx.storage.sql.exec(sql, ...params).toArray() }));
          report(from: string) { const sql = `SELECT * FROM t WHERE day > '${from}'`; return sql; }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "a memo filled on demand and a cache refreshed when stale", code: """
        export class Repo extends DurableObject {
          private _files: string[] | null = null;
          private topics: string[] = [];
          private topicsLoadedAt = 0;
          async listFiles() { if (this._files) { return this._files; } this._files = await walk(this.fs); return this._files; }
          async match(text: string) { await this.refresh(); return this.topics.filter((t) => text.includes(t)); }
          private async refresh() { if (Date.now() - this.topicsLoadedAt < 60_000) return; this.topics = await listTopics(this.env.DB); this.topicsLoadedAt = Date.now(); }
        }
        """),
        RuleExample(rule: "websocket-no-cleanup", note: "a list rebuilt from getWebSockets() at each broadcast", code: """
        export class Room extends DurableObject {
          sessions: WebSocket[] = [];
          async fetch(req: Request) { const [c, s] = Object.values(new WebSocketPair()); this.sessions.push(s); this.ctx.acceptWebSocket(s); return new Response(null, { status: 101, webSocket: c }); }
          broadcast(text: string) { this.sessions = this.ctx.getWebSockets().filter((ws) => { try { ws.send(text); return true; } catch { return false; } }); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "a socket map rebuilt through a member handed getWebSockets()", code: """
        export class Doc extends DurableObject {
          sessions = new Map<WebSocket, () => void>();
          constructor(ctx, env) { super(ctx, env); ctx.blockConcurrencyWhile(async () => { for (const ws of this.ctx.getWebSockets()) { this.register(ws); } }); }
          async fetch(req: Request) { const [c, s] = Object.values(new WebSocketPair()); this.ctx.acceptWebSocket(s); this.register(s); return new Response(null, { status: 101, webSocket: c }); }
          register(ws: WebSocket) { this.sessions.set(ws, () => ws.close()); }
          async webSocketClose(ws: WebSocket) { this.sessions.get(ws)?.(); this.sessions.delete(ws); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "a sequence loaded and saved through the project's storage wrapper", code: """
        export class Fanout extends DurableObject {
          private nextSeq = 0;
          private consecutiveFailures = 0;
          constructor(ctx, env) { super(ctx, env); this.storage = new FanoutStorage(ctx.storage); ctx.blockConcurrencyWhile(async () => { this.nextSeq = await this.storage.loadSeq(); }); }
          async publish(msg: string) { const seq = this.nextSeq++; await this.storage.saveSeq(this.nextSeq); try { await send(msg, seq); this.consecutiveFailures = 0; } catch { this.consecutiveFailures++; } }
        }
        """),
        RuleExample(rule: "broadcast-send-unguarded", note: "a loop that registers each socket with a helper whose send is a later callback", code: """
        export class Doc extends DurableObject {
          async onStart() { for (const ws of this.ctx.getWebSockets()) { this.register(ws); } }
          register(ws: WebSocket) { this.doc.on("update", (u) => { ws.send(u); }); }
        }
        """),
        RuleExample(rule: "rmw-across-await", note: "the request body read between, and an outside call on a branch that returns", code: """
        export class Reservations extends DurableObject {
          async fetch(request: Request) {
            const held = await this.ctx.storage.get("slot");
            if (held) { const live = await fetch("https://api.example.com/check"); return new Response(String(live.ok)); }
            const body = await request.json();
            await this.ctx.storage.put("slot", body.owner);
            return new Response("ok");
          }
        }
        """),
        RuleExample(rule: "rmw-across-await", note: "helpers with a fresh read after the outside call", code: """
        export class Scheduler extends DurableObject {
          async alarm() {
            let state = await this.getState();
            await fetch(state.webhookUrl, { method: "POST" });
            state = await this.getState();
            state.sent = true;
            await this.setState(state);
          }
          private async getState() { return (await this.ctx.storage.get("state")) ?? {}; }
          private async setState(state) { await this.ctx.storage.put("state", state); }
        }
        """),
        RuleExample(rule: "websocket-no-hibernation", note: "an error socket closed right after one frame", code: """
        export class S extends DurableObject {
          async fetch(req) { try { return await this.handle(req); } catch (err) { const pair = new WebSocketPair(); pair[1].accept(); pair[1].send(JSON.stringify({ error: String(err) })); pair[1].close(1011, "setup failed"); return new Response(null, { status: 101, webSocket: pair[0] }); } }
          async handle(req) { return new Response("ok"); }
        }
        """),
        RuleExample(rule: "unpersisted-state", note: "per-connection positions removed on close", code: """
        export class Plaza { users = new Map(); positions = new Map();
          constructor(state) { this.state = state; }
          async fetch(req) { const [c, s] = Object.values(new WebSocketPair()); s.accept(); const id = crypto.randomUUID(); this.users.set(id, s); this.positions.set(id, { x: 0, y: 0 });
            s.addEventListener("message", (e) => { this.positions.set(id, JSON.parse(e.data)); });
            s.addEventListener("close", () => { this.users.delete(id); this.positions.delete(id); });
            return new Response(null, { status: 101, webSocket: c }); }
        }
        """),
        RuleExample(rule: "unbounded-list", note: "an object whose keys are a fixed set of fields", code: """
        export class Character extends DurableObject {
          async init(name: string) { await this.ctx.storage.put({ name, hp: 10, level: 1 }); }
          async heal(n: number) { const hp = (await this.ctx.storage.get("hp")) as number; await this.ctx.storage.put("hp", hp + n); }
          async state() { return Object.fromEntries(await this.ctx.storage.list()); }
        }
        """),
    ]

    @Test(arguments: flagged)
    func ruleFlagsTheShape(_ example: RuleExample) {
        let found = example.findings()
        #expect(found.count == 1, "\(example.testDescription): \(found.map(\.message))")
    }

    @Test(arguments: clean)
    func ruleLeavesTheShapeAlone(_ example: RuleExample) {
        let found = example.findings()
        #expect(found.isEmpty, "\(example.testDescription): \(found.map { "\($0.line): \($0.message)" })")
    }

    @Test func aFixedNameBehindAnAdminRouteIsLowConfidence() throws {
        let code = """
        app.post("/admin/reset", async (c) => c.env.BOARD.getByName("main").fetch(c.req.raw));
        app.get("/board", async (c) => c.env.BOARD.getByName("main").fetch(c.req.raw));
        """
        let found = Reviewer().review(.code(code, minConfidence: .low)).findings.filter { $0.ruleId == "global-singleton" }
        #expect(found.count == 2 && found[0].confidence == .low && found[1].confidence != .low)
        #expect(Reviewer().review(.code(code)).findings.filter { $0.ruleId == "global-singleton" }.map(\.line) == [2])
    }

    @Test func anObjectPerKeyIsLowConfidenceUnlessItsStubIsUsedAsAMap() throws {
        let limiter = "export async function allow(ns, key) { const stub = ns.get(ns.idFromName(key)); return (await stub.fetch(\"https://limiter/check\")).ok; }"
        let map = "export async function read(ns, key) { const stub = ns.get(ns.idFromName(key)); return stub.getValue(key); }"
        let low = Reviewer().review(.code(limiter, minConfidence: .low)).findings.filter { $0.ruleId == "do-as-kv" }
        #expect(low.map(\.confidence) == [.low])
        #expect(Reviewer().review(.code(map)).findings.filter { $0.ruleId == "do-as-kv" }.count == 1)
    }

    @Test func aBoundClassTheEntryModuleDoesNotExportIsFlagged() {
        let wrangler = SourceFile(path: "wrangler.toml", content: "name = \"w\"\nmain = \"src/index.ts\"\n[[durable_objects.bindings]]\nname = \"SESSION\"\nclass_name = \"Session\"\n[[migrations]]\ntag = \"v1\"\nnew_sqlite_classes = [\"Session\"]\n")
        let entry = SourceFile(path: "src/index.ts", content: "export default { async fetch(req, env) { return env.SESSION.getByName(\"a\").fetch(req); } };\n")
        let session = SourceFile(path: "src/session.ts", content: "import { DurableObject } from \"cloudflare:workers\";\nexport class Session extends DurableObject {}\n")
        let found = Reviewer().review(ReviewRequest(files: [entry, session], wrangler: wrangler)).findings.filter { $0.ruleId == "missing-migration" }
        #expect(found.map(\.line) == [5])
        let exporting = SourceFile(path: "src/index.ts", content: entry.content + "export { Session } from \"./session\";\n")
        #expect(Reviewer().review(ReviewRequest(files: [exporting, session], wrangler: wrangler)).findings.filter { $0.ruleId == "missing-migration" }.isEmpty)
    }

    @Test func aPacedLoopWithNoSignOfRetryingIsLowConfidence() throws {
        let code = """
        export class Planner extends DurableObject {
          async run(goal: string) {
            let step = 0;
            while (step < 5) { step++; await this.think(goal); await new Promise((r) => setTimeout(r, 100)); }
          }
          private async think(goal: string) { await this.ctx.storage.put("goal", goal); }
        }
        """
        let found = Reviewer().review(.code(code, minConfidence: .low)).findings.filter { $0.ruleId == "sleep-retry-in-handler" }
        #expect(found.map(\.confidence) == [.low])
    }

    @Test func aNewObjectThatAnswersTheClientItselfIsLowConfidence() throws {
        let code = "export const onRequestGet = async (context) => {\n  const id = context.env.GAME.newUniqueId();\n  const stub = context.env.GAME.get(id);\n  return stub.fetch(context.request);\n};\n"
        let found = Reviewer().review(.code(code, minConfidence: .low)).findings.filter { $0.ruleId == "unique-id-per-request" }
        #expect(found.map(\.confidence) == [.low])
    }

    @Test func aSleepingRetryLoopRelatesTheSleep() throws {
        let code = "export class Poll extends DurableObject {\n  async refresh() {\n    for (let attempt = 0; attempt < 10; attempt++) {\n      const r = await fetch(\"https://x.example\");\n      if (r.ok) return r.json();\n      await new Promise((res) => setTimeout(res, 500));\n    }\n  }\n}\n"
        let f = try #require(Reviewer().review(.code(code)).findings.first { $0.ruleId == "sleep-retry-in-handler" })
        #expect(f.line == 3)
        #expect(f.relatedLocations.map(\.line) == [6])
    }

    @Test func unpersistedStatePointsAtTheChangeAndRelatesTheDeclaration() throws {
        let code = "export class C extends DurableObject {\n  count = 0;\n\n  async hit() {\n    this.count++;\n    return this.count;\n  }\n}\n"
        let f = try #require(Reviewer().review(.code(code, minConfidence: .low)).findings.first { $0.ruleId == "unpersisted-state" })
        #expect(f.line == 5)
        #expect(f.relatedLocations.map(\.line) == [2])
    }

    @Test func aLifecycleFlagSetOnlyToLiteralsIsLowConfidence() throws {
        let code = "export class C extends DurableObject {\n  phase = \"idle\";\n  async start() { this.phase = \"running\"; return this.phase; }\n}\n"
        #expect(!Reviewer().review(.code(code)).findings.contains { $0.ruleId == "unpersisted-state" })
        let f = try #require(Reviewer().review(.code(code, minConfidence: .low)).findings.first { $0.ruleId == "unpersisted-state" })
        #expect(f.confidence == .low)
    }

    @Test func aFieldOnlyEverSetToANewObjectIsLowConfidence() throws {
        let code = "export class M extends DurableObject {\n  transport?: Transport;\n  async fetch(req) {\n    if (!this.transport) { this.transport = new Transport(req.url); }\n    return this.transport.response;\n  }\n}\n"
        #expect(!Reviewer().review(.code(code)).findings.contains { $0.ruleId == "unpersisted-state" })
        let f = try #require(Reviewer().review(.code(code, minConfidence: .low)).findings.first { $0.ruleId == "unpersisted-state" })
        #expect(f.confidence == .low)
    }

    @Test func classesCreatedOnOneMigrationLineAreOneFinding() {
        let wrangler = SourceFile(path: "wrangler.toml", content: "[[migrations]]\ntag = \"v1\"\nnew_classes = [\"Room\", \"Lobby\"]\n[[migrations]]\ntag = \"v2\"\nnew_classes = [\"Queue\"]\n")
        let found = Reviewer().review(.code("export class Room extends DurableObject {}", wrangler: wrangler)).findings.filter { $0.ruleId == "kv-backed-new-class" }
        #expect(found.map(\.line) == [3, 6])
        #expect(found.first?.message.contains("`Room`, `Lobby`") == true)
    }

    @Test func websocketNoCleanupPointsAtTheAddAndRelatesTheDeclaration() throws {
        let code = "export class C {\n  constructor(state) {\n    this.state = state;\n    this.sessions = [];\n  }\n  async fetch(req) {\n    const pair = new WebSocketPair();\n    this.state.acceptWebSocket(pair[1]);\n    this.sessions.push(pair[1]);\n    return new Response(null, { status: 101, webSocket: pair[0] });\n  }\n}\n"
        let f = try #require(Reviewer().review(.code(code, minConfidence: .low)).findings.first { $0.ruleId == "websocket-no-cleanup" })
        #expect(f.line == 9)
        #expect(f.relatedLocations.map(\.line) == [4])
    }

    @Test func anIgnoreAtTheDeclarationStillSilencesTheFinding() {
        let code = "export class C extends DurableObject {\n  // do-architect-ignore unpersisted-state\n  count = 0;\n  async hit() {\n    this.count++;\n    return this.count;\n  }\n}\n"
        #expect(!Reviewer().review(.code(code, minConfidence: .low)).findings.contains { $0.ruleId == "unpersisted-state" })
    }

    @Test func socketsOfAHibernatingObjectKeptOnlyInMemoryAreShownByDefault() throws {
        let code = """
        export class Room extends DurableObject {
          private readonly clients = new Map<WebSocket, { name: string }>();
          async fetch(req: Request) {
            const pair = new WebSocketPair();
            this.ctx.acceptWebSocket(pair[1]);
            this.clients.set(pair[1], { name: "guest" });
            return new Response(null, { status: 101, webSocket: pair[0] });
          }
          async webSocketMessage(ws: WebSocket, msg: string) {
            for (const [other] of this.clients) other.send(msg);
          }
          async webSocketClose(ws: WebSocket) { this.clients.delete(ws); }
        }
        """
        let f = try #require(Reviewer().review(.code(code)).findings.first { $0.ruleId == "unpersisted-state" })
        #expect(f.confidence == .medium)
        #expect(f.line == 6)
        #expect(f.message.contains("never rebuilt from `getWebSockets()`"))
        // The same collection keyed by name, with no socket in it: the code does not say it must survive.
        let names = code.replacingOccurrences(of: "Map<WebSocket, { name: string }>", with: "Map<string, number>")
            .replacingOccurrences(of: "this.clients.set(pair[1], { name: \"guest\" })", with: "this.clients.set(\"guest\", 1)")
        #expect(!Reviewer().review(.code(names)).findings.contains { $0.ruleId == "unpersisted-state" })
        #expect(Reviewer().review(.code(names, minConfidence: .low)).findings.contains { $0.ruleId == "unpersisted-state" && $0.confidence == .low })
    }

    @Test func aStaleCopyFromAGetOrCreateReaderIsOneFindingWithEveryWriteRelated() throws {
        let code = """
        export class Gateway extends DurableObject {
          private async loadState() {
            let s = await this.ctx.storage.get<State>("state");
            if (!s) { s = { url: null, tries: 0 }; await this.ctx.storage.put("state", s); }
            return s;
          }
          private async saveState(s: State) { await this.ctx.storage.put("state", s); }
          async connect() {
            const state = (await this.loadState()) ?? { url: null, tries: 0 };
            const info = await fetch("https://gateway.example/bot");
            if (!info.ok) { state.tries++; await this.saveState(state); return; }
            state.url = info.url;
            await this.saveState(state);
          }
        }
        """
        let found = Reviewer().review(.code(code)).findings.filter { $0.ruleId == "rmw-across-await" }
        let f = try #require(found.first)
        #expect(found.count == 1)
        #expect(f.line == 11)
        #expect(f.relatedLocations.map(\.line) == [9, 13])
    }

    @Test func aStubCallWithOnlyACatchIsStillUnawaited() throws {
        let code = """
        export default {
          async fetch(req: Request, env: Env) {
            const stub = env.ROOM.get(env.ROOM.idFromName("lobby"));
            stub.fetch("https://do/notify", { method: "POST" }).catch((e) => console.error(e));
            env.ROOM.get(env.ROOM.idFromName("audit")).record(req.url).then(() => {}).catch(() => {});
            ctx.waitUntil(stub.fetch("https://do/later").catch(() => {}));
            await stub.fetch("https://do/now").catch(() => null);
            return new Response("ok");
          }
        };
        """
        let found = Reviewer().review(.code(code)).findings.filter { $0.ruleId == "unawaited-rpc" }
        #expect(found.map(\.line) == [4, 5])
        #expect(found.first?.message.contains("`catch` handles its outcome") == true)
    }

    @Test func aSocketClosedOnlyOnARejectionBranchIsStillAcceptedWithoutHibernation() throws {
        let code = """
        export class Story extends DurableObject {
          async fetch(req: Request) {
            const pair = new WebSocketPair();
            const [client, server] = Object.values(pair);
            server.accept();
            if (this.full) {
              server.send("full");
              server.close(1008, "full");
              return new Response(null, { status: 101, webSocket: client });
            }
            server.addEventListener("message", (e) => server.send(e.data));
            return new Response(null, { status: 101, webSocket: client });
          }
        }
        """
        #expect(Self.lines("websocket-no-hibernation", in: code) == [5])
    }

    @Test func columnsJoinedFromAFixedListAreNotOutsideInput() throws {
        let code = """
        export class Flags extends DurableObject {
          upsert(flag: any) {
            const columns = [
              "handle", "version",
            ];
            const placeholders = columns.map(() => "?").join(",");
            this.ctx.storage.sql.exec(`INSERT INTO flags (${columns.join(",")}) VALUES (${placeholders})`, flag.handle, flag.version);
            this.ctx.storage.sql.exec(`INSERT INTO flags (${flag.fields.join(",")}) VALUES (?)`, flag.handle);
          }
        }
        """
        #expect(Self.lines("sql-string-built", in: code) == [8])
    }

    @Test func aReadCopyHandedToAMethodThatWritesItAfterAnOutsideAwaitIsARace() throws {
        let code = """
        export class Bot extends DurableObject {
          async fetch(request: Request) {
            const history: { role: string; content: string }[] = (await this.ctx.storage.get("chat_history")) || [];
            this.ctx.waitUntil(this.runPipeline(history, new Map<string, number>()));
            return new Response("ok");
          }
          private async runPipeline(history: { role: string; content: string }[], seen: Map<string, number>) {
            const reply = await this.env.AI.run("model", { messages: history });
            if (!reply) { await this.ctx.storage.put("chat_history", history); return; }
            history.push({ role: "assistant", content: String(reply) });
            await this.ctx.storage.put("chat_history", history.slice(-20));
          }
        }
        """
        let found = Reviewer().review(.code(code)).findings.filter { $0.ruleId == "rmw-across-await" }
        let f = try #require(found.first)
        #expect(found.count == 1)
        #expect(f.line == 9)
        #expect(f.relatedLocations.map(\.line) == [3, 11])
        // Read again inside the method before writing: a check-and-set, no race.
        let reread = code.replacingOccurrences(of: "const reply = await this.env.AI.run(\"model\", { messages: history });",
                                               with: "const reply = await this.env.AI.run(\"model\", { messages: history }); history = (await this.ctx.storage.get(\"chat_history\")) || [];")
        #expect(!Reviewer().review(.code(reread)).findings.contains { $0.ruleId == "rmw-across-await" })
    }

    @Test func theNameAssignedFromACallIsTheDeclaredNameNotTheLastWordOfItsType() throws {
        let code = "export class C extends DurableObject {\n  async bump() {\n    const list: Array<string> = await this.ctx.storage.get(\"list\");\n    const extra = await fetch(\"https://x.example\");\n    list.push(await extra.text());\n    await this.ctx.storage.put(\"list\", list);\n  }\n}\n"
        #expect(Self.lines("rmw-across-await", in: code) == [6])
    }

    @Test func anAwaitedHelperThatCallsAServiceTheObjectHoldsIsOutsideWork() throws {
        let code = """
        export class Memory extends DurableObject {
          private archive = new ArchiveService();
          async cleanup() {
            const session = await this.ctx.storage.get("session");
            await this.store(session);
            session.status = "ended";
            await this.ctx.storage.put("session", session);
          }
          private async store(s: unknown) { await this.archive.save(s); }
        }
        """
        #expect(Self.lines("rmw-across-await", in: code) == [7])
    }

    @Test func aFetchThatRoutesAPlainPutAndAPlainGetIsAKeyValueStore() throws {
        let code = """
        export class SessionDO {
          state: DurableObjectState;
          constructor(state: DurableObjectState) { this.state = state; }
          async fetch(req: Request) {
            if (req.method === "POST") {
              const { userId } = await req.json() as { userId: string };
              await this.state.storage.put("userId", userId);
              return new Response("saved");
            }
            const userId = await this.state.storage.get<string>("userId");
            return Response.json({ userId });
          }
        }
        """
        #expect(Reviewer().review(.code(code)).findings.contains { $0.ruleId == "do-as-kv" })
        // The same handler reading and then writing on one path is a read-modify-write, not a map.
        let rmw = "export class Last {\n  constructor(state) { this.state = state; }\n  async fetch(req) {\n    const seen = await this.state.storage.get(\"seen\");\n    await this.state.storage.put(\"seen\", req.url);\n    return Response.json({ seen });\n  }\n}\n"
        #expect(!Reviewer().review(.code(rmw, minConfidence: .low)).findings.contains { $0.ruleId == "do-as-kv" })
    }

    @Test func aRecordThatCarriesTheSocketCountsAsSocketsOfAHibernatingObject() throws {
        let code = "export class Lobby extends DurableObject {\n  players = new Map();\n  async fetch(req: Request) {\n    const [client, ws] = Object.values(new WebSocketPair());\n    this.ctx.acceptWebSocket(ws);\n    this.players.set(crypto.randomUUID(), { ws, name: \"guest\" });\n    return new Response(null, { status: 101, webSocket: client });\n  }\n  async webSocketMessage(sender: WebSocket, msg: string) {\n    for (const p of this.players.values()) p.ws.send(msg);\n  }\n}\n"
        let f = try #require(Reviewer().review(.code(code)).findings.first { $0.ruleId == "unpersisted-state" })
        #expect(f.line == 6)
    }

    @Test func voidMarksFireAndForgetInsideAnObjectButNotInAWorker() throws {
        let worker = """
        export default {
          async fetch(req: Request, env: Env) {
            const stub = env.LIMITER.get(env.LIMITER.idFromName("ip"));
            if (!req.headers.get("origin")) {
              void stub.penalise(req.headers.get("cf-connecting-ip"));
              return new Response("Not found", { status: 404 });
            }
            return stub.fetch(req);
          }
        };
        """
        let found = Reviewer().review(.code(worker)).findings.filter { $0.ruleId == "unawaited-rpc" }
        #expect(found.map(\.line) == [5])
        let object = "export class Relay extends DurableObject {\n  async post(text: string) {\n    const peer = this.env.RELAY.get(this.env.RELAY.idFromName(\"peer\"));\n    void peer.deliver(text);\n    return \"ok\";\n  }\n}\n"
        #expect(!Reviewer().review(.code(object)).findings.contains { $0.ruleId == "unawaited-rpc" })
    }

    @Test func aPascalCaseBindingAskedForAnIdItMadeIsANamespace() throws {
        let code = "export class Logic extends Agent<Env> {\n  report(id: string, text: string) {\n    this.env.ReviewOrchestrator.get(this.env.ReviewOrchestrator.idFromName(id)).progress(text).catch(() => {});\n  }\n}\nexport default {\n  async fetch(req: Request, env: Env) {\n    const cached = await env.Cache.get(\"k\");\n    env.Cache.get(\"k\");\n    const agent = await getAgentByName(env.Prospects, \"main\");\n    return agent.fetch(req);\n  }\n};\n"
        let found = Reviewer().review(.code(code)).findings
        #expect(found.filter { $0.ruleId == "unawaited-rpc" }.map(\.line) == [3])
        #expect(found.filter { $0.ruleId == "global-singleton" }.map(\.line) == [10])
    }

    @Test func aReadNameGivenANewValueAfterTheAwaitIsNotAStaleCopy() throws {
        let code = "export class Chat extends DurableObject {\n  async onMessage(token: string) {\n    let userId = await this.ctx.storage.get(\"userId\");\n    if (!userId) {\n      const user = await validate(this.env.DB, token);\n      userId = user.id;\n      await this.ctx.storage.put(\"userId\", userId);\n    }\n  }\n}\n"
        #expect(!Reviewer().review(.code(code)).findings.contains { $0.ruleId == "rmw-across-await" })
    }

    @Test func aTemplateTagThatJoinsItsStringsWithPlaceholdersBindsItsValues() throws {
        let code = "export class Memory extends DurableObject {\n  sql = (strings: TemplateStringsArray, ...values: SqlStorageValue[]) => {\n    let query = strings[0];\n    for (let i = 1; i < strings.length; i++) {\n      query += `?${strings[i]}`;\n    }\n    return this.ctx.storage.sql.exec(query, ...values).toArray();\n  };\n  find(names: string[]) {\n    let query = \"SELECT * FROM t WHERE\";\n    for (const n of names) { query += ` name = ${n}`; }\n    return this.ctx.storage.sql.exec(query).toArray();\n  }\n}\n"
        #expect(Self.lines("sql-string-built", in: code) == [12])
    }

    @Test func aDestructuredParameterDoesNotShiftTheOthers() throws {
        let code = "export class Bot extends DurableObject {\n  async fetch(req: Request) {\n    const log = await this.ctx.storage.get(\"log\");\n    await this.run({ id: 1 }, log);\n    return new Response(\"ok\");\n  }\n  private async run({ id }: { id: number }, entries: string[]) {\n    const line = await fetch(\"https://x.example/\" + id);\n    entries.push(await line.text());\n    await this.ctx.storage.put(\"log\", entries);\n  }\n}\n"
        #expect(Self.lines("rmw-across-await", in: code) == [10])
    }

    @Test func aTypedDeclarationOnTheLineBeforeIsNotTheAssignedName() throws {
        let code = "export class C extends DurableObject {\n  async bump() {\n    let last: number\n    const list = await this.ctx.storage.get(\"list\");\n    const extra = await fetch(\"https://x.example\");\n    list.push(await extra.text());\n    await this.ctx.storage.put(\"list\", list);\n  }\n}\n"
        #expect(Reviewer().review(.code(code)).findings.filter { $0.ruleId == "rmw-across-await" }.map(\.line) == [7])
    }

    @Test func aSubclassOfADurableObjectClassOfTheReviewedCodeIsOneToo() throws {
        let code = "class BaseRoom {\n  constructor(ctx, env) { this.ctx = ctx; this.env = env; }\n  async fetch(req) { return new Response(String(await this.ctx.storage.get(\"n\"))); }\n}\nexport class TimerRoom extends BaseRoom {\n  constructor(ctx, env) {\n    super(ctx, env);\n    this.keepalive = setInterval(() => {}, 60000);\n  }\n}\n"
        #expect(Self.lines("timer-scheduling", in: code) == [8])
    }

    @Test func aWaitAgainstADeadlineThatSleepsIsAPoll() throws {
        let code = "export class Logs extends DurableObject {\n  ready = false;\n  async getLogs(timeoutMs: number) {\n    const start = Date.now();\n    while (!this.ready && Date.now() - start < timeoutMs) {\n      await new Promise((r) => setTimeout(r, 10));\n    }\n    return \"done\";\n  }\n}\n"
        let f = try #require(Reviewer().review(.code(code)).findings.first { $0.ruleId == "sleep-retry-in-handler" })
        #expect(f.line == 5)
    }

    @Test func aNameCheckedAgainstAFixedListOrReadFromOurOwnTablesIsNotOutsideInput() throws {
        // Lines 9 and 12: a name checked against the fixed list before the call, directly and through a method
        // whose every caller checks it. Line 15: a table name read from sqlite_master, with a type assertion.
        // Lines 20 and 23: the same shapes with a check that lets another name through, and a caller that does not check.
        let code = """
        const COLLECTIONS = ["todos", "notes"];
        export class Sync extends DurableObject {
          async webSocketMessage(ws: WebSocket, raw: string) {
            const { collection, since } = JSON.parse(raw);
            if (!COLLECTIONS.includes(collection)) {
              ws.send("unknown collection");
              return;
            }
            this.ctx.storage.sql.exec(`DELETE FROM "${collection}" WHERE at < ?`, since);
            ws.send(JSON.stringify(this.changes(collection, since)));
          }
          changes(name: string, since: number) { return this.ctx.storage.sql.exec(`SELECT * FROM "${name}" WHERE at > ?`, since).toArray(); }
          sizes() {
            const tables = this.ctx.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray();
            for (const t of tables) { const name = t.name as string; this.ctx.storage.sql.exec(`SELECT COUNT(*) FROM "${name}"`); }
          }
          async fetch(req: Request) {
            const { table } = await req.json();
            if (!COLLECTIONS.includes(table) && table !== "audit") { return new Response("unknown table", { status: 404 }); }
            this.ctx.storage.sql.exec(`DELETE FROM "${table}"`);
            return new Response(JSON.stringify(this.export(table)));
          }
          export(name: string) { return this.ctx.storage.sql.exec(`SELECT * FROM "${name}"`).toArray(); }
        }
        """
        #expect(Self.lines("sql-string-built", in: code) == [20, 23])
    }

    @Test func anAbortDeadlineAndAReconnectWhoseListenersSaveLaterScheduleNoDurableWork() throws {
        // Line 4: a deadline that aborts an outbound call. Line 9: a short reconnect whose method saves only in a
        // listener it registers, which runs on later messages. Lines 13 and 14: a long timer that runs a method,
        // and a short one whose method saves when it runs.
        let code = """
        export class Feed extends DurableObject {
          async quote(url: string) {
            const controller = new AbortController();
            const timer = setTimeout(() => controller.abort(), 30000);
            try { return await (await fetch(url, { signal: controller.signal })).json(); } finally { clearTimeout(timer); }
          }
          connect() {
            this.ws = new WebSocket("wss://feed.example");
            this.ws.addEventListener("close", () => { setTimeout(() => { this.connect(); }, 2000); });
            this.ws.addEventListener("message", async (e) => { await this.ctx.storage.put("last", e.data); });
          }
          later() {
            setTimeout(() => this.connect(), 60000);
            setTimeout(() => this.mark(), 2000);
          }
          async mark() { await this.ctx.storage.put("reconnectedAt", Date.now()); }
        }
        """
        #expect(Self.lines("timer-scheduling", in: code) == [13, 14])
    }

    @Test func aConstantNameKeptInALetThatIsNeverAssignedAgainIsStillOneObject() throws {
        let code = """
        async function room(request: Request, env: Env) {
          let name = "lobby";
          let id;
          if (name.length <= 32) { id = env.ROOMS.idFromName(name); } else { return new Response("too long", { status: 404 }); }
          return env.ROOMS.get(id).fetch(request);
        }
        async function other(request: Request, env: Env) {
          let shard = "s0";
          if (request.headers.get("x-shard")) shard = request.headers.get("x-shard")!;
          return env.ROOMS.get(env.ROOMS.idFromName(shard)).fetch(request);
        }
        export default { async fetch(request: Request, env: Env) { return request.url.endsWith("/other") ? other(request, env) : room(request, env); } };
        """
        #expect(Self.lines("global-singleton", in: code) == [4])
    }

    @Test func aLowerCaseBindingAskedForAnObjectByAnIdItMadeIsANamespace() throws {
        // Line 5: a stub of `env.rooms` (an id it made, through a local) whose fetch is dropped in a loop.
        // Line 8: `env.cache.get(key)` with no id of its own is a KV read, not a stub.
        let code = """
        export default {
          async fetch(request: Request, env: Env) {
            for (const room of ["a", "b"]) {
              let id = env.rooms.idFromName(room);
              env.rooms.get(id).fetch(new Request("https://do/register"));
            }
            const key = new URL(request.url).pathname;
            env.cache.get(key);
            return new Response("ok");
          }
        };
        """
        #expect(Self.lines("unawaited-rpc", in: code) == [5])
    }

    @Test func aHandlerWrappedInAnErrorHandlerIsJudgedByItsCallback() throws {
        // Line 2: the room's handler, whose callback lets `/get` break out of the switch and end with no Response.
        // The Worker's callback (line 13) answers on every path, so it is fine.
        let code = """
        export class Room extends DurableObject {
          async fetch(request: Request) {
            return await handleErrors(request, async () => {
              switch (new URL(request.url).pathname) {
                case "/get": { this.log("get"); break; }
                default: return new Response("Not found", { status: 404 });
              }
            });
          }
        }
        export default {
          async fetch(request: Request, env: Env) {
            return await handleErrors(request, async () => {
              if (request.method === "GET") return new Response("hi");
              return env.ROOMS.getByName(new URL(request.url).pathname).fetch(request);
            });
          }
        };
        """
        #expect(Self.lines("fetch-no-response", in: code) == [2])
    }

    @Test func aMapKeyedBySocketsHoldsThemAndItsFilteredValuesDoNotDropThem() throws {
        // Line 6: per-socket message times, filtered and stored back under the socket, never removed on close.
        // `seen` (line 7) is keyed the same way but deleted in webSocketClose.
        let code = """
        export class Chat extends DurableObject {
          private sent = new Map<WebSocket, number[]>();
          private seen = new Map<WebSocket, number>();
          async webSocketMessage(ws: WebSocket, msg: string) {
            const recent = (this.sent.get(ws) ?? []).filter((t) => Date.now() - t < 10_000);
            this.sent.set(ws, [...recent, Date.now()]);
            this.seen.set(ws, Date.now());
          }
          async webSocketClose(ws: WebSocket) { this.seen.delete(ws); }
          async fetch(req: Request) { const [client, server] = Object.values(new WebSocketPair()); this.ctx.acceptWebSocket(server); return new Response(null, { status: 101, webSocket: client }); }
        }
        """
        #expect(Self.lines("websocket-no-cleanup", in: code) == [6])
    }

    /// The lines of the findings of `rule` that a review of `code` shows at `minConfidence`.
    static func lines(_ rule: String, in code: String, minConfidence: Confidence = .medium) -> [Int] {
        Reviewer().review(.code(code, minConfidence: minConfidence)).findings.filter { $0.ruleId == rule }.map(\.line)
    }
}
