// Durable Object classes for the JavaScript run of the runtime conformance scenarios
// (docs/runtime-conformance.md, Tests/JSHostTests/Conformance). Each method does what one scenario's action
// says, in the way a Worker author would write it; the Swift tests check the expectations.
import { DurableObject } from "cloudflare:workers";

// Waits on a timer: non-storage I/O (the runtime's clock drives it in the tests).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What an error looks like to the caller of a method that caught it.
const described = (error) => ({ name: error?.name ?? typeof error, message: String(error?.message ?? error) });

// Runs `body` and returns the error it throws (or rejects with), described; "no error" otherwise.
const failure = async (body) => {
  try {
    await body();
    return "no error";
  } catch (error) {
    return described(error);
  }
};

// The general-purpose object: gates, coalescing, transactions, KV and SQL semantics, errors, eviction.
export class Probe extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.instance = crypto.randomUUID();
    this.log = [];
  }

  instanceId() {
    return this.instance;
  }

  events() {
    return this.log;
  }

  note(text) {
    this.log.push(text);
    return null;
  }

  // --- input gate ---

  sqlNext() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS c(v INTEGER)");
    const row = sql.exec("SELECT v FROM c").toArray()[0];
    const v = row ? row.v : 0;
    if (!row) sql.exec("INSERT INTO c VALUES (0)");
    sql.exec("UPDATE c SET v = ?", v + 1);
    return v;
  }

  async readSleepWrite(ms) {
    const v = (await this.ctx.storage.get("c")) ?? 0;
    this.log.push("slept");
    await sleep(ms);
    await this.ctx.storage.put("c", v + 1);
    return v;
  }

  async blockedOp(n) {
    const promise = new Promise((resolve) => { this.release = resolve; });
    this.log.push("blocked");
    return (await promise) + n;
  }

  releaseBlocked() {
    this.release(2);
    return null;
  }

  // --- blockConcurrencyWhile on a hot path ---

  async hold(ms) {
    await this.ctx.blockConcurrencyWhile(async () => {
      this.log.push("hold-start");
      await sleep(ms);
      this.log.push("hold-end");
    });
    this.log.push("continuation");
    return null;
  }

  async holdThenThrow(ms) {
    await this.ctx.blockConcurrencyWhile(async () => {
      await sleep(ms);
      throw new Error("boom");
    });
    return "after";
  }

  async holdForever() {
    await this.ctx.blockConcurrencyWhile(() => new Promise(() => {}));
    return "after";
  }

  async nestDeeply() {
    const nest = (depth) => this.ctx.blockConcurrencyWhile(async () => (depth === 70 ? depth : nest(depth + 1)));
    try {
      return await nest(1);
    } catch (error) {
      return error.message;
    }
  }

  // --- output gate and coalescing ---

  async put(key) {
    await this.ctx.storage.put(key, "v");
    return "ok";
  }

  async putUnconfirmed(key) {
    await this.ctx.storage.put(key, "v", { allowUnconfirmed: true });
    return "ok";
  }

  async putUnconfirmedSync(key) {
    this.ctx.storage.put(key, "v", { allowUnconfirmed: true });
    await this.ctx.storage.sync();
    return "ok";
  }

  async get(key) {
    return (await this.ctx.storage.get(key)) ?? null;
  }

  async putThree() {
    const storage = this.ctx.storage;
    storage.put("a", 1);
    storage.put("b", 2);
    storage.put("a", 3);
    return [await storage.get("a"), await storage.get("b")];
  }

  async abortAfterWrite() {
    await this.ctx.storage.put("counter", 888);
    this.ctx.abort("test broken");
    return "not reached";
  }

  // Writes, then makes an outgoing call to another object (which writes too).
  async putThenCall(name) {
    await this.ctx.storage.put("k", 1);
    return await this.env.PROBE.getByName(name).put("t");
  }

  async putSleepPut() {
    this.ctx.storage.put("k", 1);
    await sleep(0);
    this.ctx.storage.put("j", 2);
    return "ok";
  }

  async readKJ() {
    return [(await this.ctx.storage.get("k")) ?? null, (await this.ctx.storage.get("j")) ?? null];
  }

  async readYourWrite() {
    this.ctx.storage.put("k", 2);
    return await this.ctx.storage.get("k");
  }

  async sqlAndKVInOneTurn() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
    await this.ctx.storage.get("x");
    sql.exec("INSERT INTO t VALUES (2)");
    await this.ctx.storage.put("k", 1);
    return null;
  }

  // --- transactions ---

  async txnReturns() {
    const r = await this.ctx.storage.transaction(async (txn) => {
      txn.put("t", 1);
      return "foo";
    });
    return [r, (await this.ctx.storage.get("t")) ?? null];
  }

  async txnThrows() {
    await this.ctx.storage.put("t", 1);
    await this.ctx.storage.transaction(async (txn) => {
      await txn.put("t", 5);
      throw new Error("txn failure");
    });
    return null;
  }

  async readT() {
    return [(await this.ctx.storage.get("t")) ?? null, this.instance];
  }

  async txnRollback() {
    let message = "";
    await this.ctx.storage.transaction(async (txn) => {
      await txn.put("t", 4);
      txn.rollback();
      txn.rollback();
      try {
        await txn.put("x", 1);
      } catch (error) {
        message = error.message;
      }
    });
    return [(await this.ctx.storage.get("t")) ?? null, message];
  }

  async txnNestedOuterRollback() {
    await this.ctx.storage.put("t", 1);
    await this.ctx.storage.transaction(async (txn) => {
      await txn.put("t", 6);
      await this.ctx.storage.transaction(async (inner) => {
        await inner.put("t", 7);
        await sleep(0);
      });
      txn.rollback();
    });
    return (await this.ctx.storage.get("t")) ?? null;
  }

  async txnAfterImplicitWrite() {
    this.ctx.storage.put("t", 2);
    await this.ctx.storage.transaction(async (txn) => { await txn.put("t", 3); });
    return (await this.ctx.storage.get("t")) ?? null;
  }

  async txnDeleteAll() {
    const messages = [];
    await this.ctx.storage.transaction(async (txn) => {
      messages.push((await failure(() => txn.deleteAll())).message);
      messages.push((await failure(() => this.ctx.storage.deleteAll())).message);
    });
    return messages;
  }

  async txnEscaped() {
    let kept;
    await this.ctx.storage.transaction(async (txn) => { kept = txn; });
    return (await failure(() => kept.put("a", 1))).message;
  }

  async txnLong(ms) {
    await this.ctx.storage.transaction(async (txn) => {
      await txn.put("a", 1);
      this.log.push("txn-start");
      await sleep(ms);
      this.log.push("txn-end");
    });
    return null;
  }

  txnSyncRollsBack() {
    const sql = this.ctx.storage.sql;
    let message = "";
    try {
      this.ctx.storage.transactionSync(() => {
        sql.exec("CREATE TABLE a(x)");
        sql.exec("SELECT * FROM missing");
      });
    } catch (error) {
      message = error.message;
    }
    return [message, sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'").one().n];
  }

  async txnSyncNested() {
    const storage = this.ctx.storage;
    storage.transactionSync(() => {
      storage.put("i", 2);
      try {
        storage.transactionSync(() => {
          storage.put("i", 3);
          throw new Error("inner");
        });
      } catch {}
    });
    return (await storage.get("i")) ?? null;
  }

  // --- KV semantics ---

  async keysInOrder() {
    for (const key of ["\u{10000}", "b", "\u{E000}", "a"]) await this.ctx.storage.put(key, 1);
    return [...(await this.ctx.storage.list()).keys()];
  }

  async equivalentKeys() {
    await this.ctx.storage.put("\u00E9", 1);
    await this.ctx.storage.put("e\u0301", 2);
    return [...(await this.ctx.storage.list()).keys()];
  }

  async listOptions() {
    const storage = this.ctx.storage;
    for (const key of ["bar", "baz", "foo"]) await storage.put(key, key);
    const options = [
      { start: "b", end: "c" }, { start: "b", end: "baz" }, { start: "bar", end: "c" }, { startAfter: "bar", end: "c" },
      { prefix: "ba" }, { limit: 1 }, { reverse: true, limit: 1 }, { reverse: true },
    ];
    const out = [];
    for (const o of options) out.push([...(await storage.list(o)).keys()]);
    return out;
  }

  async listRejects() {
    const out = [];
    for (const o of [{ start: "a", startAfter: "b" }, { limit: 0 }, { limit: -1 }]) {
      out.push(await failure(() => this.ctx.storage.list(o)));
    }
    return out;
  }

  async emptyRanges() {
    for (const key of ["bar", "baz", "foo"]) await this.ctx.storage.put(key, 1);
    return [(await this.ctx.storage.list({ start: "z", end: "a" })).size, (await this.ctx.storage.list({ prefix: "ba", start: "c" })).size];
  }

  async getMany() {
    await this.ctx.storage.put("a", 1);
    await this.ctx.storage.put("b", 2);
    const map = await this.ctx.storage.get(["b", "missing", "a"]);
    return [map instanceof Map, [...map.keys()]];
  }

  async undefinedValues() {
    await this.ctx.storage.put({ a: 1, b: undefined, c: 2 });
    const error = await failure(() => this.ctx.storage.put("x", undefined));
    return [[...(await this.ctx.storage.list()).keys()], error];
  }

  // Member order after storage and RPC: Object.keys lists members in insertion order, as structured clone keeps it.
  async memberOrder(given) {
    await this.ctx.storage.put("ordered", { zeta: 1, alpha: { y: true, b: null }, mid: [{ q: 1, p: 2 }] });
    const back = await this.ctx.storage.get("ordered");
    return {
      stored: [Object.keys(back), Object.keys(back.alpha), Object.keys(back.mid[0])],
      given: [Object.keys(given), Object.keys(given.inner)],
      back,
    };
  }

  async deleteCounts() {
    for (const key of ["bar", "a", "c"]) await this.ctx.storage.put(key, 1);
    const storage = this.ctx.storage;
    return [await storage.delete("qux"), await storage.delete("bar"), await storage.delete(["a", "nope", "c"])];
  }

  async batchLimits() {
    const keys = Array.from({ length: 129 }, (_, i) => `k${i}`);
    const entries = Object.fromEntries(keys.map((k) => [k, 1]));
    return [
      await failure(() => this.ctx.storage.get(keys)),
      await failure(() => this.ctx.storage.put(entries)),
      await failure(() => this.ctx.storage.delete(keys)),
      await failure(() => this.ctx.storage.get(keys.slice(0, 128))),
    ];
  }

  async bigValues() {
    const out = [];
    out.push(await failure(() => this.ctx.storage.put("small", "x".repeat(1_900_000))));
    out.push(await failure(() => this.ctx.storage.put("k", "x".repeat(3 * 1_048_576))));
    return out;
  }

  async fill() {
    for (let i = 0; i < 50; i++) await this.ctx.storage.put(`k${i}`, "x".repeat(500));
    this.ctx.storage.sql.exec("CREATE TABLE t(a)");
    for (let i = 0; i < 50; i++) this.ctx.storage.sql.exec("INSERT INTO t VALUES (?)", i);
    return this.ctx.storage.sql.databaseSize;
  }

  async deleteAll() {
    return (await this.ctx.storage.deleteAll()) ?? null;
  }

  async storedState() {
    const tables = this.ctx.storage.sql.exec("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").one().n;
    return [(await this.ctx.storage.list()).size, tables, this.ctx.storage.sql.databaseSize, await this.ctx.storage.getAlarm()];
  }

  async setAlarmAt(at) {
    await this.ctx.storage.setAlarm(at);
    return null;
  }

  alarm() {}

  // --- SQL ---

  sqlEager() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE t(a)");
    sql.exec("INSERT INTO t VALUES (1)");
    return sql.exec("SELECT * FROM t").toArray().length;
  }

  async sqlOne() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE empty(a)");
    return [(await failure(() => sql.exec("SELECT 1 UNION ALL SELECT 2").one())).message, (await failure(() => sql.exec("SELECT * FROM empty").one())).message];
  }

  sqlDuplicateColumns() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE l(a, b, c); CREATE TABLE r(c, d, e)");
    sql.exec("INSERT INTO l VALUES (1, 2, 3); INSERT INTO r VALUES (4, 5, 6)");
    const cursor = sql.exec("SELECT * FROM l, r");
    const rows = cursor.toArray();
    const raw = sql.exec("SELECT * FROM l, r").raw().toArray();
    return [cursor.columnNames, Object.keys(rows[0]).length, rows[0].c, raw[0].length, raw[0]];
  }

  async sqlMultiStatement() {
    const sql = this.ctx.storage.sql;
    const rows = sql.exec("CREATE TABLE a(x); INSERT INTO a VALUES(?); SELECT x FROM a", 7).toArray();
    const messages = [];
    for (const q of ["SELECT 1; -- c", "", ";"]) messages.push((await failure(() => sql.exec(q))).message);
    return [rows, messages];
  }

  async sqlTransactionStatements() {
    const sql = this.ctx.storage.sql;
    return [(await failure(() => sql.exec("BEGIN TRANSACTION"))).message, (await failure(() => sql.exec("SAVEPOINT s"))).message];
  }

  async sqlReservedNames() {
    await this.ctx.storage.put("k", 1);
    const sql = this.ctx.storage.sql;
    const out = [];
    for (const q of ["CREATE TABLE _cf_x(a)", "CREATE TABLE _CF_y(a)", "SELECT * FROM _cf_KV", "PRAGMA table_info(_cf_KV)"]) {
      out.push((await failure(() => sql.exec(q))).message);
    }
    return out;
  }

  async sqlRestrictions() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE t(a)");
    const out = [];
    for (const q of [
      "PRAGMA data_version", "PRAGMA table_info(t)", "PRAGMA foreign_keys = on", "PRAGMA page_size = 8192",
      "PRAGMA max_page_count = 1", "ATTACH 'x' AS y", "CREATE TEMP TABLE z(a)", "SELECT sqlite_version()",
      "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6",
    ]) {
      const result = await failure(() => sql.exec(q));
      out.push(result === "no error" ? result : result.message);
    }
    return out;
  }

  sqlRowCounters() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE t(a)");
    const insert = sql.exec("INSERT INTO t VALUES (1)");
    sql.exec("INSERT INTO t VALUES (2)");
    const select = sql.exec("SELECT * FROM t");
    select.toArray();
    for (let i = 3; i <= 10; i++) sql.exec("INSERT INTO t VALUES (?)", i);
    const step = sql.exec("SELECT * FROM t");
    const seen = [];
    for (const _ of step) seen.push(step.rowsRead);
    return [insert.rowsWritten, select.rowsRead, ...seen];
  }

  async sqlMissingBinding() {
    return (await failure(() => this.ctx.storage.sql.exec("SELECT ?"))).message;
  }

  sqlBigInteger() {
    return this.ctx.storage.sql.exec("SELECT 9007199254740993 AS v").one().v;
  }

  sqlDatabaseSize() {
    const sql = this.ctx.storage.sql;
    const fresh = sql.databaseSize;
    sql.exec("CREATE TABLE t(a)");
    const created = sql.databaseSize;
    sql.exec("DROP TABLE t");
    return [fresh, created, sql.databaseSize];
  }

  sqlForeignKeySetup() {
    this.ctx.storage.sql.exec("CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))");
    this.ctx.storage.sql.exec("PRAGMA foreign_keys = ON");
    return null;
  }

  sqlDangle() {
    const sql = this.ctx.storage.sql;
    sql.exec("PRAGMA foreign_keys = ON");
    this.ctx.storage.transactionSync(() => {
      sql.exec("PRAGMA defer_foreign_keys = ON");
      sql.exec("INSERT INTO c VALUES (42)");
    });
    return null;
  }

  sqlChildren() {
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM c").one().n;
  }

  sqlGrowSetup() {
    this.ctx.storage.sql.exec("CREATE TABLE t(a); INSERT INTO t VALUES (1)");
    return null;
  }

  sqlGrow() {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT INTO t VALUES (2)");
    const messages = [];
    try { sql.exec("INSERT INTO t VALUES (zeroblob(200000))"); } catch (error) { messages.push(error.message); }
    try { sql.exec("SELECT * FROM t"); } catch (error) { messages.push(error.message); }
    return messages;
  }

  sqlCount() {
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM t").one().n;
  }

  // --- eviction, errors ---

  async putAndRead(write) {
    if (write) await this.ctx.storage.put("k", 1);
    return [this.instance, (await this.ctx.storage.get("k")) ?? null];
  }

  fail(kind, message) {
    const Class = { RangeError, TypeError, Error }[kind] ?? Error;
    throw new Class(message);
  }

  breakObject() {
    return this.ctx.blockConcurrencyWhile(() => { throw new Error("boom"); });
  }

  // --- identity ---

  ids() {
    const ns = this.env.COUNTER;
    const foo = ns.idFromName("foo");
    return {
      foo: foo.toString(),
      again: ns.idFromName("foo").toString(),
      empty: ns.idFromName("").toString(),
      otherClass: this.env.PROBE.idFromName("foo").toString(),
      equals: foo.equals(ns.idFromName("foo")),
      notEquals: foo.equals(ns.idFromName("bar")),
      name: foo.name,
    };
  }

  async idFromStringChecks() {
    const ns = this.env.COUNTER;
    const valid = ns.idFromName("foo").toString();
    const last = valid[63] === "0" ? "1" : "0";
    const out = [];
    for (const text of ["abc", "z".repeat(64), valid.slice(0, 63) + last]) out.push(await failure(() => ns.idFromString(text)));
    const upper = ns.idFromString(valid.toUpperCase());
    out.push({ text: upper.toString(), equals: upper.equals(ns.idFromName("foo")), name: upper.name ?? null });
    return out;
  }

  uniqueIds(count) {
    const ns = this.env.COUNTER;
    const seen = new Set();
    let valid = 0, unnamed = 0;
    for (let i = 0; i < count; i++) {
      const id = ns.newUniqueId();
      seen.add(id.toString());
      if (ns.idFromString(id.toString()).equals(id)) valid++;
      if (id.name === undefined) unnamed++;
    }
    return { distinct: seen.size, valid, unnamed, byName: ns.idFromName("n").name, stubName: ns.getByName("n").name };
  }
}

