// The wire form the engine may use for storage values and RPC: toWire and fromWire.

const roundTrip = (value) => shimHelpers.fromWire(JSON.parse(JSON.stringify(shimHelpers.toWire(value))));

test("plain JSON data stays plain JSON", () => {
  const value = { a: 1, b: "x", c: [true, null, { d: 2.5 }] };
  assertDeep(shimHelpers.toWire(value), value);
  assertDeep(roundTrip(value), value);
  assertEqual(roundTrip("s"), "s");
  assertEqual(roundTrip(null), null);
});

test("values JSON cannot hold are tagged and come back", () => {
  const back = roundTrip({ u: undefined, nan: NaN, inf: -Infinity, negZero: -0, big: 12345678901234567890n });
  assertEqual("u" in back, true);
  assertEqual(back.u, undefined);
  assert(Number.isNaN(back.nan));
  assertEqual(back.inf, -Infinity);
  assert(Object.is(back.negZero, -0));
  assertEqual(back.big, 12345678901234567890n);
  assertEqual(roundTrip(undefined), undefined);
});

test("Date, RegExp, Map, Set, wrappers, sparse arrays, errors", () => {
  const sparse = [1, , 3];
  sparse.extra = "e";
  const back = roundTrip({
    d: new Date(1700000000000), r: /x+/gi, m: new Map([[1, { a: 1 }], ["k", new Set([2])]]), s: new Set(["a"]),
    w: new Number(4), sparse, e: new RangeError("bad", { cause: "why" }), dom: new DOMException("m", "AbortError"),
  });
  assertEqual(back.d.getTime(), 1700000000000);
  assertEqual(String(back.r), "/x+/gi");
  assertEqual(back.m.get(1).a, 1);
  assert(back.m.get("k").has(2));
  assert(back.s.has("a"));
  assertEqual(typeof back.w, "object");
  assertEqual(back.w.valueOf(), 4);
  assertEqual(back.sparse.length, 3);
  assertEqual(1 in back.sparse, false);
  assertEqual(back.sparse.extra, "e");
  assert(back.e instanceof RangeError);
  assertEqual(back.e.message, "bad");
  assertEqual(back.e.cause, "why");
  assert(back.dom instanceof DOMException);
  assertEqual(back.dom.name, "AbortError");
});

test("binary data: ArrayBuffer, views, and views sharing one buffer", () => {
  const buffer = new Uint8Array([0, 1, 2, 3, 250, 251, 252, 253]).buffer;
  const back = roundTrip({ buffer, a: new Uint8Array(buffer, 2, 3), b: new DataView(buffer, 4), f: new Float64Array([1.5]) });
  assertDeep(Array.from(new Uint8Array(back.buffer)), [0, 1, 2, 3, 250, 251, 252, 253]);
  assertEqual(back.a.buffer, back.buffer, "the views share the decoded buffer");
  assertDeep(Array.from(back.a), [2, 3, 250]);
  assertEqual(back.b.getUint8(0), 250);
  assertEqual(back.f[0], 1.5);
  assertDeep(Array.from(roundTrip(new Uint16Array([1, 65535]))), [1, 65535]);
});

test("cycles and shared references survive, whatever the key order", () => {
  const shared = { n: 1 };
  const root = { list: [shared, shared], self: null, map: new Map() };
  root.self = root;
  root.map.set("root", root);
  const wire = shimHelpers.toWire(root);
  assertEqual(wire.$t, "Graph");
  const back = roundTrip(root);
  assertEqual(back.self, back);
  assertEqual(back.map.get("root"), back);
  assertEqual(back.list[0], back.list[1]);
  assertEqual(back.list[0].n, 1);
  // Reversing every object's key order (as a JSON library may) changes nothing.
  const reverse = (node) => {
    if (Array.isArray(node)) return node.map(reverse);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).reverse().map(([k, v]) => [k, reverse(v)]));
  };
  const again = shimHelpers.fromWire(reverse(JSON.parse(JSON.stringify(wire))));
  assertEqual(again.self, again);
  assertEqual(again.list[0], again.list[1]);
});

test("an object with its own $t key is escaped", () => {
  const value = { $t: "Date", v: 1 };
  const back = roundTrip(value);
  assertDeep(back, value);
  assertEqual(back instanceof Date, false);
});

test("what structuredClone refuses, toWire refuses with a DataCloneError", () => {
  assertThrows(() => shimHelpers.toWire({ f() {} }), "DataCloneError");
  assertThrows(() => shimHelpers.toWire(Symbol("s")), "DataCloneError");
  assertThrows(() => shimHelpers.toWire(new Headers()), "DataCloneError");
  assertThrows(() => shimHelpers.fromWire({ $t: "Nope" }), TypeError);
  assertThrows(() => shimHelpers.fromWire({ $t: "Ref", id: 3 }), TypeError);
});

test("an error whose cause is shared keeps it", () => {
  const detail = { code: 7 };
  const back = roundTrip({ first: new Error("a", { cause: detail }), detail });
  assertEqual(back.first.cause, back.detail);
  assertEqual(back.detail.code, 7);
});
