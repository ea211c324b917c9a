// The shape of the global scope the shim leaves behind.

test("the natives are gone from view", () => {
  assertEqual(typeof __host, "undefined");
  assertEqual("__host" in globalThis, false);
});

test("every promised global exists", () => {
  const names = ["Headers", "Request", "Response", "URL", "URLSearchParams", "TextEncoder", "TextDecoder", "atob", "btoa",
    "structuredClone", "Event", "EventTarget", "CustomEvent", "AbortController", "AbortSignal", "DOMException", "console",
    "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "performance", "crypto", "navigator",
    "ReadableStream", "scheduler", "self", "MessageEvent", "CloseEvent", "ErrorEvent"];
  for (const name of names) assert(name in globalThis, name + " is missing");
});

test("globals are non-enumerable, as Web IDL defines them; prototypes carry toStringTag", () => {
  assertDeep(Object.keys(globalThis).filter((k) => ["URL", "console", "fetch", "crypto"].includes(k)), []);
  assertEqual(Object.prototype.toString.call(new Headers()), "[object Headers]");
  assertEqual(Object.prototype.toString.call(new TextEncoder()), "[object TextEncoder]");
  assertEqual(Object.getOwnPropertyDescriptor(Headers.prototype, "get").enumerable, true);
});

test("the timer hook is locked down", () => {
  assertEqual(typeof __hostTimerFired, "function");
  const desc = Object.getOwnPropertyDescriptor(globalThis, "__hostTimerFired");
  assertEqual(desc.writable, false);
  assertEqual(desc.configurable, false);
  __hostTimerFired(999999);
});

test("internal body methods stay hidden and private state is not reachable", () => {
  const r = new Response("x");
  assertEqual(Object.keys(r).length, 0);
  assertEqual(Object.getOwnPropertyNames(r).length, 0);
  assertThrows(() => Object.getOwnPropertyDescriptor(Response.prototype, "status").get.call({}), TypeError);
});

test("a lazy global becomes a plain data property when first read", () => {
  assertEqual(typeof Object.getOwnPropertyDescriptor(globalThis, "CloseEvent").get, "function", "not read yet in this file");
  const value = CloseEvent;
  const desc = Object.getOwnPropertyDescriptor(globalThis, "CloseEvent");
  assertEqual(desc.value, value);
  assertDeep([desc.writable, desc.enumerable, desc.configurable], [true, false, true]);
});

test("user code may replace a global before or after reading it; the shim keeps using its own", () => {
  const ownURL = URL;
  globalThis.URLSearchParams = "replaced before read";
  assertEqual(URLSearchParams, "replaced before read");
  globalThis.URL = function FakeURL() { throw new Error("the shim must not call this"); };
  assertEqual(new Request("https://a/b").url, "https://a/b");
  assertEqual(Response.redirect("https://a/c").headers.get("location"), "https://a/c");
  globalThis.URL = ownURL;
  delete globalThis.ErrorEvent;
  assertEqual("ErrorEvent" in globalThis, false);
});