// A counter (its class name gives the namespace key of the reference's test vectors, `worker-Counter`).
export class Counter extends DurableObject {
  async increment() {
    const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
    await this.ctx.storage.put("n", n);
    return n;
  }

  async get() {
    return (await this.ctx.storage.get("n")) ?? 0;
  }

  name() {
    return this.ctx.id.name ?? null;
  }

  id() {
    return this.ctx.id.toString();
  }
}

// Alarms: each run is recorded in SQL (so eviction between retries loses nothing); what a run does next is
// chosen by the `mode` key.
export class Alarmed extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.log = [];
  }

  async set(at, mode) {
    if (mode) await this.ctx.storage.put("mode", mode);
    await this.ctx.storage.setAlarm(at);
    return null;
  }

  async setThenDelete(at) {
    await this.ctx.storage.setAlarm(at);
    await this.ctx.storage.deleteAlarm();
    return null;
  }

  async get() {
    return await this.ctx.storage.getAlarm();
  }

  async setRejects(at) {
    return await failure(() => this.ctx.storage.setAlarm(at));
  }

  runs() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS runs(n INTEGER PRIMARY KEY, scheduled, retry, isRetry, inside, now, name, after)");
    return sql.exec("SELECT * FROM runs ORDER BY n").toArray();
  }

  events() {
    return this.log;
  }

  note(text) {
    this.log.push(text);
    return null;
  }

  async alarm(info) {
    const storage = this.ctx.storage;
    const n = this.runs().length + 1;
    const inside = await storage.getAlarm();
    const mode = await storage.get("mode");
    let after = null;
    if (mode === "setAgain" && n === 1) {
      await storage.setAlarm(info.scheduledTime + 100);
      after = await storage.getAlarm();
    }
    storage.sql.exec(
      "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      n, info?.scheduledTime ?? null, info?.retryCount ?? null, info?.isRetry ? 1 : 0, inside, Date.now(), this.ctx.id.name ?? null, after);
    if (mode === "throwAlways") throw new Error("always");
    if (mode === "throwOnce" && n === 1) throw new Error("once");
    if (mode === "setDelete") {
      await storage.setAlarm(info.scheduledTime + 50);
      await storage.deleteAlarm();
    }
    if (mode === "sleepFirst" && n === 1) await sleep(2000);
    if (mode === "external") {
      this.log.push("alarm-start");
      await sleep(60);
      this.log.push("alarm-end");
    }
  }
}

