// Headers: case-insensitive names, combined values, Set-Cookie kept apart, sorted iteration.

test("names are case-insensitive and values of one name combine with a comma", () => {
  const h = new Headers({ "Content-Type": "text/plain", "X-A": "1" });
  h.append("x-a", "2");
  assertEqual(h.get("X-a"), "1, 2");
  assertEqual(h.has("CONTENT-TYPE"), true);
  assertEqual(h.get("missing"), null);
});

test("iteration is sorted by lower-cased name with Set-Cookie values separate", () => {
  const h = new Headers([["B", "2"], ["a", "1"], ["Set-Cookie", "s=1"], ["set-cookie", "t=2"], ["b", "3"]]);
  assertDeep([...h], [["a", "1"], ["b", "2, 3"], ["set-cookie", "s=1"], ["set-cookie", "t=2"]]);
  assertDeep([...h.keys()], ["a", "b", "set-cookie", "set-cookie"]);
  assertDeep([...h.values()], ["1", "2, 3", "s=1", "t=2"]);
  assertDeep(h.getSetCookie(), ["s=1", "t=2"]);
  assertDeep(h.getAll("Set-Cookie"), ["s=1", "t=2"]);
  assertThrows(() => h.getAll("b"), TypeError);
  assertEqual(h.get("set-cookie"), "s=1, t=2");
  const seen = [];
  h.forEach((value, name, headers) => seen.push(name + "=" + value + (headers === h)));
  assertEqual(seen[0], "a=1true");
});

test("set replaces every value; delete removes them", () => {
  const h = new Headers([["a", "1"], ["A", "2"], ["b", "3"]]);
  h.set("a", "9");
  assertDeep([...h], [["a", "9"], ["b", "3"]]);
  h.delete("A");
  assertEqual(h.has("a"), false);
});

test("values are trimmed of HTTP whitespace; invalid names and values throw", () => {
  const h = new Headers();
  h.set("x", "  v \t");
  assertEqual(h.get("x"), "v");
  assertThrows(() => h.set("bad name", "v"), TypeError);
  assertThrows(() => h.set("", "v"), TypeError);
  assertThrows(() => h.set("x", "a\r\nb"), TypeError);
  assertThrows(() => h.set("x", "a\0b"), TypeError);
  assertThrows(() => h.set("x", "€"), TypeError);
  assertThrows(() => new Headers([["a"]]), TypeError);
  assertThrows(() => new Headers("a: b"), TypeError);
});

test("copies from another Headers are independent", () => {
  const a = new Headers({ x: "1" });
  const b = new Headers(a);
  b.set("x", "2");
  assertEqual(a.get("x"), "1");
});

test("headers of a redirect or an error response are immutable", () => {
  assertThrows(() => Response.redirect("https://a.com/").headers.set("x", "1"), TypeError);
  assertThrows(() => Response.error().headers.append("x", "1"), TypeError);
});
