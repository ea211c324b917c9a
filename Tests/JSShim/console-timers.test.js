// console (through __host.log), timers, queueMicrotask, performance, navigator, scheduler.

function logged(fn) {
  __fake.logs.length = 0;
  fn();
  return __fake.logs.map((l) => l.level + " " + l.text);
}

test("console levels reach the host", () => {
  assertDeep(logged(() => { console.log("l"); console.info("i"); console.debug("d"); console.warn("w"); console.error("e"); }),
    ["log l", "info i", "debug d", "warn w", "error e"]);
});

test("arguments are formatted like Node's util.format", () => {
  assertDeep(logged(() => console.log("a", 1, true, null, undefined, 2n, Symbol("s"))), ["log a 1 true null undefined 2n Symbol(s)"]);
  assertDeep(logged(() => console.log({ a: 1, b: "x", c: [1, 2], "d-e": { f: { g: { h: 1 } } } })),
    ["log { a: 1, b: 'x', c: [ 1, 2 ], 'd-e': { f: { g: [Object] } } }"]);
  assertDeep(logged(() => console.log("%s is %d years and %i, %f; %j %o %%", "Ann", "42.5", 42.9, "1.5", { a: 1 }, [1])),
    ["log Ann is 42.5 years and 42, 1.5; {\"a\":1} [ 1 ] %"]);
  assertDeep(logged(() => console.log("%c styled", "color: red")), ["log  styled"]);
  assertDeep(logged(() => console.log(new Map([["k", 1]]), new Set([1]), [undefined, , 3], -0)),
    ["log Map(1) { 'k' => 1 } Set(1) { 1 } [ undefined, <1 empty item>, 3 ] -0"]);
  assertDeep(logged(() => console.log(function named() {}, class K {}, () => 1)), ["log [Function: named] [class K] [Function (anonymous)]"]);
  assertDeep(logged(() => console.log(new Date(0), /x/g, new Uint8Array([1, 2]), Object.create(null))),
    ["log 1970-01-01T00:00:00.000Z /x/g Uint8Array(2) [ 1, 2 ] [Object: null prototype] {}"]);
  assertDeep(logged(() => console.log(new URL("https://a/"), new Headers({ a: "1" }))), ["log URL 'https://a/' Headers { 'a' => '1' }"]);
});

test("cycles print as [Circular]; class instances show their class", () => {
  const o = { name: "o" };
  o.self = o;
  class Thing { constructor() { this.v = 1; } }
  assertDeep(logged(() => console.log(o, new Thing())), ["log { name: 'o', self: [Circular] } Thing { v: 1 }"]);
});

test("errors print with their stack", () => {
  const [line] = logged(() => console.error(new TypeError("boom")));
  assert(line.startsWith("error TypeError: boom\n    at "), line);
  const [nested] = logged(() => console.log({ e: new Error("inner") }));
  assert(nested.includes("Error: inner"), nested);
});

test("long output breaks over lines", () => {
  const [line] = logged(() => console.log({ alpha: "a".repeat(30), beta: "b".repeat(30), gamma: 1 }));
  assertEqual(line, "log {\n  alpha: '" + "a".repeat(30) + "',\n  beta: '" + "b".repeat(30) + "',\n  gamma: 1\n}");
});

test("assert, count, time, group, table, trace, dir", () => {
  assertDeep(logged(() => { console.assert(true, "no"); console.assert(false, "yes %s", "x"); console.assert(false); }),
    ["error Assertion failed: yes x", "error Assertion failed"]);
  assertDeep(logged(() => { console.count(); console.count(); console.count("k"); console.countReset(); console.count(); }),
    ["info default: 1", "info default: 2", "info k: 1", "info default: 1"]);
  const timing = logged(() => { console.time("t"); console.timeLog("t", "mid"); console.timeEnd("t"); console.timeEnd("t"); });
  assert(/^info t: \d+\.\d{3}ms mid$/.test(timing[0]), timing[0]);
  assert(/^info t: \d+\.\d{3}ms$/.test(timing[1]), timing[1]);
  assertEqual(timing[2], "warn Timer 't' does not exist");
  assertDeep(logged(() => { console.group("g"); console.log("a\nb"); console.groupEnd(); console.log("c"); }), ["log g", "log   a\n  b", "log c"]);
  const [table] = logged(() => console.table([{ a: 1, b: "x" }, { a: 2 }]));
  assertEqual(table.split("\n")[1], "│ (index) │ a │  b  │");
  assertEqual(table.split("\n")[3], "│    0    │ 1 │ 'x' │");
  const [trace] = logged(() => console.trace("here"));
  assert(trace.startsWith("log Trace: here\n    at "), trace);
  assertDeep(logged(() => console.dir({ a: 1 })), ["log { a: 1 }"]);
});

test("setTimeout runs its handler once with extra arguments; clearTimeout cancels", async () => {
  const calls = [];
  const id = setTimeout((a, b) => calls.push(a + b), 5, 1, 2);
  assertEqual(typeof id, "number");
  const cancelled = setTimeout(() => calls.push("cancelled"), 5);
  clearTimeout(cancelled);
  clearTimeout(12345);
  clearTimeout(undefined);
  await sleep(30);
  assertDeep(calls, [3]);
  assertThrows(() => setTimeout("code", 1), TypeError);
});

test("setInterval repeats until clearInterval", async () => {
  let n = 0;
  const id = setInterval(() => { n++; if (n === 3) clearInterval(id); }, 2);
  await sleep(60);
  assertEqual(n, 3);
});

test("negative, NaN and missing delays mean zero", async () => {
  const order = [];
  setTimeout(() => order.push("a"), -5);
  setTimeout(() => order.push("b"), NaN);
  setTimeout(() => order.push("c"));
  await sleep(20);
  assertDeep(order, ["a", "b", "c"]);
});

test("queueMicrotask runs before timers and after the current job", async () => {
  const order = [];
  setTimeout(() => order.push("timer"), 0);
  queueMicrotask(() => order.push("micro"));
  order.push("sync");
  await sleep(10);
  assertDeep(order, ["sync", "micro", "timer"]);
  assertThrows(() => queueMicrotask(1), TypeError);
});

test("scheduler.wait resolves after the delay and honours a signal", async () => {
  const start = Date.now();
  await scheduler.wait(10);
  assert(Date.now() - start >= 5);
  await assertRejects(scheduler.wait(10, { signal: AbortSignal.abort() }), "AbortError");
});

test("performance.now is monotonic and relative to timeOrigin; navigator.userAgent", async () => {
  const a = performance.now();
  await sleep(5);
  const b = performance.now();
  assert(b > a && a >= 0, a + " " + b);
  assert(Math.abs(performance.timeOrigin + b - Date.now()) < 1000);
  assertEqual(navigator.userAgent, "Cloudflare-Workers");
});
