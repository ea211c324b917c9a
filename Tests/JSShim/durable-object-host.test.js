// The host glue (Sources/JSHost/Shim/durable-object-host.js) over fake natives: ctx.storage.transaction,
// ctx.storage.kv, outbound fetch, env's bindings that are not emulated, ctx.exports.

globalThis.__shimHelpers = shimHelpers;
load("Sources/JSHost/Shim/durable-object-host.js");
const host = globalThis.__doHost;

// Storage natives over a Map, with savepoints as copies of it; `calls` records the transactions' steps.
function fakeStorage() {
  let data = new Map();
  const savepoints = [];
  const calls = [];
  let sections = 0;
  const native = {
    kvGet: (key) => data.get(key),
    kvGetMany: (keys) => keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)]),
    kvPut: (key, value) => { data.set(key, value); },
    kvPutMany: (entries) => { for (const [k, v] of entries) data.set(k, v); },
    kvDelete: (key) => data.delete(key),
    kvDeleteMany: (keys) => keys.filter((k) => data.delete(k)).length,
    kvList: (options = {}) => [...data].filter(([k]) => !options.prefix || k.startsWith(options.prefix)).sort(([a], [b]) => (a < b ? -1 : 1)),
    kvDeleteAll: () => { data.clear(); },
    // Critical sections as the host runs them: a transaction's section starts after the current turn, and ends
    // (commit or undo) when its callback settles.
    requestSection: (kind) => {
      const token = ++sections;
      queueMicrotask(() => {
        if (kind === "transaction") { savepoints.push(new Map(data)); calls.push("begin"); }
        host.runSection(token, (settled, ok) => {
          if (kind === "transaction") {
            const saved = savepoints.pop();
            if (!ok) data = saved;
            calls.push((ok ? "commit sp" : "abort sp") + settled);
          }
          host.finishSection(settled, ok, null);
        });
      });
      return token;
    },
    rollbackSection: (token) => { data = new Map(savepoints[savepoints.length - 1]); calls.push("rollback sp" + token); },
  };
  return { native, calls, get data() { return data; } };
}

const bindings = {
  outboundFetch: async (description) => {
    if (!description.url.startsWith("https://mocked.test/")) throw new TypeError(`fetch("${description.url}") was refused`);
    return { status: 203, headers: [["x-mock", "1"]], body: `${description.method} ${description.body ?? ""}` };
  },
};
const env = host.makeEnv({
  vars: [["GREETING", "hi"]],
  others: [{ name: "CACHE", kind: "KV namespace" }, { name: "DB", kind: "D1 database" }],
  namespaces: ["ROOMS"],
  classes: { Room: "ROOMS" },
}, bindings);

function makeCtx(sqlite = true) {
  const storage = fakeStorage();
  const { ctx } = host.makeContext(storage.native, "ab".repeat(32), "room", sqlite);
  return { ctx, storage };
}

test("a transaction commits what its callback wrote", async () => {
  const { ctx, storage } = makeCtx();
  const result = await ctx.storage.transaction(async (txn) => {
    await txn.put("a", 1);
    assertEqual(await txn.get("a"), 1);
    return "ok";
  });
  assertEqual(result, "ok");
  assertEqual(storage.data.get("a"), 1);
  assertDeep(storage.calls, ["begin", "commit sp1"]);
});

test("a throw rolls the transaction back and rethrows", async () => {
  const { ctx, storage } = makeCtx();
  await ctx.storage.put("kept", 1);
  const error = await assertRejects(ctx.storage.transaction(async (txn) => {
    await txn.put("gone", 2);
    throw new RangeError("stop");
  }), RangeError);
  assertEqual(error.message, "stop");
  assertEqual(storage.data.has("gone"), false);
  assertEqual(storage.data.get("kept"), 1);
  assertDeep(storage.calls, ["begin", "abort sp1"]);
});

test("txn.rollback() undoes the writes, later operations throw, and the transaction ends", async () => {
  const { ctx, storage } = makeCtx();
  let later;
  await ctx.storage.transaction(async (txn) => {
    await txn.put("x", 1);
    txn.rollback();
    txn.rollback();
    later = await txn.get("x").catch((e) => e.message);
  });
  assertEqual(later, "Cannot get() on rolled back transaction");
  assertEqual(storage.data.has("x"), false);
  assertDeep(storage.calls, ["begin", "rollback sp1", "commit sp1"]);
});

test("a transaction's handle refuses deleteAll and use after the callback", async () => {
  const { ctx } = makeCtx();
  let kept;
  await ctx.storage.transaction(async (txn) => {
    kept = txn;
    await assertRejects(txn.deleteAll(), Error);
  });
  const error = await assertRejects(kept.put("late", 1), Error);
  assert(error.message.includes("already committed"), error.message);
  await assertRejects(ctx.storage.transaction("not a function"), TypeError);
});

test("ctx.storage.kv is synchronous and only on SQLite-backed objects", () => {
  const { ctx } = makeCtx();
  ctx.storage.kv.put("b", { n: 2 });
  ctx.storage.kv.put("a", 1);
  assertDeep(ctx.storage.kv.get("b"), { n: 2 });
  assertEqual(ctx.storage.kv.get("missing"), undefined);
  assertDeep([...ctx.storage.kv.list()], [["a", 1], ["b", { n: 2 }]]);
  assertEqual(ctx.storage.kv.delete("a"), true);
  assertEqual(ctx.storage.kv.delete("a"), false);
  assertThrows(() => ctx.storage.kv.put("u", undefined), TypeError);
  const legacy = makeCtx(false).ctx;
  const error = assertThrows(() => legacy.storage.kv.get("a"), Error);
  assert(error.message.includes("SQLite-backed"), error.message);
});

test("outbound fetch goes to the host, whose answer becomes a Response with the request's URL", async () => {
  const response = await fetch("https://mocked.test/items", { method: "POST", body: "payload" });
  assertEqual(response.status, 203);
  assertEqual(response.headers.get("x-mock"), "1");
  assertEqual(response.url, "https://mocked.test/items");
  assertEqual(await response.text(), "POST payload");
  const refused = await assertRejects(fetch("https://example.com/"), TypeError);
  assert(refused.message.includes("refused"), refused.message);
});

test("bindings that are not emulated name themselves and their kind when used", () => {
  assertEqual(env.GREETING, "hi");
  const kv = assertThrows(() => env.CACHE.get("k"), Error);
  assertEqual(kv.message, "The KV namespace binding CACHE is not emulated by do-architect; only Durable Object namespaces and vars run locally.");
  assert(assertThrows(() => env.DB.prepare, Error).message.includes("D1 database binding DB"));
  assertEqual(env.CACHE.then, undefined);
  assertEqual(JSON.stringify({ c: env.CACHE }), '{"c":"[KV namespace binding CACHE (not emulated)]"}');
  assertEqual(String(env.DB), "[D1 database binding DB (not emulated)]");
  shimHelpers.format([env]);
});

test("ctx.exports maps the Worker's Durable Object classes to their namespaces", () => {
  const { ctx } = makeCtx();
  assertEqual(ctx.exports.Room, env.ROOMS);
  assertDeep(Object.keys(ctx.exports), ["Room"]);
  assert(Object.isFrozen(ctx.exports));
});
