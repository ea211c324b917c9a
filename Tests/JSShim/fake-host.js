// A stand-in for the engine's natives, for running the shim's tests in the `jsc` shell only.
// Randomness from Math.random and a fixed digest are fine here and nowhere else.
(function () {
  // SHA-256 from FIPS 180-4, for the tests only.
  const K = new Uint32Array(64);
  const H0 = new Uint32Array(8);
  {
    // The first 32 bits of the fractional parts of the cube roots of the first 64 primes (square roots of the first 8).
    const primes = [];
    for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
    const frac = (x) => Math.floor((x - Math.floor(x)) * 2 ** 32);
    primes.forEach((p, i) => { K[i] = frac(Math.cbrt(p)); if (i < 8) H0[i] = frac(Math.sqrt(p)); });
  }
  function sha256(message) {
    const length = message.length;
    const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
    padded.set(message);
    padded[length] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
    view.setUint32(padded.length - 4, (length * 8) >>> 0);
    const h = H0.slice();
    const w = new Uint32Array(64);
    const rotr = (x, n) => (x >>> n) | (x << (32 - n));
    for (let offset = 0; offset < padded.length; offset += 64) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(offset + t * 4);
      for (let t = 16; t < 64; t++) {
        const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 64; t++) {
        const t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
        const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    h.forEach((x, i) => outView.setUint32(i * 4, x));
    return out;
  }

  const shellSetTimeout = globalThis.setTimeout; // jsc's own, before the shim replaces it
  const logs = [];
  const cancelled = new Set();
  const digests = [];
  let nextTimer = 1;
  globalThis.__fake = { logs, digests, timersSet: 0, timersCleared: 0 };
  globalThis.__host = {
    log(level, text) { logs.push({ level, text }); },
    now() { return preciseTime() * 1000; },
    fillRandom(bytes) {
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
      return bytes;
    },
    // SHA-256 is real (so HMAC can be checked against RFC 4231); the other algorithms give bytes of 7.
    digest(algorithm, bytes) {
      digests.push({ algorithm, bytes: Array.from(bytes) });
      if (algorithm === "SHA-256") return sha256(bytes).buffer;
      const size = { "SHA-1": 20, "SHA-384": 48, "SHA-512": 64 }[algorithm];
      return new Uint8Array(size).fill(7).buffer;
    },
    setTimer(delay, repeat) {
      const id = nextTimer++;
      globalThis.__fake.timersSet++;
      const arm = () => shellSetTimeout(() => {
        if (cancelled.has(id)) return;
        globalThis.__hostTimerFired(id);
        if (repeat) arm();
      }, delay);
      arm();
      return id;
    },
    clearTimer(id) {
      globalThis.__fake.timersCleared++;
      cancelled.add(id);
    },
  };
})();
