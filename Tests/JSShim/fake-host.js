// A stand-in for the engine's natives, for running the shim's tests in the `jsc` shell only.
// Randomness from Math.random and a fixed digest are fine here and nowhere else.
(function () {
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
    digest(algorithm, bytes) {
      digests.push({ algorithm, bytes: Array.from(bytes) });
      const size = { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[algorithm];
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
