// Request and Response, with the Workers runtime's choices.

test("Response defaults and init", async () => {
  const r = new Response();
  assertEqual(r.status, 200);
  assertEqual(r.statusText, "");
  assertEqual(r.ok, true);
  assertEqual(r.redirected, false);
  assertEqual(r.type, "default");
  assertEqual(r.url, "");
  assertEqual(r.body, null);
  assertEqual(await r.text(), "");
  const s = new Response("x", { status: 404, statusText: "Not Found", headers: { "X-Y": "z" } });
  assertEqual(s.ok, false);
  assertEqual(s.statusText, "Not Found");
  assertEqual(s.headers.get("x-y"), "z");
});

test("bodies: string, ArrayBuffer, typed array, URLSearchParams, null, with their content types", async () => {
  const text = new Response("héllo");
  assertEqual(text.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEqual(await text.text(), "héllo");
  const bytes = new Uint8Array([104, 105, 33]);
  const fromView = new Response(bytes.subarray(0, 2));
  assertEqual(fromView.headers.get("content-type"), null);
  bytes[0] = 0;
  assertEqual(await fromView.text(), "hi", "the body is a copy");
  assertDeep(Array.from(await new Response(bytes.buffer).bytes()), [0, 105, 33]);
  const form = new Response(new URLSearchParams({ a: "1 2" }));
  assertEqual(form.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEqual(await form.text(), "a=1+2");
  const buf = await new Response("abc").arrayBuffer();
  assert(buf instanceof ArrayBuffer);
  assertEqual(buf.byteLength, 3);
  const typed = new Response("x", { headers: { "content-type": "text/html" } });
  assertEqual(typed.headers.get("content-type"), "text/html", "an explicit type wins");
});

test("a body is read once; bodyUsed says so", async () => {
  const r = new Response("once");
  assertEqual(r.bodyUsed, false);
  assertEqual(await r.text(), "once");
  assertEqual(r.bodyUsed, true);
  await assertRejects(r.text(), TypeError);
  await assertRejects(r.arrayBuffer(), TypeError);
  assertThrows(() => r.clone(), TypeError);
});

test("json() parses and rejects invalid JSON with a SyntaxError", async () => {
  assertDeep(await new Response('{"a":[1]}').json(), { a: [1] });
  await assertRejects(new Response("{nope").json(), SyntaxError);
});

test("clone() gives an independent body", async () => {
  const r = new Response("twice", { status: 201 });
  const c = r.clone();
  assertEqual(c.status, 201);
  assertEqual(await c.text(), "twice");
  assertEqual(await r.text(), "twice");
});

test("status must be 200-599; null-body statuses refuse a body", () => {
  assertThrows(() => new Response("x", { status: 199 }), RangeError);
  assertThrows(() => new Response("x", { status: 600 }), RangeError);
  assertThrows(() => new Response(null, { status: 101 }), RangeError, "101 only with a webSocket");
  assertEqual(new Response(null, { status: 101, webSocket: {} }).status, 101);
  assertThrows(() => new Response("x", { status: 204 }), TypeError);
  assertThrows(() => new Response("x", { status: 304 }), TypeError);
  assertEqual(new Response(null, { status: 204 }).status, 204);
  assertThrows(() => new Response("x", { statusText: "a\nb" }), TypeError);
});

test("Response.json, Response.redirect, Response.error", async () => {
  const j = Response.json({ ok: true }, { status: 202, headers: { "x-a": "1" } });
  assertEqual(j.status, 202);
  assertEqual(j.headers.get("content-type"), "application/json");
  assertEqual(j.headers.get("x-a"), "1");
  assertDeep(await j.json(), { ok: true });
  assertEqual(Response.json("x", { headers: { "content-type": "application/vnd+json" } }).headers.get("content-type"), "application/vnd+json");
  assertThrows(() => Response.json(undefined), TypeError);
  const r = Response.redirect("https://a.com/x y", 307);
  assertEqual(r.status, 307);
  assertEqual(r.headers.get("location"), "https://a.com/x%20y");
  assertEqual(Response.redirect("https://a.com/").status, 302);
  assertThrows(() => Response.redirect("https://a.com/", 200), RangeError);
  assertThrows(() => Response.redirect("/relative"), TypeError);
  const e = Response.error();
  assertEqual(e.type, "error");
  assertEqual(e.status, 0);
  assertEqual(e.ok, false);
});

test("Request: url, method normalization, headers, body", async () => {
  const r = new Request("https://Example.com/a b?x#frag", { method: "post", headers: { "X-A": "1" }, body: "payload" });
  assertEqual(r.url, "https://example.com/a%20b?x#frag");
  assertEqual(r.method, "POST");
  assertEqual(r.headers.get("x-a"), "1");
  assertEqual(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEqual(r.redirect, "follow");
  assertEqual(await r.text(), "payload");
  assertEqual(new Request("https://a/", { method: "patch" }).method, "PATCH", "Workers upper-cases PATCH too");
  assertEqual(new Request("https://a/", { method: "Custom" }).method, "Custom");
  const plain = new Request("https://a/");
  assertEqual(plain.method, "GET");
  assertEqual(plain.body, null);
  assertEqual(plain.signal.aborted, false);
});

test("Request errors: relative URLs, bodies on GET/HEAD, bad and forbidden methods, bad redirect", () => {
  assertThrows(() => new Request("/relative"), TypeError);
  assertThrows(() => new Request("https://a/", { body: "x" }), TypeError);
  assertThrows(() => new Request("https://a/", { method: "HEAD", body: "x" }), TypeError);
  assertThrows(() => new Request("https://a/", { method: "bad method" }), TypeError);
  assertThrows(() => new Request("https://a/", { method: "connect" }), TypeError);
  assertThrows(() => new Request("https://a/", { redirect: "sometimes" }), TypeError);
});

test("a Request made from another takes over its body and its fields", async () => {
  const a = new Request("https://a/x", { method: "PUT", body: "data", headers: { h: "1" }, cf: { cacheTtl: 5 } });
  const b = new Request(a, { headers: { h: "2" } });
  assertEqual(b.method, "PUT");
  assertEqual(b.url, "https://a/x");
  assertEqual(b.headers.get("h"), "2");
  assertEqual(a.headers.get("h"), "1");
  assertDeep(b.cf, { cacheTtl: 5 });
  assertEqual(a.bodyUsed, true, "the source's body is taken");
  assertEqual(await b.text(), "data");
  assertThrows(() => new Request(a), TypeError, "a used body cannot be taken again");
  const c = new Request(new Request("https://a/", { method: "POST", body: "z" }), { method: "GET", body: null });
  assertEqual(c.method, "GET");
});

test("Request.clone keeps every field and copies the body", async () => {
  const controller = new AbortController();
  const a = new Request("https://a/", { method: "POST", body: "b", signal: controller.signal, redirect: "manual" });
  const b = a.clone();
  assertEqual(b.method, "POST");
  assertEqual(b.redirect, "manual");
  assertEqual(b.signal, controller.signal);
  assertEqual(await b.text(), "b");
  assertEqual(await a.text(), "b");
});

test("formData() of a plain-text body rejects with a clear TypeError", async () => {
  await assertRejects(new Response("a=1").formData(), TypeError);
});

test("the engine helper sets a response's url and redirected flag", () => {
  const r = new Response("x");
  shimHelpers.setResponseURL(r, "https://a/", true);
  assertEqual(r.url, "https://a/");
  assertEqual(r.redirected, true);
  assertDeep(shimHelpers.headerList(new Headers([["B", "1"], ["a", "2"]])), [["b", "1"], ["a", "2"]]);
});

test("a clone's bytes are its own, and the body internals are out of reach", async () => {
  const r = new Response("abc");
  const c = r.clone();
  new Uint8Array(await c.arrayBuffer())[0] = 120;
  assertEqual(await r.text(), "abc");
  for (const name of ["setBody", "hasBody", "cloneBody", "takeBody"]) assertEqual(name in r, false, name);
});

test("Blob and File: parts, type, size, slice, text", async () => {
  const blob = new Blob(["héllo ", new Uint8Array([119, 111]), new Blob(["rld"])], { type: "Text/Plain" });
  assertEqual(blob.size, 12);
  assertEqual(blob.type, "text/plain");
  assertEqual(await blob.text(), "héllo world");
  assertEqual(await blob.slice(-5).text(), "world");
  assertEqual(await blob.slice(7, 9, "x/y").text(), "wo");
  assertEqual(blob.slice(2, 1).size, 0);
  assertEqual(await new Response(blob.stream()).text(), "héllo world");
  const file = new File(["data"], "a.txt", { type: "text/plain", lastModified: 42 });
  assertDeep([file.name, file.lastModified, file.size, file instanceof Blob], ["a.txt", 42, 4, true]);
  assertThrows(() => new File(["x"]), TypeError);
});

test("FormData entries: strings, Blobs become Files, set replaces", () => {
  const form = new FormData();
  form.append("a", "1");
  form.append("a", "2");
  form.append("f", new Blob(["x"], { type: "text/plain" }));
  form.append("g", new Blob(["y"]), "named.bin");
  assertDeep(form.getAll("a"), ["1", "2"]);
  assertEqual(form.get("f").name, "blob");
  assertEqual(form.get("g").name, "named.bin");
  form.set("a", "3");
  assertDeep([...form.keys()], ["a", "f", "g"]);
  form.delete("f");
  assertEqual(form.has("f"), false);
});

test("a FormData body round-trips through multipart/form-data", async () => {
  const form = new FormData();
  form.append("name", "Ann \"the\" Admin");
  form.append("text", "line1\nline2");
  form.append("upload", new File([new Uint8Array([0, 255, 13, 10, 45, 45])], "bin.dat", { type: "application/octet-stream" }));
  const request = new Request("https://a/", { method: "POST", body: form });
  const type = request.headers.get("content-type");
  assert(/^multipart\/form-data; boundary=----formdata-[0-9a-f]{24}$/.test(type), type);
  const parsed = await request.formData();
  assertEqual(parsed.get("name"), "Ann \"the\" Admin");
  assertEqual(parsed.get("text"), "line1\r\nline2");
  const upload = parsed.get("upload");
  assertEqual(upload.name, "bin.dat");
  assertEqual(upload.type, "application/octet-stream");
  assertDeep(Array.from(await upload.bytes()), [0, 255, 13, 10, 45, 45]);
});

test("formData() reads urlencoded bodies; blob() keeps the content type; other types reject", async () => {
  const form = await new Response(new URLSearchParams({ a: "1 2", b: "é" })).formData();
  assertDeep([...form], [["a", "1 2"], ["b", "é"]]);
  const blob = await new Response("<p>", { headers: { "content-type": "text/html" } }).blob();
  assertEqual(blob.type, "text/html");
  assertEqual(await blob.text(), "<p>");
  await assertRejects(new Response("x").formData(), TypeError);
  const fromBlob = new Response(new Blob(["b"], { type: "image/png" }));
  assertEqual(fromBlob.headers.get("content-type"), "image/png");
});

test("caches behave as on *.workers.dev: puts are checked and consumed, nothing is ever found", async () => {
  const cache = caches.default;
  assertEqual(caches.default, cache);
  const response = new Response("cached?", { headers: { "cache-control": "max-age=60" } });
  await cache.put("https://a/x", response);
  assertEqual(response.bodyUsed, true);
  assertEqual(await cache.match("https://a/x"), undefined);
  assertEqual(await cache.delete(new Request("https://a/x")), false);
  const named = await caches.open("custom:cache");
  assertEqual(await named.match("https://a/x"), undefined);
  await assertRejects(cache.put(new Request("https://a/", { method: "POST" }), new Response("x")), TypeError);
  await assertRejects(cache.put("https://a/", new Response("x", { status: 206 })), TypeError);
  await assertRejects(cache.put("https://a/", new Response("x", { headers: { vary: "*" } })), TypeError);
  await assertRejects(cache.match("/relative"), TypeError);
  assertThrows(() => new Cache(), TypeError);
});