// No alarm() handler: setAlarm is refused in methods and accepted in the constructor.
export class NoAlarm extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      if ((await ctx.storage.getAlarm()) === null) await ctx.storage.setAlarm(Date.now() + 3_600_000);
    });
  }

  async get() {
    return await this.ctx.storage.getAlarm();
  }

  async set(at) {
    await this.ctx.storage.setAlarm(at);
    return null;
  }
}

// blockConcurrencyWhile in the constructor.
export class Warm extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.log = ["ctor-start"];
    ctx.blockConcurrencyWhile(async () => {
      await sleep(30);
      this.log.push("ctor-end");
    });
  }

  go() {
    this.log.push("fetch");
    return this.log;
  }
}

// A constructor that throws.
export class Broken extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    throw new Error("ctor");
  }

  anything() {
    return "unreachable";
  }
}

// A KV-backed class (`new_classes`): production KV-backed limits, no SQL.
export class Legacy extends DurableObject {
  async limits() {
    const storage = this.ctx.storage;
    const out = [];
    out.push(await failure(() => storage.put("k".repeat(2049), 1)));
    out.push(await failure(() => storage.put("v", "x".repeat(131_100))));
    out.push(await failure(() => storage.get(Array.from({ length: 129 }, (_, i) => `k${i}`))));
    out.push(await failure(() => storage.put("ok", "x".repeat(131_000))));
    return out;
  }

  async transactionSync() {
    return await failure(() => this.ctx.storage.transactionSync(() => 1));
  }
}

export default {
  async fetch() {
    return new Response("conformance fixture");
  },
};
