// atob/btoa and crypto.

test("btoa encodes Latin-1 and rejects wider characters with InvalidCharacterError", () => {
  assertEqual(btoa(""), "");
  assertEqual(btoa("f"), "Zg==");
  assertEqual(btoa("fo"), "Zm8=");
  assertEqual(btoa("foo"), "Zm9v");
  assertEqual(btoa("\xff\xfe\x00"), "//4A");
  assertEqual(btoa(null), "bnVsbA==", "arguments are converted to strings");
  const e = assertThrows(() => btoa("€"), "InvalidCharacterError");
  assertEqual(e.code, 5);
  assertThrows(() => btoa(), TypeError);
});

test("atob is forgiving about whitespace and padding, and strict otherwise", () => {
  assertEqual(atob("Zm9v"), "foo");
  assertEqual(atob(" Zm 9v\n\t"), "foo");
  assertEqual(atob("Zg"), "f");
  assertEqual(atob("Zg=="), "f");
  assertEqual(atob("Zm8"), "fo");
  assertEqual(atob("//4A"), "\xff\xfe\x00");
  assertEqual(atob(""), "");
  for (const bad of ["Z", "Zg=", "Zg===", "Z===", "Zm9v!", "Zm=9", "Zm9vZ"]) {
    assertThrows(() => atob(bad), "InvalidCharacterError", JSON.stringify(bad));
  }
});

test("every byte value survives btoa then atob", () => {
  let all = "";
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  for (const s of [all, all.slice(1), all.slice(2), all.repeat(50)]) assertEqual(atob(btoa(s)), s);
  assertEqual(btoa(all).slice(0, 8), "AAECAwQF");
});

test("getRandomValues fills integer arrays in place and returns them", () => {
  const a = new Uint8Array(64);
  assertEqual(crypto.getRandomValues(a), a);
  assert(a.some((b) => b !== 0), "some byte is non-zero");
  const u32 = new Uint32Array(4);
  crypto.getRandomValues(u32);
  assert(u32.some((x) => x !== 0));
  const view = new Uint16Array(new ArrayBuffer(16), 4, 2);
  crypto.getRandomValues(view);
  crypto.getRandomValues(new BigUint64Array(2));
  crypto.getRandomValues(new Uint8Array(65536));
});

test("getRandomValues errors: TypeMismatchError, QuotaExceededError, TypeError", () => {
  assertThrows(() => crypto.getRandomValues(new Float64Array(2)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new DataView(new ArrayBuffer(2))), "TypeMismatchError");
  const e = assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), "QuotaExceededError");
  assertEqual(e.code, 22);
  assertThrows(() => crypto.getRandomValues([1, 2]), TypeError);
  assertThrows(() => crypto.getRandomValues(new ArrayBuffer(8)), TypeError);
});

test("randomUUID gives distinct version-4 UUIDs", () => {
  const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  const seen = new Set();
  for (let i = 0; i < 50; i++) {
    const id = crypto.randomUUID();
    assert(pattern.test(id), id);
    seen.add(id);
  }
  assertEqual(seen.size, 50);
});

test("subtle.digest normalizes the algorithm and passes a copy of the bytes", async () => {
  __fake.digests.length = 0;
  const data = new Uint8Array([1, 2, 3, 4]);
  const out = await crypto.subtle.digest("sha-256", data.subarray(1, 3));
  assert(out instanceof ArrayBuffer);
  assertEqual(out.byteLength, 32);
  await crypto.subtle.digest({ name: "SHA-512" }, data.buffer);
  assertDeep(__fake.digests, [{ algorithm: "SHA-256", bytes: [2, 3] }, { algorithm: "SHA-512", bytes: [1, 2, 3, 4] }]);
});

test("subtle.digest rejects unknown algorithms and non-buffers; other subtle methods reject NotSupportedError", async () => {
  await assertRejects(crypto.subtle.digest("MD4", new Uint8Array(1)), "NotSupportedError");
  await assertRejects(crypto.subtle.digest("SHA-256", "text"), TypeError);
  await assertRejects(crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]), "NotSupportedError");
});
