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

test("a WritableStream writes chunks in order through its sink, then closes", async () => {
  const log = [];
  const ws = new WritableStream({
    async write(chunk) { await null; log.push("w:" + chunk); },
    close() { log.push("close"); },
  });
  const writer = ws.getWriter();
  assertEqual(ws.locked, true);
  writer.write("a");
  writer.write("b");
  await writer.close();
  await writer.closed;
  assertDeep(log, ["w:a", "w:b", "close"]);
  await assertRejects(writer.write("c"), TypeError);
});

test("a sink error rejects the write and every later one", async () => {
  const ws = new WritableStream({ write() { throw new RangeError("full"); } });
  const writer = ws.getWriter();
  await assertRejects(writer.write("x"), RangeError);
  await assertRejects(writer.write("y"), RangeError);
  await assertRejects(writer.closed, RangeError);
});

test("TransformStream: the identity, a transform with flush, and terminate", async () => {
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  writer.write(enc("he"));
  writer.write(enc("llo"));
  writer.close();
  assertEqual(await new Response(readable).text(), "hello");

  const upper = new TransformStream({
    transform(chunk, controller) { controller.enqueue(chunk.toUpperCase()); },
    flush(controller) { controller.enqueue("!"); },
  });
  const w = upper.writable.getWriter();
  w.write("a");
  w.write("b");
  w.close();
  const parts = [];
  for await (const part of upper.readable) parts.push(part);
  assertDeep(parts, ["A", "B", "!"]);
});

test("pipeThrough and pipeTo move every chunk and close the destination", async () => {
  const out = ReadableStream.from(["x", "y", "z"]).pipeThrough(new TransformStream({
    transform(chunk, controller) { controller.enqueue(chunk + chunk); },
  }));
  const seen = [];
  await out.pipeTo(new WritableStream({ write(chunk) { seen.push(chunk); } }));
  assertDeep(seen, ["xx", "yy", "zz"]);
});

test("pipeTo stops on an aborted signal", async () => {
  const controller = new AbortController();
  controller.abort("stop");
  let aborted = null;
  let rejected = null;
  await ReadableStream.from(["a"]).pipeTo(new WritableStream({ abort(r) { aborted = r; } }), { signal: controller.signal })
    .catch((e) => { rejected = e; });
  assertEqual(rejected, "stop");
  assertEqual(aborted, "stop");
});

test("TextEncoderStream and TextDecoderStream, with characters split across chunks", async () => {
  const encoded = ReadableStream.from(["h\uD83D", "\uDE00é"]).pipeThrough(new TextEncoderStream());
  const bytes = new Uint8Array(await new Response(encoded).arrayBuffer());
  assertEqual(new TextDecoder().decode(bytes), "h\u{1F600}é");
  const split = [bytes.slice(0, 2), bytes.slice(2, 4), bytes.slice(4)];
  const decoder = new TextDecoderStream();
  assertEqual(decoder.encoding, "utf-8");
  let text = "";
  for await (const s of ReadableStream.from(split).pipeThrough(decoder)) text += s;
  assertEqual(text, "h\u{1F600}é");
});

test("a streaming Response fed from a TransformStream (a common Worker pattern)", async () => {
  const { readable, writable } = new IdentityTransformStream();
  const response = new Response(readable, { headers: { "content-type": "text/plain" } });
  (async () => {
    const writer = writable.getWriter();
    for (const part of ["one ", "two ", "three"]) await writer.write(enc(part));
    await writer.close();
  })();
  assertEqual(await response.text(), "one two three");
});
