// A tiny test harness for `jsc`: loads the shim (path in arguments[0]) after fake-host.js, collects test(),
// and runTests() prints one line per failure and a last line "RESULT <passed> <failed>".
(function () {
  const tests = [];
  globalThis.shimHelpers = load(globalThis.arguments[0]);

  globalThis.test = (name, fn) => tests.push({ name, fn });

  function show(v) {
    try { return typeof v === "string" ? JSON.stringify(v) : shimHelpers.inspect(v); } catch { return String(v); }
  }

  globalThis.assert = (condition, message = "assertion failed") => {
    if (!condition) throw new Error(message);
  };
  globalThis.assertEqual = (actual, expected, message = "") => {
    if (!Object.is(actual, expected)) throw new Error((message ? message + ": " : "") + "expected " + show(expected) + ", got " + show(actual));
  };
  globalThis.assertDeep = (actual, expected, message = "") => {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e) throw new Error((message ? message + ": " : "") + "expected " + e + ", got " + a);
  };
  // `expected` is an error constructor, or a DOMException name as a string.
  function matches(e, expected) {
    if (typeof expected === "string") return e instanceof DOMException && e.name === expected;
    return e instanceof expected;
  }
  globalThis.assertThrows = (fn, expected, message = "") => {
    try { fn(); } catch (e) {
      if (!matches(e, expected)) throw new Error((message ? message + ": " : "") + "threw the wrong error: " + show(e));
      return e;
    }
    throw new Error((message ? message + ": " : "") + "did not throw");
  };
  globalThis.assertRejects = async (promise, expected, message = "") => {
    try { await promise; } catch (e) {
      if (!matches(e, expected)) throw new Error((message ? message + ": " : "") + "rejected with the wrong error: " + show(e));
      return e;
    }
    throw new Error((message ? message + ": " : "") + "did not reject");
  };
  globalThis.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  globalThis.runTests = async () => {
    let passed = 0, failed = 0;
    for (const t of tests) {
      try {
        await t.fn();
        passed++;
      } catch (e) {
        failed++;
        print("FAIL " + t.name + ": " + (e && e.message ? e.message : String(e)));
      }
    }
    print("RESULT " + passed + " " + failed);
  };
})();
