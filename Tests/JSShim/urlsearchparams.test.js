// URLSearchParams: application/x-www-form-urlencoded parsing and serializing.

test("parses a string, with or without a leading ?", () => {
  const p = new URLSearchParams("?a=1&b=2&a=3&&c&d=x=y");
  assertDeep([...p], [["a", "1"], ["b", "2"], ["a", "3"], ["c", ""], ["d", "x=y"]]);
  assertEqual(p.get("a"), "1");
  assertDeep(p.getAll("a"), ["1", "3"]);
  assertEqual(p.get("missing"), null);
  assertEqual(p.size, 5);
});

test("decodes plus signs and percent escapes, keeping invalid escapes", () => {
  const p = new URLSearchParams("q=a+b%20c%2Bd&bad=%zz%4&utf=%C3%A9&broken=%C3");
  assertEqual(p.get("q"), "a b c+d");
  assertEqual(p.get("bad"), "%zz%4");
  assertEqual(p.get("utf"), "é");
  assertEqual(p.get("broken"), "\uFFFD");
});

test("serializes with the form-urlencoded set", () => {
  const p = new URLSearchParams();
  p.append("a b", "c&d=e");
  p.append("sym", "*-._~!'()");
  p.append("é", "€");
  assertEqual(p.toString(), "a+b=c%26d%3De&sym=*-._%7E%21%27%28%29&%C3%A9=%E2%82%AC");
});

test("takes records, sequences and other instances", () => {
  assertEqual(new URLSearchParams({ a: "1", b: 2 }).toString(), "a=1&b=2");
  assertEqual(new URLSearchParams([["a", "1"], ["a", "2"]]).toString(), "a=1&a=2");
  assertEqual(new URLSearchParams(new Map([["m", "1"]])).toString(), "m=1");
  const original = new URLSearchParams("x=1");
  const copy = new URLSearchParams(original);
  copy.append("y", "2");
  assertEqual(original.toString(), "x=1");
  assertThrows(() => new URLSearchParams([["a"]]), TypeError);
  assertThrows(() => new URLSearchParams([["a", "b", "c"]]), TypeError);
});

test("set replaces the first and removes the rest; delete and has take an optional value", () => {
  const p = new URLSearchParams("a=1&b=2&a=3");
  p.set("a", "9");
  assertEqual(p.toString(), "a=9&b=2");
  p.append("b", "3");
  assertEqual(p.has("b", "3"), true);
  assertEqual(p.has("b", "4"), false);
  p.delete("b", "2");
  assertEqual(p.toString(), "a=9&b=3");
  p.delete("b");
  assertEqual(p.toString(), "a=9");
});

test("sort is stable and compares code units", () => {
  const p = new URLSearchParams("z=1&a=2&z=0&\uFFFD=x&\u{1F600}=y&b=3");
  p.sort();
  assertDeep([...p.keys()], ["a", "b", "z", "z", "\u{1F600}", "\uFFFD"]);
  assertDeep(p.getAll("z"), ["1", "0"]);
});

test("iterates with forEach, keys, values and entries", () => {
  const p = new URLSearchParams("a=1&b=2");
  const seen = [];
  p.forEach((value, key, params) => seen.push(key + value + (params === p)));
  assertDeep(seen, ["a1true", "b2true"]);
  assertDeep([...p.values()], ["1", "2"]);
  assertDeep([...p.entries()], [["a", "1"], ["b", "2"]]);
  assertEqual(p[Symbol.iterator], p.entries);
});
