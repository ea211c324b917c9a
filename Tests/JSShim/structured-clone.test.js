// structuredClone: the serializable types, cycles and shared references, and DataCloneError.

test("plain objects and arrays are deep copies, holes and extra keys kept", () => {
  const source = { a: 1, nested: { b: [1, 2, { c: "x" }] }, u: undefined, n: null, big: 10n, neg: -0 };
  const copy = structuredClone(source);
  assertDeep({ ...copy, big: 0 }, { ...source, big: 0 });
  assert(copy.nested !== source.nested && copy.nested.b !== source.nested.b);
  assertEqual("u" in copy, true);
  assertEqual(copy.big, 10n);
  assert(Object.is(copy.neg, -0));
  const sparse = [1, , 3];
  sparse.extra = "e";
  const sparseCopy = structuredClone(sparse);
  assertEqual(1 in sparseCopy, false);
  assertEqual(sparseCopy.length, 3);
  assertEqual(sparseCopy.extra, "e");
});

test("cycles and shared references keep their shape", () => {
  const a = { name: "a" };
  a.self = a;
  const shared = { s: 1 };
  a.list = [shared, shared];
  const m = new Map();
  m.set("me", m);
  a.map = m;
  const copy = structuredClone(a);
  assertEqual(copy.self, copy);
  assertEqual(copy.list[0], copy.list[1]);
  assert(copy.list[0] !== shared);
  assertEqual(copy.map.get("me"), copy.map);
});

test("Date, RegExp, Map, Set and primitive wrappers", () => {
  const d = new Date(1700000000000);
  const copy = structuredClone({ d, r: /a+b/giu, m: new Map([[{ k: 1 }, new Set([1, 2])]]), s: new Set(["x"]), w: new String("w") });
  assert(copy.d instanceof Date && copy.d !== d);
  assertEqual(copy.d.getTime(), d.getTime());
  assert(copy.r instanceof RegExp);
  assertEqual(copy.r.source, "a+b");
  assertEqual(copy.r.flags, "giu");
  const [[key, value]] = [...copy.m];
  assertEqual(key.k, 1);
  assert(value instanceof Set && value.has(2));
  assert(copy.s.has("x"));
  assertEqual(typeof copy.w, "object");
  assertEqual(copy.w.valueOf(), "w");
});

test("ArrayBuffers are copied; views keep type, offset and a shared buffer", () => {
  const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
  const u16 = new Uint16Array(buffer, 2, 2);
  const u8 = new Uint8Array(buffer);
  const dv = new DataView(buffer, 4);
  const copy = structuredClone({ buffer, u16, u8, dv });
  assert(copy.buffer !== buffer);
  assertEqual(copy.u16.buffer, copy.buffer, "views share the cloned buffer");
  assertEqual(copy.u8.buffer, copy.buffer);
  assert(copy.u16 instanceof Uint16Array);
  assertEqual(copy.u16.byteOffset, 2);
  assertEqual(copy.u16.length, 2);
  assertEqual(copy.dv.getUint8(0), 5);
  u8[0] = 99;
  assertEqual(copy.u8[0], 1);
});

test("errors keep their type, message and cause", () => {
  const e = new TypeError("bad", { cause: { why: 1 } });
  const copy = structuredClone(e);
  assert(copy instanceof TypeError && copy !== e);
  assertEqual(copy.message, "bad");
  assertDeep(copy.cause, { why: 1 });
  class MyError extends Error { constructor() { super("mine"); this.name = "MyError"; } }
  const mine = structuredClone(new MyError());
  assertEqual(mine.constructor, Error, "an unknown error name becomes Error");
  assertEqual(mine.message, "mine");
  const dom = structuredClone(new DOMException("gone", "AbortError"));
  assert(dom instanceof DOMException);
  assertEqual(dom.name, "AbortError");
});

test("class instances become plain objects of their own enumerable properties", () => {
  class Point { constructor() { this.x = 1; } get y() { return 2; } }
  const copy = structuredClone(new Point());
  assertEqual(Object.getPrototypeOf(copy), Object.prototype);
  assertDeep(copy, { x: 1 });
});

test("functions, symbols and platform objects throw DataCloneError", () => {
  assertThrows(() => structuredClone(() => 1), "DataCloneError");
  assertThrows(() => structuredClone({ f() {} }), "DataCloneError");
  assertThrows(() => structuredClone(Symbol("s")), "DataCloneError");
  assertThrows(() => structuredClone({ s: Symbol.iterator }), "DataCloneError");
  assertThrows(() => structuredClone(new WeakMap()), "DataCloneError");
  assertThrows(() => structuredClone(Promise.resolve()), "DataCloneError");
  assertThrows(() => structuredClone(new Request("https://a/")), "DataCloneError");
  assertThrows(() => structuredClone(new Headers()), "DataCloneError");
  const e = assertThrows(() => structuredClone(() => 1), "DataCloneError");
  assertEqual(e.code, 25);
  assertThrows(() => structuredClone(), TypeError);
});

test("symbol-keyed properties are skipped, not an error", () => {
  const copy = structuredClone({ [Symbol("k")]: 1, a: 2 });
  assertDeep(Object.getOwnPropertySymbols(copy).length, 0);
  assertEqual(copy.a, 2);
});

test("transfer detaches the listed ArrayBuffers", () => {
  const buffer = new Uint8Array([1, 2, 3]).buffer;
  const copy = structuredClone({ buffer }, { transfer: [buffer] });
  assertEqual(buffer.byteLength, 0);
  assertEqual(buffer.detached, true);
  assertDeep(Array.from(new Uint8Array(copy.buffer)), [1, 2, 3]);
  assertThrows(() => structuredClone(1, { transfer: [buffer] }), "DataCloneError");
  const b2 = new ArrayBuffer(1);
  assertThrows(() => structuredClone(1, { transfer: [b2, b2] }), "DataCloneError");
});
