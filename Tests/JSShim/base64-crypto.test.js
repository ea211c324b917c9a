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

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
const utf8 = (s) => new TextEncoder().encode(s);

test("subtle.digest normalizes the algorithm and passes a copy of the bytes", async () => {
  __fake.digests.length = 0;
  const data = new Uint8Array([1, 2, 3, 4]);
  const out = await crypto.subtle.digest("sha-256", data.subarray(1, 3));
  assert(out instanceof ArrayBuffer);
  assertEqual(out.byteLength, 32);
  await crypto.subtle.digest({ name: "SHA-512" }, data.buffer);
  assertDeep(__fake.digests, [{ algorithm: "SHA-256", bytes: [2, 3] }, { algorithm: "SHA-512", bytes: [1, 2, 3, 4] }]);
  assertEqual(hex(await crypto.subtle.digest("SHA-256", utf8("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "the test fake's SHA-256 is right");
});

test("HMAC-SHA-256 signs as RFC 4231 says, short, long and over-long keys", async () => {
  const cases = [
    [new Uint8Array(20).fill(0x0b), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
    [utf8("Jefe"), "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
    [new Uint8Array(131).fill(0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
      "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"],
  ];
  for (const [keyData, message, expected] of cases) {
    const key = await crypto.subtle.importKey("raw", keyData, { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    const signature = await crypto.subtle.sign("HMAC", key, utf8(message));
    assertEqual(hex(signature), expected, message);
    assertEqual(await crypto.subtle.verify({ name: "HMAC" }, key, signature, utf8(message)), true);
    assertEqual(await crypto.subtle.verify("HMAC", key, signature, utf8(message + ".")), false);
    assertEqual(await crypto.subtle.verify("HMAC", key, new Uint8Array(31), utf8(message)), false);
  }
});

test("HMAC keys: CryptoKey fields, JWK import and export, generateKey, usage and extractability checks", async () => {
  const key = await crypto.subtle.importKey("jwk", { kty: "oct", k: "SmVmZQ" }, { name: "hmac", hash: { name: "sha-256" } }, true, ["sign"]);
  assert(key instanceof CryptoKey);
  assertDeep([key.type, key.extractable, key.usages], ["secret", true, ["sign"]]);
  assertDeep(key.algorithm, { name: "HMAC", hash: { name: "SHA-256" }, length: 32 });
  assertDeep(await crypto.subtle.exportKey("jwk", key), { kty: "oct", k: "SmVmZQ", alg: "HS256", key_ops: ["sign"], ext: true });
  assertEqual(new TextDecoder().decode(await crypto.subtle.exportKey("raw", key)), "Jefe");
  await assertRejects(crypto.subtle.verify("HMAC", key, new Uint8Array(32), utf8("x")), "InvalidAccessError");
  const generated = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-512" }, false, ["sign", "verify"]);
  assertEqual(generated.algorithm.length, 1024);
  await assertRejects(crypto.subtle.exportKey("raw", generated), "InvalidAccessError");
  await assertRejects(crypto.subtle.importKey("raw", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["encrypt"]), "SyntaxError");
  await assertRejects(crypto.subtle.importKey("raw", utf8("k"), { name: "HMAC", hash: "MD5" }, false, ["sign"]), "NotSupportedError");
  await assertRejects(crypto.subtle.importKey("pkcs8", utf8("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]), "NotSupportedError");
  assertThrows(() => new CryptoKey(), TypeError);
});

test("subtle.digest rejects unknown algorithms and non-buffers; other subtle methods reject NotSupportedError", async () => {
  await assertRejects(crypto.subtle.digest("MD4", new Uint8Array(1)), "NotSupportedError");
  await assertRejects(crypto.subtle.digest("SHA-256", "text"), TypeError);
  await assertRejects(crypto.subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]), "NotSupportedError");
});
