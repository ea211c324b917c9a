// Measures how long Sources/JSHost/Shim/globals.js takes to evaluate in a fresh global of one VM (as contexts of
// one JavaScriptCore group share a VM), and what touching its modules costs afterwards. Prints figures only.
// Run: scripts/bench-js-shim.sh
const shim = readFile(arguments[0]);
const fakeHost = "globalThis.__host = { log() {}, now() { return Date.now(); }, fillRandom(a) { return a; }, " +
  "digest() { return new ArrayBuffer(32); }, setTimer() { return 1; }, clearTimer() {} };";
const scenarios = [
  ["evaluate globals.js", null],
  ["then a fetch handler's globals (Request, Response, Headers, URL, console)",
    "new Response(new Request('https://a/x?y=1').url); new Headers({ a: '1' }); new URL('https://b/'); console.log;"],
  ["then every global", "for (const k of ['DOMException','console','atob','btoa','crypto','TextEncoder','TextDecoder','URL'," +
    "'URLSearchParams','ReadableStream','Headers','Request','Response','Event','EventTarget','AbortController'," +
    "'structuredClone']) globalThis[k];"],
];
const rounds = 300;
for (const [name, touch] of scenarios) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const realm = $262.createRealm();
    realm.evalScript(fakeHost);
    const t0 = preciseTime();
    realm.evalScript(shim);
    if (touch) realm.evalScript(touch);
    times.push((preciseTime() - t0) * 1000);
  }
  const first = times[0];
  times.sort((a, b) => a - b);
  print(name + ": p50 " + times[rounds / 2].toFixed(3) + " ms, p90 " + times[Math.floor(rounds * 0.9)].toFixed(3) +
    " ms (first in the VM: " + first.toFixed(3) + " ms)");
}
