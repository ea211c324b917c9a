// TextEncoder and TextDecoder: UTF-8 (and the two other encodings Workers knows).

const bytes = (...b) => new Uint8Array(b);
const FFFD = "\uFFFD";

test("encode gives UTF-8, replacing lone surrogates", () => {
  const encoder = new TextEncoder();
  assertEqual(encoder.encoding, "utf-8");
  assertDeep(Array.from(encoder.encode("aé€\u{1F600}")), [97, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  assertDeep(Array.from(encoder.encode("\uD800x\uDC00")), [0xef, 0xbf, 0xbd, 120, 0xef, 0xbf, 0xbd]);
  assertEqual(encoder.encode().length, 0);
  assert(encoder.encode("x") instanceof Uint8Array);
});

test("encodeInto writes whole characters only and counts code units read", () => {
  const encoder = new TextEncoder();
  const dest = new Uint8Array(5);
  assertDeep(encoder.encodeInto("a€\u{1F600}", dest), { read: 2, written: 4 });
  assertDeep(Array.from(dest), [97, 0xe2, 0x82, 0xac, 0]);
  assertDeep(encoder.encodeInto("\u{1F600}", new Uint8Array(4)), { read: 2, written: 4 });
  assertThrows(() => encoder.encodeInto("x", []), TypeError);
});

test("decode replaces each maximal invalid subpart with one U+FFFD", () => {
  const d = new TextDecoder();
  assertEqual(d.decode(bytes(0x41, 0xc3, 0x41)), "A" + FFFD + "A");
  assertEqual(d.decode(bytes(0xf0, 0x9f, 0x98, 0x41)), FFFD + "A", "a truncated 4-byte sequence is one replacement");
  assertEqual(d.decode(bytes(0xff, 0xfe)), FFFD + FFFD);
  assertEqual(d.decode(bytes(0xc0, 0xaf)), FFFD + FFFD, "overlong encodings are invalid");
  assertEqual(d.decode(bytes(0xe0, 0x80, 0xaf)), FFFD + FFFD + FFFD);
  assertEqual(d.decode(bytes(0xed, 0xa0, 0x80)), FFFD + FFFD + FFFD, "surrogates encoded in UTF-8 are invalid");
  assertEqual(d.decode(bytes(0xf4, 0x90, 0x80, 0x80)), FFFD + FFFD + FFFD + FFFD, "beyond U+10FFFF");
  assertEqual(d.decode(bytes(0xe2, 0x82)), FFFD, "a sequence cut at the end");
  assertEqual(d.decode(bytes(0xf0, 0x9f, 0x98, 0x80)), "\u{1F600}");
});

test("fatal throws a TypeError instead of replacing", () => {
  const d = new TextDecoder("utf-8", { fatal: true });
  assertEqual(d.fatal, true);
  assertThrows(() => d.decode(bytes(0x41, 0xff)), TypeError);
  assertThrows(() => d.decode(bytes(0xe2, 0x82)), TypeError);
  assertEqual(d.decode(bytes(0x41)), "A", "the decoder is usable after an error");
});

test("the BOM is removed unless ignoreBOM, and only at the start of a stream", () => {
  assertEqual(new TextDecoder().decode(bytes(0xef, 0xbb, 0xbf, 0x41)), "A");
  assertEqual(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(0xef, 0xbb, 0xbf, 0x41)), "\uFEFFA");
  const d = new TextDecoder();
  assertEqual(d.decode(bytes(0xef, 0xbb), { stream: true }), "");
  assertEqual(d.decode(bytes(0xbf, 0x41), { stream: true }), "A");
  assertEqual(d.decode(bytes(0xef, 0xbb, 0xbf), { stream: true }), "\uFEFF", "a later BOM is content");
  assertEqual(d.decode(), "");
  assertEqual(d.decode(bytes(0xef, 0xbb, 0xbf, 0x42)), "B", "a new stream after a flush");
});

test("streaming keeps a split sequence until the next chunk", () => {
  const d = new TextDecoder();
  const all = new TextEncoder().encode("€\u{1F600}é");
  let out = "";
  for (const b of all) out += d.decode(bytes(b), { stream: true });
  out += d.decode();
  assertEqual(out, "€\u{1F600}é");
  assertEqual(d.decode(bytes(0xe2), { stream: true }), "");
  assertEqual(d.decode(), FFFD, "flushing an incomplete sequence");
});

test("decode takes ArrayBuffers, views with offsets, and DataViews", () => {
  const d = new TextDecoder();
  const buffer = new TextEncoder().encode("xhello!").buffer;
  assertEqual(d.decode(buffer), "xhello!");
  assertEqual(d.decode(new Uint8Array(buffer, 1, 5)), "hello");
  assertEqual(d.decode(new DataView(buffer, 6)), "!");
  assertEqual(d.decode(undefined), "");
  assertThrows(() => d.decode("string"), TypeError);
});

test("labels are trimmed, case-insensitive, and unknown ones throw a RangeError", () => {
  assertEqual(new TextDecoder(" UTF8 ").encoding, "utf-8");
  assertEqual(new TextDecoder("unicode-1-1-utf-8").encoding, "utf-8");
  assertEqual(new TextDecoder("latin1").encoding, "windows-1252");
  assertEqual(new TextDecoder("utf-16").encoding, "utf-16le");
  assertThrows(() => new TextDecoder("ebcdic"), RangeError);
});

test("utf-16le and windows-1252 decode", () => {
  assertEqual(new TextDecoder("utf-16le").decode(bytes(0xff, 0xfe, 0x41, 0x00, 0x3d, 0xd8, 0x00, 0xde)), "A\u{1F600}");
  assertEqual(new TextDecoder("utf-16le").decode(bytes(0x41)), FFFD);
  assertEqual(new TextDecoder("windows-1252").decode(bytes(0x80, 0x41, 0xe9, 0x9f)), "€Aé\u0178");
});

test("a large input decodes through the chunked path", () => {
  const text = "ab€".repeat(20000);
  assertEqual(new TextDecoder().decode(new TextEncoder().encode(text)), text);
});
