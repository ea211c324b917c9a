// The helpers the script returns to the engine (its completion value).

test("makeRequest builds a Request from plain data, dropping a body on GET", async () => {
  const post = shimHelpers.makeRequest({ method: "POST", url: "https://w/x", headers: [["X-A", "1"]], body: "hi" });
  assert(post instanceof Request);
  assertEqual(post.method, "POST");
  assertEqual(post.headers.get("x-a"), "1");
  assertEqual(await post.text(), "hi");
  const get = shimHelpers.makeRequest({ url: "https://w/", body: "ignored" });
  assertEqual(get.method, "GET");
  assertEqual(get.body, null);
});

test("readResponse reads status, headers and body bytes, and refuses a non-Response", async () => {
  const out = await shimHelpers.readResponse(new Response("ok", { status: 201, statusText: "Created", headers: { "x-b": "2" } }));
  assertEqual(out.status, 201);
  assertEqual(out.statusText, "Created");
  assertDeep(out.headers, [["content-type", "text/plain;charset=UTF-8"], ["x-b", "2"]]);
  assertEqual(new TextDecoder().decode(out.body), "ok");
  assertEqual(out.webSocket, null);
  const streamed = await shimHelpers.readResponse(new Response(ReadableStream.from([new Uint8Array([1, 2])])));
  assertDeep(Array.from(streamed.body), [1, 2]);
  await assertRejects(shimHelpers.readResponse("text"), TypeError);
});

test("the helpers' classes are the shim's own, whatever user code does to the globals", () => {
  const ownResponse = Response;
  globalThis.Response = class Fake {};
  assertEqual(shimHelpers.Response, ownResponse);
  globalThis.Response = ownResponse;
  assertEqual(new shimHelpers.CloseEvent("close", { code: 1001 }).code, 1001);
  assertEqual(shimHelpers.DOMException, DOMException);
});

test("format and inspect give the console's text", () => {
  assertEqual(shimHelpers.format(["a %d", 1, { b: [2] }]), "a 1 { b: [ 2 ] }");
  assertEqual(shimHelpers.inspect("s"), "s");
});
