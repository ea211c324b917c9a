// Event, EventTarget, CustomEvent and friends; AbortController and AbortSignal.

test("listeners run in order with the event's target set, once listeners once", () => {
  const target = new EventTarget();
  const calls = [];
  target.addEventListener("ping", function (e) { calls.push(["fn", this === target, e.target === target, e.currentTarget === target, e.eventPhase]); });
  target.addEventListener("ping", { handleEvent(e) { calls.push(["object", e.type]); } }, { once: true });
  const e = new Event("ping");
  assertEqual(target.dispatchEvent(e), true);
  target.dispatchEvent(new Event("ping"));
  assertDeep(calls, [["fn", true, true, true, 2], ["object", "ping"], ["fn", true, true, true, 2]]);
  assertEqual(e.currentTarget, null, "currentTarget is cleared after dispatch");
  assertEqual(e.eventPhase, 0);
  assertEqual(e.target, target);
});

test("the same listener is added once; removal matches capture", () => {
  const target = new EventTarget();
  let n = 0;
  const f = () => n++;
  target.addEventListener("x", f);
  target.addEventListener("x", f);
  target.addEventListener("x", f, true);
  target.dispatchEvent(new Event("x"));
  assertEqual(n, 2);
  target.removeEventListener("x", f);
  target.dispatchEvent(new Event("x"));
  assertEqual(n, 3);
  target.removeEventListener("x", f, { capture: true });
  target.dispatchEvent(new Event("x"));
  assertEqual(n, 3);
});

test("preventDefault needs cancelable and is ignored in passive listeners", () => {
  const target = new EventTarget();
  target.addEventListener("a", (e) => e.preventDefault());
  assertEqual(target.dispatchEvent(new Event("a", { cancelable: true })), false);
  assertEqual(target.dispatchEvent(new Event("a")), true);
  const passive = new EventTarget();
  passive.addEventListener("a", (e) => e.preventDefault(), { passive: true });
  assertEqual(passive.dispatchEvent(new Event("a", { cancelable: true })), true);
});

test("stopImmediatePropagation stops later listeners; an exception is reported and dispatch goes on", () => {
  const target = new EventTarget();
  const calls = [];
  target.addEventListener("a", () => { calls.push(1); throw new Error("listener failed"); });
  target.addEventListener("a", (e) => { calls.push(2); e.stopImmediatePropagation(); });
  target.addEventListener("a", () => calls.push(3));
  __fake.logs.length = 0;
  target.dispatchEvent(new Event("a"));
  assertDeep(calls, [1, 2]);
  assertEqual(__fake.logs.length, 1);
  assertEqual(__fake.logs[0].level, "error");
  assert(__fake.logs[0].text.includes("listener failed"), __fake.logs[0].text);
});

test("dispatching an event twice at once is an InvalidStateError", () => {
  const target = new EventTarget();
  const e = new Event("x");
  let inner = null;
  target.addEventListener("x", () => { try { target.dispatchEvent(e); } catch (err) { inner = err; } });
  target.dispatchEvent(e);
  assertEqual(inner && inner.name, "InvalidStateError");
});

test("a listener's signal removes it", () => {
  const target = new EventTarget();
  const controller = new AbortController();
  let n = 0;
  target.addEventListener("x", () => n++, { signal: controller.signal });
  target.dispatchEvent(new Event("x"));
  controller.abort();
  target.dispatchEvent(new Event("x"));
  assertEqual(n, 1);
  target.addEventListener("x", () => n++, { signal: AbortSignal.abort() });
  target.dispatchEvent(new Event("x"));
  assertEqual(n, 1);
});

test("Event init and constants; CustomEvent, MessageEvent, CloseEvent, ErrorEvent", () => {
  const e = new Event("t", { bubbles: true, cancelable: true });
  assertEqual(e.bubbles, true);
  assertEqual(e.isTrusted, false);
  assertEqual(typeof e.timeStamp, "number");
  assertEqual(Event.AT_TARGET, 2);
  assertThrows(() => new Event(), TypeError);
  assertEqual(new CustomEvent("c", { detail: { d: 1 } }).detail.d, 1);
  assertEqual(new CustomEvent("c").detail, null);
  assertEqual(new MessageEvent("message", { data: "hi" }).data, "hi");
  const close = new CloseEvent("close", { code: 1000, reason: "bye", wasClean: true });
  assertDeep([close.code, close.reason, close.wasClean], [1000, "bye", true]);
  assert(close instanceof Event);
  const err = new ErrorEvent("error", { message: "m", error: 1 });
  assertDeep([err.message, err.error, err.lineno], ["m", 1, 0]);
});

test("AbortController.abort sets aborted and reason once and fires abort", () => {
  const controller = new AbortController();
  const signal = controller.signal;
  const seen = [];
  signal.onabort = (e) => seen.push("onabort:" + e.type);
  signal.addEventListener("abort", () => seen.push("listener"));
  assertEqual(signal.aborted, false);
  signal.throwIfAborted();
  controller.abort();
  controller.abort("again");
  assertEqual(signal.aborted, true);
  assertEqual(signal.reason.name, "AbortError");
  assertEqual(signal.reason instanceof DOMException, true);
  assertDeep(seen, ["onabort:abort", "listener"]);
  assertThrows(() => signal.throwIfAborted(), "AbortError");
  const custom = new AbortController();
  custom.abort(new RangeError("mine"));
  assertThrows(() => custom.signal.throwIfAborted(), RangeError);
});

test("AbortSignal cannot be constructed; abort(), any() and timeout()", async () => {
  assertThrows(() => new AbortSignal(), TypeError);
  assertEqual(AbortSignal.abort("why").reason, "why");
  assertEqual(AbortSignal.abort().reason.name, "AbortError");
  const a = new AbortController(), b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  assertEqual(any.aborted, false);
  b.abort("b");
  assertEqual(any.aborted, true);
  assertEqual(any.reason, "b");
  assertEqual(AbortSignal.any([AbortSignal.abort("early")]).reason, "early");
  const timed = AbortSignal.timeout(5);
  assertEqual(timed.aborted, false);
  await sleep(30);
  assertEqual(timed.aborted, true);
  assertEqual(timed.reason.name, "TimeoutError");
  assertThrows(() => AbortSignal.timeout(-1), TypeError);
});

test("DOMException: name, message, legacy code, constants, an Error", () => {
  const e = new DOMException("msg", "NotFoundError");
  assertEqual(e.name, "NotFoundError");
  assertEqual(e.message, "msg");
  assertEqual(e.code, 8);
  assertEqual(new DOMException("m", "Custom").code, 0);
  assertEqual(new DOMException().name, "Error");
  assertEqual(DOMException.ABORT_ERR, 20);
  assert(e instanceof Error);
  assertEqual(String(e), "NotFoundError: msg");
  assertEqual(new DOMException("m", { name: "TimeoutError", cause: 1 }).cause, 1);
});
