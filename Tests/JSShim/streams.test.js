// The ReadableStream subset and stream bodies.

const enc = (s) => new TextEncoder().encode(s);

test("a Response body is a ReadableStream of the bytes", async () => {
  const r = new Response("stream me");
  const body = r.body;
  assert(body instanceof ReadableStream);
  assertEqual(r.body, body, "the same stream each time");
  const reader = body.getReader();
  assertEqual(body.locked, true);
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    assert(value instanceof Uint8Array);
    text += new TextDecoder().decode(value);
  }
  assertEqual(text, "stream me");
  assertEqual(r.bodyUsed, true);
  await assertRejects(r.text(), TypeError);
});

test("a Response over a ReadableStream reads every chunk", async () => {
  const stream = new ReadableStream({
    start(controller) { controller.enqueue(enc("ab")); controller.enqueue(enc("cd")); controller.close(); },
  });
  const r = new Response(stream);
  assertEqual(r.body, stream);
  assertEqual(await r.text(), "abcd");
});

test("pull is called on demand and async iteration works", async () => {
  let n = 0;
  const stream = new ReadableStream({
    pull(controller) {
      n++;
      if (n <= 3) controller.enqueue(enc(String(n)));
      else controller.close();
    },
  });
  let text = "";
  for await (const chunk of stream) text += new TextDecoder().decode(chunk);
  assertEqual(text, "123");
});

test("ReadableStream.from, tee and cancel", async () => {
  const [a, b] = ReadableStream.from([enc("x"), enc("y")]).tee();
  assertEqual(await new Response(a).text(), "xy");
  assertEqual(await new Response(b).text(), "xy");
  let reason = null;
  const s = new ReadableStream({ cancel(r) { reason = r; } });
  await s.cancel("stop");
  assertEqual(reason, "stop");
  const done = await s.getReader().read();
  assertEqual(done.done, true);
});

test("clone of a stream body tees it", async () => {
  const r = new Response(ReadableStream.from([enc("a"), enc("b")]));
  const c = r.clone();
  assertEqual(await c.text(), "ab");
  assertEqual(await r.text(), "ab");
});

test("errors reach the reader; locked streams refuse a second reader or a body", async () => {
  const s = new ReadableStream({ start(c) { c.error(new RangeError("broken")); } });
  await assertRejects(s.getReader().read(), RangeError);
  const t = new ReadableStream();
  t.getReader();
  assertThrows(() => t.getReader(), TypeError);
  assertThrows(() => new Response(t), TypeError);
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), TypeError);
});

test("releaseLock frees the stream for another reader", async () => {
  const s = ReadableStream.from([enc("1"), enc("2")]);
  const r1 = s.getReader();
  const first = await r1.read();
  r1.releaseLock();
  assertEqual(s.locked, false);
  const second = await s.getReader().read();
  assertEqual(new TextDecoder().decode(first.value) + new TextDecoder().decode(second.value), "12");
});
