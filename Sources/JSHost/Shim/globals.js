// The Workers web globals for a bare JavaScriptCore context, written from the WHATWG and W3C specifications.
//
// The engine evaluates this script once in every new global context, before the user's bundle, with
// `globalThis.__host` holding its natives: log(level, text), now(), fillRandom(uint8Array),
// digest(algorithm, uint8Array), setTimer(delayMs, repeat), clearTimer(id). The script keeps its own reference to
// them and hides `__host`. When a timer is due the engine calls `globalThis.__hostTimerFired(id)` as an outermost call.
//
// It runs for every new object, so it does almost nothing at load time: each area below is a module whose factory
// runs when user code first reads one of its globals. The script's completion value holds helpers for the engine.
// docs/js-host.md describes the contract and lists what is supported, partial and missing.
(function () {
  "use strict";

  const host = globalThis.__host;
  const timeOrigin = Date.now();
  const monotonicOrigin = host.now();

  // Web IDL puts interface objects and operations on the global as writable, configurable, non-enumerable.
  function defineGlobal(name, value) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }

  // A module of the shim: its factory runs on first use, once per global, so a context pays only for what it touches.
  function lazyModule(factory) {
    let exports = null;
    const get = () => exports ?? (exports = factory());
    get.loaded = () => exports !== null;
    return get;
  }

  // Globals served by a module: each is an accessor until first read (or written), then a plain data property.
  function lazyGlobals(module, names) {
    for (const name of names) {
      Object.defineProperty(globalThis, name, {
        get() {
          const value = module()[name];
          defineGlobal(name, value);
          return value;
        },
        set(value) { defineGlobal(name, value); },
        enumerable: false,
        configurable: true,
      });
    }
  }

  // Operations and accessors of a class's prototype become enumerable, as Web IDL makes them.
  function exposeMembers(cls, tag) {
    const proto = cls.prototype;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === "constructor") continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      desc.enumerable = true;
      Object.defineProperty(proto, key, desc);
    }
    if (tag) Object.defineProperty(proto, Symbol.toStringTag, { value: tag, configurable: true });
  }

  function isBufferSource(v) {
    return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
  }

  // A copy of a BufferSource's bytes.
  function copyBytes(v) {
    if (v instanceof ArrayBuffer) return new Uint8Array(v.slice(0));
    return new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  }

  // A view onto a BufferSource's bytes, without copying.
  function viewBytes(v) {
    if (v instanceof ArrayBuffer) return new Uint8Array(v);
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }

  function toUSVString(v) {
    return String(v).toWellFormed();
  }

  // Keys under which classes show themselves in console output (see `inspect`).
  const inspectHook = Symbol("inspect");
  // Lets the shim construct classes whose constructors are closed to user code.
  const internalToken = Symbol("internal");

  //#region DOMException

  const domModule = lazyModule(() => {
    const legacyCodes = {
      IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
      NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
      InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
      InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
      URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
    };

    class DOMException extends Error {
      #name;
      #message;
      constructor(message = "", options = "Error") {
        super(String(message));
        this.#message = String(message);
        if (options !== null && typeof options === "object") {
          this.#name = "name" in options ? String(options.name) : "Error";
          if ("cause" in options) {
            Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
          }
        } else {
          this.#name = String(options);
        }
        // Error's own `message` would shadow the accessor.
        delete this.message;
      }
      get name() { return this.#name; }
      get message() { return this.#message; }
      get code() { return Object.hasOwn(legacyCodes, this.#name) ? legacyCodes[this.#name] : 0; }
    }
    {
      const constants = {
        INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
        INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
        NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
        INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
        TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
        QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25,
      };
      for (const key in constants) {
        const desc = { value: constants[key], enumerable: true };
        Object.defineProperty(DOMException, key, desc);
        Object.defineProperty(DOMException.prototype, key, desc);
      }
    }
    exposeMembers(DOMException, "DOMException");

    return { DOMException };
  });
  lazyGlobals(domModule, ["DOMException"]);

  //#endregion
  //#region console

  const consoleModule = lazyModule(() => {
    const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

    function quote(s) {
      return "'" + s.replace(/[\\'\n\r\t\x00-\x1f]/g, (ch) => {
        switch (ch) {
          case "\\": return "\\\\";
          case "'": return "\\'";
          case "\n": return "\\n";
          case "\r": return "\\r";
          case "\t": return "\\t";
          default: return "\\x" + ch.charCodeAt(0).toString(16).padStart(2, "0");
        }
      }) + "'";
    }

    function formatError(e) {
      let head;
      try { head = String(e.name) + (e.message ? ": " + String(e.message) : ""); } catch { head = "Error"; }
      const stack = typeof e.stack === "string" ? e.stack.trim() : "";
      if (!stack) return head;
      // JavaScriptCore's stack has frames only ("fn@url:line:col"); V8's starts with the head.
      if (stack.startsWith(head)) return stack;
      return head + "\n" + stack.split("\n").map((line) => "    at " + line).join("\n");
    }

    function constructorName(o) {
      let proto;
      try { proto = Object.getPrototypeOf(o); } catch { return ""; }
      if (proto === null) return null;
      const ctor = Object.getOwnPropertyDescriptor(proto, "constructor");
      return ctor && typeof ctor.value === "function" ? ctor.value.name : "";
    }

    // Node-style, compact: what `console.log` shows in Workers' logs.
    function inspect(value, depth = 2, seen = []) {
      switch (typeof value) {
        case "string": return seen.length === 0 ? value : quote(value);
        case "number": return Object.is(value, -0) ? "-0" : String(value);
        case "bigint": return value + "n";
        case "symbol": return value.toString();
        case "undefined": return "undefined";
        case "boolean": return String(value);
        case "function": {
          const src = Function.prototype.toString.call(value);
          if (src.startsWith("class")) return "[class " + (value.name || "(anonymous)") + "]";
          return value.name ? "[Function: " + value.name + "]" : "[Function (anonymous)]";
        }
      }
      if (value === null) return "null";
      if (seen.includes(value)) return "[Circular]";
      if (value instanceof Error) return formatError(value);
      if (value instanceof Date) return isNaN(value) ? "Invalid Date" : value.toISOString();
      if (value instanceof RegExp) return String(value);
      if (typeof value[inspectHook] === "function") return value[inspectHook]((v) => inspect(v, depth - 1, seen.concat([value])));
      if (value instanceof Promise) return "Promise { <unknown> }";
      if (value instanceof WeakMap || value instanceof WeakSet) return constructorName(value) + " { <items unknown> }";
      if (value instanceof ArrayBuffer) return "ArrayBuffer { byteLength: " + value.byteLength + " }";
      const name = constructorName(value);
      if (depth < 0) {
        if (Array.isArray(value)) return "[Array]";
        return "[" + (name || "Object") + "]";
      }
      const inner = seen.concat([value]);
      const show = (v) => inspect(v, depth - 1, inner);
      const parts = [];
      let prefix = "";
      let open = "{", close = "}";
      const maxItems = 100;
      if (Array.isArray(value) || ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        open = "["; close = "]";
        if (!Array.isArray(value)) prefix = name + "(" + value.length + ") ";
        else if (name !== "Array") prefix = name + "(" + value.length + ") ";
        const n = Math.min(value.length, maxItems);
        let holes = 0;
        for (let i = 0; i < n; i++) {
          if (!(i in value)) { holes++; continue; }
          if (holes) { parts.push("<" + holes + " empty item" + (holes > 1 ? "s" : "") + ">"); holes = 0; }
          parts.push(show(value[i]));
        }
        if (holes) parts.push("<" + holes + " empty item" + (holes > 1 ? "s" : "") + ">");
        if (value.length > maxItems) parts.push("... " + (value.length - maxItems) + " more items");
        if (Array.isArray(value)) {
          for (const key of Object.keys(value)) {
            if (String(key >>> 0) !== key) parts.push(formatKey(key) + ": " + show(value[key]));
          }
        }
      } else if (value instanceof Map) {
        prefix = name + "(" + value.size + ") ";
        for (const [k, v] of value) parts.push(show(k) + " => " + show(v));
      } else if (value instanceof Set) {
        prefix = name + "(" + value.size + ") ";
        for (const v of value) parts.push(show(v));
      } else {
        if (name === null) prefix = "[Object: null prototype] ";
        else if (name && name !== "Object") prefix = name + " ";
        for (const key of Object.keys(value)) {
          let shown;
          try { shown = show(value[key]); } catch { shown = "[Getter]"; }
          parts.push(formatKey(key) + ": " + shown);
        }
        for (const sym of Object.getOwnPropertySymbols(value)) {
          if (Object.prototype.propertyIsEnumerable.call(value, sym)) parts.push("[" + sym.toString() + "]: " + show(value[sym]));
        }
      }
      if (parts.length === 0) return prefix + open + close;
      const oneLine = prefix + open + " " + parts.join(", ") + " " + close;
      if (oneLine.length <= 72 && !oneLine.includes("\n")) return oneLine;
      return prefix + open + "\n" + parts.map((p) => "  " + p.replace(/\n/g, "\n  ")).join(",\n") + "\n" + close;
    }

    function formatKey(key) {
      return identifierPattern.test(key) ? key : quote(key);
    }

    // util.format: printf-style directives when the first argument is a string, then the rest joined by spaces.
    function formatArgs(args) {
      let i = 0;
      let out = "";
      if (typeof args[0] === "string" && args.length > 1 && args[0].includes("%")) {
        const fmt = args[0];
        i = 1;
        let last = 0;
        for (let p = 0; p < fmt.length - 1; p++) {
          if (fmt[p] !== "%") continue;
          const d = fmt[p + 1];
          let piece;
          if (d === "%") piece = "%";
          else if (i >= args.length) continue;
          else if (d === "s") { const a = args[i++]; piece = typeof a === "string" ? a : typeof a === "object" && a !== null ? inspect(a, 1, [0]) : inspect(a, 1, []); }
          else if (d === "d") { const a = args[i++]; piece = typeof a === "bigint" ? a + "n" : typeof a === "symbol" ? "NaN" : inspect(Number(a)); }
          else if (d === "i") { const a = args[i++]; piece = typeof a === "bigint" ? a + "n" : typeof a === "symbol" ? "NaN" : String(parseInt(a)); }
          else if (d === "f") { const a = args[i++]; piece = typeof a === "symbol" ? "NaN" : String(parseFloat(a)); }
          else if (d === "j") { try { piece = JSON.stringify(args[i++]); } catch { piece = "[Circular]"; } }
          else if (d === "o" || d === "O") piece = inspect(args[i++], d === "o" ? 4 : 2, [0]);
          else if (d === "c") { i++; piece = ""; }
          else continue;
          out += fmt.slice(last, p) + piece;
          last = p + 2;
          p++;
        }
        out += fmt.slice(last);
      } else if (args.length > 0) {
        out = inspect(args[0]);
        i = 1;
      }
      for (; i < args.length; i++) out += " " + inspect(args[i]);
      return out;
    }

    let groupIndent = "";
    function emit(level, text) {
      if (groupIndent) text = groupIndent + text.replace(/\n/g, "\n" + groupIndent);
      host.log(level, text);
    }

    const counts = new Map();
    const timers = new Map();

    function table(data, columns) {
      if (data === null || typeof data !== "object") return emit("log", formatArgs([data]));
      const rows = data instanceof Map ? [...data] : Object.entries(data);
      const keys = [];
      let hasValues = false;
      for (const [, row] of rows) {
        if (row !== null && typeof row === "object") {
          for (const k of Object.keys(row)) if (!keys.includes(k)) keys.push(k);
        } else hasValues = true;
      }
      const cols = columns ? Array.from(columns, String) : keys;
      const header = ["(index)", ...cols];
      if (hasValues) header.push("Values");
      const cell = (v) => v === undefined ? "" : inspect(v, 0, [0]);
      const body = rows.map(([index, row]) => {
        const line = [String(index)];
        const isObject = row !== null && typeof row === "object";
        for (const c of cols) line.push(isObject ? cell(row[c]) : "");
        if (hasValues) line.push(isObject ? "" : cell(row));
        return line;
      });
      const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)) + 2);
      const pad = (s, w) => { const left = Math.floor((w - s.length) / 2); return " ".repeat(left) + s + " ".repeat(w - s.length - left); };
      const rule = (l, m, r) => l + widths.map((w) => "─".repeat(w)).join(m) + r;
      const lines = [rule("┌", "┬", "┐"), "│" + header.map((h, c) => pad(h, widths[c])).join("│") + "│", rule("├", "┼", "┤")];
      for (const r of body) lines.push("│" + r.map((s, c) => pad(s, widths[c])).join("│") + "│");
      lines.push(rule("└", "┴", "┘"));
      emit("log", lines.join("\n"));
    }

    const console = {
      log(...args) { emit("log", formatArgs(args)); },
      info(...args) { emit("info", formatArgs(args)); },
      debug(...args) { emit("debug", formatArgs(args)); },
      warn(...args) { emit("warn", formatArgs(args)); },
      error(...args) { emit("error", formatArgs(args)); },
      dir(value) { emit("log", inspect(value)); },
      dirxml(...args) { emit("log", formatArgs(args)); },
      trace(...args) {
        const stack = (new Error().stack || "").split("\n").slice(1).map((l) => "    at " + l).join("\n");
        emit("log", "Trace" + (args.length ? ": " + formatArgs(args) : "") + (stack ? "\n" + stack : ""));
      },
      assert(condition, ...args) {
        if (condition) return;
        emit("error", "Assertion failed" + (args.length ? ": " + formatArgs(args) : ""));
      },
      table(data, columns) { table(data, columns); },
      count(label = "default") {
        label = String(label);
        const n = (counts.get(label) || 0) + 1;
        counts.set(label, n);
        emit("info", label + ": " + n);
      },
      countReset(label = "default") { counts.delete(String(label)); },
      time(label = "default") {
        label = String(label);
        if (timers.has(label)) return emit("warn", "Timer '" + label + "' already exists");
        timers.set(label, host.now());
      },
      timeLog(label = "default", ...args) {
        label = String(label);
        if (!timers.has(label)) return emit("warn", "Timer '" + label + "' does not exist");
        const ms = host.now() - timers.get(label);
        emit("info", label + ": " + ms.toFixed(3) + "ms" + (args.length ? " " + formatArgs(args) : ""));
      },
      timeEnd(label = "default") {
        label = String(label);
        if (!timers.has(label)) return emit("warn", "Timer '" + label + "' does not exist");
        const ms = host.now() - timers.get(label);
        timers.delete(label);
        emit("info", label + ": " + ms.toFixed(3) + "ms");
      },
      group(...args) {
        if (args.length) emit("log", formatArgs(args));
        groupIndent += "  ";
      },
      groupCollapsed(...args) { console.group(...args); },
      groupEnd() { groupIndent = groupIndent.slice(2); },
      clear() {},
    };

    return { console, inspect, formatArgs, constructorName };
  });
  lazyGlobals(consoleModule, ["console"]);

  //#endregion
  //#region Timers, microtasks, performance, navigator, scheduler

  const pendingTimers = new Map();

  function startTimer(handler, timeout, args, repeat) {
    if (typeof handler !== "function") {
      throw new TypeError("The timer handler must be a function; strings are not evaluated in Workers.");
    }
    let delay = Number(timeout);
    if (!(delay > 0)) delay = 0;
    if (delay > 2147483647) delay = 1;
    const id = host.setTimer(delay, repeat);
    pendingTimers.set(id, { handler, args, repeat });
    return id;
  }

  function stopTimer(id) {
    id = Number(id);
    if (pendingTimers.delete(id)) host.clearTimer(id);
  }

  Object.defineProperty(globalThis, "__hostTimerFired", {
    value: function (id) {
      const timer = pendingTimers.get(id);
      if (timer === undefined) return;
      if (!timer.repeat) pendingTimers.delete(id);
      Reflect.apply(timer.handler, globalThis, timer.args);
    },
    writable: false, configurable: false, enumerable: false,
  });

  defineGlobal("setTimeout", function setTimeout(handler, timeout = 0, ...args) { return startTimer(handler, timeout, args, false); });
  defineGlobal("setInterval", function setInterval(handler, timeout = 0, ...args) { return startTimer(handler, timeout, args, true); });
  defineGlobal("clearTimeout", function clearTimeout(id) { stopTimer(id); });
  defineGlobal("clearInterval", function clearInterval(id) { stopTimer(id); });

  defineGlobal("queueMicrotask", function queueMicrotask(callback) {
    if (typeof callback !== "function") throw new TypeError("queueMicrotask needs a function.");
    Promise.resolve().then(() => callback());
  });

  const performance = {
    get timeOrigin() { return timeOrigin; },
    now() { return host.now() - monotonicOrigin; },
    toJSON() { return { timeOrigin }; },
  };
  defineGlobal("performance", performance);

  defineGlobal("navigator", Object.freeze({ userAgent: "Cloudflare-Workers", hardwareConcurrency: 1, language: "en" }));

  defineGlobal("scheduler", {
    wait(delay, options) {
      const signal = options && options.signal;
      return new Promise((resolve, reject) => {
        if (signal && signal.aborted) return reject(signal.reason);
        if (!signal) return startTimer(resolve, delay, [], false);
        const onAbort = () => { stopTimer(id); reject(signal.reason); };
        const id = startTimer(() => { signal.removeEventListener("abort", onAbort); resolve(); }, delay, [], false);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  });

  defineGlobal("self", globalThis);

  //#endregion
  //#region atob, btoa

  const base64Module = lazyModule(() => {
    const { DOMException } = domModule();

    const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // The value of a base64 character already checked to be in the alphabet.
    function sextet(c) {
      if (c >= 97) return c - 71; // a-z
      if (c >= 65) return c - 65; // A-Z
      if (c >= 48) return c + 4; // 0-9
      return c === 43 ? 62 : 63; // + /
    }

    function encodeBase64(bytes) {
      let out = "";
      let i = 0;
      for (; i + 2 < bytes.length; i += 3) {
        const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
        out += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + base64Alphabet[(n >> 6) & 63] + base64Alphabet[n & 63];
      }
      if (i + 1 === bytes.length) {
        const n = bytes[i] << 16;
        out += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + "==";
      } else if (i + 2 === bytes.length) {
        const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
        out += base64Alphabet[n >> 18] + base64Alphabet[(n >> 12) & 63] + base64Alphabet[(n >> 6) & 63] + "=";
      }
      return out;
    }

    function btoa(data) {
      if (arguments.length === 0) throw new TypeError("btoa needs one argument.");
      const s = String(data);
      const bytes = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c > 255) throw new DOMException("The string to be encoded contains characters outside of the Latin1 range.", "InvalidCharacterError");
        bytes[i] = c;
      }
      return encodeBase64(bytes);
    }

    // forgiving-base64 decode (HTML Standard).
    function atob(data) {
      if (arguments.length === 0) throw new TypeError("atob needs one argument.");
      let s = String(data).replace(/[\t\n\f\r ]/g, "");
      if (s.length % 4 === 0) s = s.replace(/==?$/, "");
      if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
        throw new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
      }
      let out = "";
      let buffer = 0, bits = 0;
      for (let i = 0; i < s.length; i++) {
        buffer = (buffer << 6) | sextet(s.charCodeAt(i));
        bits += 6;
        if (bits >= 8) {
          bits -= 8;
          out += String.fromCharCode((buffer >> bits) & 255);
          buffer &= (1 << bits) - 1;
        }
      }
      return out;
    }

    function decodeBase64Bytes(s) {
      const binary = atob(s);
      const out = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
      return out;
    }

    return { atob, btoa, encodeBase64, decodeBase64Bytes };
  });
  lazyGlobals(base64Module, ["atob", "btoa"]);

  //#endregion
  //#region crypto

  const cryptoModule = lazyModule(() => {
    const { DOMException } = domModule();
    const { constructorName } = consoleModule();

    function randomBytes(n) {
      return host.fillRandom(new Uint8Array(n));
    }

    const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

    const digestNames = new Map([["sha-1", "SHA-1"], ["sha-256", "SHA-256"], ["sha-384", "SHA-384"], ["sha-512", "SHA-512"]]);

    function unsupported(name) {
      return async function () {
        throw new DOMException("crypto.subtle." + name + " is not supported by this runtime (digest and HMAC keys are).", "NotSupportedError");
      };
    }

    function hashName(hash) {
      const given = typeof hash === "object" && hash !== null ? hash.name : hash;
      const name = digestNames.get(String(given).toLowerCase());
      if (name === undefined) throw new DOMException("Unrecognized or unsupported hash algorithm: " + given, "NotSupportedError");
      return name;
    }

    function algorithmName(algorithm) {
      return String(typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm).toUpperCase();
    }

    const blockSizes = { "SHA-1": 64, "SHA-256": 64, "SHA-384": 128, "SHA-512": 128 };

    // HMAC (RFC 2104) over the host's digest.
    function hmac(hash, key, data) {
      const block = blockSizes[hash];
      const k = key.length > block ? new Uint8Array(host.digest(hash, key)) : key;
      const inner = new Uint8Array(block + data.length);
      const outer = new Uint8Array(block + { "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 }[hash]);
      for (let i = 0; i < block; i++) {
        const b = i < k.length ? k[i] : 0;
        inner[i] = b ^ 0x36;
        outer[i] = b ^ 0x5c;
      }
      inner.set(data, block);
      outer.set(new Uint8Array(host.digest(hash, inner)), block);
      return host.digest(hash, outer);
    }

    function base64url(bytes) {
      return base64Module().encodeBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    }
    function fromBase64url(s) {
      try {
        return base64Module().decodeBase64Bytes(String(s).replace(/-/g, "+").replace(/_/g, "/"));
      } catch {
        throw new DOMException("The JWK's key is not valid base64url.", "DataError");
      }
    }

    let keyBytes;

    // Keys exist for HMAC only: the one algorithm the host's digest is enough for.
    class CryptoKey {
      #type; #extractable; #algorithm; #usages; #bytes;
      constructor(token, algorithm, extractable, usages, bytes) {
        if (token !== internalToken) throw new TypeError("Illegal constructor");
        this.#type = "secret";
        this.#algorithm = algorithm;
        this.#extractable = extractable;
        this.#usages = usages;
        this.#bytes = bytes;
      }
      static {
        keyBytes = (key) => key.#bytes;
      }
      get type() { return this.#type; }
      get extractable() { return this.#extractable; }
      get algorithm() { return { name: this.#algorithm.name, hash: { name: this.#algorithm.hash }, length: this.#algorithm.length }; }
      get usages() { return this.#usages.slice(); }
    }
    exposeMembers(CryptoKey, "CryptoKey");

    function hmacKey(algorithm, bytes, extractable, usages) {
      if (algorithmName(algorithm) !== "HMAC") {
        throw new DOMException("Only HMAC keys are supported by this runtime; got " + (algorithm && algorithm.name || algorithm) + ".", "NotSupportedError");
      }
      const hash = hashName(algorithm.hash);
      const list = Array.from(usages || [], String);
      if (list.length === 0) throw new DOMException("A secret key needs at least one usage.", "SyntaxError");
      for (const usage of list) {
        if (usage !== "sign" && usage !== "verify") throw new DOMException("An HMAC key can only sign and verify, not " + usage + ".", "SyntaxError");
      }
      if (bytes.length === 0) throw new DOMException("An HMAC key cannot be empty.", "DataError");
      const length = algorithm.length !== undefined ? Number(algorithm.length) : bytes.length * 8;
      return new CryptoKey(internalToken, { name: "HMAC", hash, length }, Boolean(extractable), [...new Set(list)], bytes);
    }

    function checkKey(key, usage) {
      if (!(key instanceof CryptoKey)) throw new TypeError("The key must be a CryptoKey.");
      if (!key.usages.includes(usage)) throw new DOMException("The key may not be used to " + usage + ".", "InvalidAccessError");
    }

    function checkAlgorithm(algorithm, key) {
      if (algorithmName(algorithm) !== key.algorithm.name) {
        throw new DOMException("The key is for " + key.algorithm.name + ", not " + algorithmName(algorithm) + ".", "InvalidAccessError");
      }
    }

    function bufferSource(data, what) {
      if (!isBufferSource(data)) throw new TypeError(what + " must be an ArrayBuffer or an ArrayBufferView.");
      return copyBytes(data);
    }

    const subtle = {
      async digest(algorithm, data) {
        const name = hashName(algorithm);
        return host.digest(name, bufferSource(data, "The data"));
      },
      async importKey(format, keyData, algorithm, extractable, keyUsages) {
        let bytes;
        if (format === "raw") bytes = bufferSource(keyData, "A raw key");
        else if (format === "jwk") {
          if (!keyData || keyData.kty !== "oct" || typeof keyData.k !== "string") throw new DOMException("An HMAC JWK needs kty \"oct\" and k.", "DataError");
          bytes = fromBase64url(keyData.k);
        } else throw new DOMException("Key format " + format + " is not supported by this runtime (raw and jwk are).", "NotSupportedError");
        return hmacKey(algorithm, bytes, extractable, keyUsages);
      },
      async generateKey(algorithm, extractable, keyUsages) {
        const hash = algorithmName(algorithm) === "HMAC" ? hashName(algorithm.hash) : null;
        const bits = algorithm && algorithm.length !== undefined ? Number(algorithm.length) : (blockSizes[hash] || 64) * 8;
        return hmacKey(algorithm, randomBytes(Math.ceil(bits / 8)), extractable, keyUsages);
      },
      async exportKey(format, key) {
        if (!(key instanceof CryptoKey)) throw new TypeError("The key must be a CryptoKey.");
        if (!key.extractable) throw new DOMException("The key is not extractable.", "InvalidAccessError");
        const bytes = keyBytes(key);
        if (format === "raw") return bytes.slice().buffer;
        if (format === "jwk") {
          return { kty: "oct", k: base64url(bytes), alg: "HS" + key.algorithm.hash.name.slice(4), key_ops: key.usages, ext: true };
        }
        throw new DOMException("Key format " + format + " is not supported by this runtime (raw and jwk are).", "NotSupportedError");
      },
      async sign(algorithm, key, data) {
        checkKey(key, "sign");
        checkAlgorithm(algorithm, key);
        return hmac(key.algorithm.hash.name, keyBytes(key), bufferSource(data, "The data"));
      },
      async verify(algorithm, key, signature, data) {
        checkKey(key, "verify");
        checkAlgorithm(algorithm, key);
        const expected = new Uint8Array(hmac(key.algorithm.hash.name, keyBytes(key), bufferSource(data, "The data")));
        const given = bufferSource(signature, "The signature");
        if (given.length !== expected.length) return false;
        let diff = 0;
        for (let i = 0; i < given.length; i++) diff |= given[i] ^ expected[i];
        return diff === 0;
      },
    };
    for (const name of ["encrypt", "decrypt", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"]) {
      subtle[name] = unsupported(name);
    }

    const crypto = {
      getRandomValues(array) {
        if (!ArrayBuffer.isView(array)) throw new TypeError("crypto.getRandomValues needs an integer TypedArray.");
        if (!integerArrays.some((T) => array instanceof T)) {
          throw new DOMException("crypto.getRandomValues needs an integer TypedArray, not a " + constructorName(array) + ".", "TypeMismatchError");
        }
        if (array.byteLength > 65536) {
          throw new DOMException("crypto.getRandomValues can fill at most 65536 bytes; " + array.byteLength + " were asked for.", "QuotaExceededError");
        }
        host.fillRandom(viewBytes(array));
        return array;
      },
      randomUUID() {
        const b = randomBytes(16);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex = "";
        for (let i = 0; i < 16; i++) {
          hex += (b[i] < 16 ? "0" : "") + b[i].toString(16);
          if (i === 3 || i === 5 || i === 7 || i === 9) hex += "-";
        }
        return hex;
      },
      subtle,
    };

    return { crypto, CryptoKey };
  });
  lazyGlobals(cryptoModule, ["crypto", "CryptoKey"]);

  //#endregion
  //#region TextEncoder, TextDecoder (Encoding Standard)

  const encodingModule = lazyModule(() => {
    // UTF-8 bytes of a string; lone surrogates become U+FFFD, as USVString conversion makes them.
    function utf8Encode(input) {
      const s = String(input);
      const length = s.length;
      // ASCII first: most strings are, and then the bytes are the code units.
      const ascii = new Uint8Array(length);
      let start = 0;
      for (; start < length; start++) {
        const c = s.charCodeAt(start);
        if (c >= 0x80) break;
        ascii[start] = c;
      }
      if (start === length) return ascii;
      const out = new Uint8Array(start + (length - start) * 3);
      out.set(ascii.subarray(0, start));
      let n = start;
      for (let i = start; i < length; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) { out[n++] = c; continue; }
        if (c >= 0xd800 && c <= 0xdfff) {
          const d = s.charCodeAt(i + 1);
          if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
          } else {
            c = 0xfffd;
          }
        }
        if (c < 0x800) {
          out[n++] = 0xc0 | (c >> 6);
        } else if (c < 0x10000) {
          out[n++] = 0xe0 | (c >> 12);
          out[n++] = 0x80 | ((c >> 6) & 63);
        } else {
          out[n++] = 0xf0 | (c >> 18);
          out[n++] = 0x80 | ((c >> 12) & 63);
          out[n++] = 0x80 | ((c >> 6) & 63);
        }
        out[n++] = 0x80 | (c & 63);
      }
      return n === out.length ? out : out.slice(0, n);
    }

    function isASCII(bytes) {
      for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
      return true;
    }

    function codeUnitsToString(units, length) {
      let s = "";
      for (let i = 0; i < length; i += 8192) {
        s += String.fromCharCode.apply(null, units.subarray(i, Math.min(i + 8192, length)));
      }
      return s;
    }

    // The UTF-8 decoder of the Encoding Standard, with its state kept between streaming calls.
    class Utf8Decoder {
      codePoint = 0;
      bytesSeen = 0;
      bytesNeeded = 0;
      lower = 0x80;
      upper = 0xbf;

      // Decodes bytes into UTF-16 code units written to `out` from 0; returns how many, or -1 on an error when fatal.
      run(bytes, out, flush, fatal) {
        let n = 0;
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          if (this.bytesNeeded === 0) {
            if (b < 0x80) { out[n++] = b; continue; }
            if (b >= 0xc2 && b <= 0xdf) { this.bytesNeeded = 1; this.codePoint = b & 0x1f; }
            else if (b >= 0xe0 && b <= 0xef) {
              if (b === 0xe0) this.lower = 0xa0;
              if (b === 0xed) this.upper = 0x9f;
              this.bytesNeeded = 2; this.codePoint = b & 0xf;
            } else if (b >= 0xf0 && b <= 0xf4) {
              if (b === 0xf0) this.lower = 0x90;
              if (b === 0xf4) this.upper = 0x8f;
              this.bytesNeeded = 3; this.codePoint = b & 7;
            } else {
              if (fatal) return -1;
              out[n++] = 0xfffd;
            }
            continue;
          }
          if (b < this.lower || b > this.upper) {
            this.codePoint = this.bytesNeeded = this.bytesSeen = 0;
            this.lower = 0x80; this.upper = 0xbf;
            if (fatal) return -1;
            out[n++] = 0xfffd;
            i--; // the byte is read again as the start of a sequence
            continue;
          }
          this.lower = 0x80; this.upper = 0xbf;
          this.codePoint = (this.codePoint << 6) | (b & 0x3f);
          if (++this.bytesSeen !== this.bytesNeeded) continue;
          const cp = this.codePoint;
          this.codePoint = this.bytesNeeded = this.bytesSeen = 0;
          if (cp < 0x10000) out[n++] = cp;
          else { out[n++] = 0xd800 + ((cp - 0x10000) >> 10); out[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff); }
        }
        if (flush && this.bytesNeeded !== 0) {
          this.codePoint = this.bytesNeeded = this.bytesSeen = 0;
          this.lower = 0x80; this.upper = 0xbf;
          if (fatal) return -1;
          out[n++] = 0xfffd;
        }
        return n;
      }
    }

    class Utf16leDecoder {
      leadByte = -1;
      leadSurrogate = -1;

      run(bytes, out, flush, fatal) {
        let n = 0;
        for (let i = 0; i < bytes.length; i++) {
          if (this.leadByte === -1) { this.leadByte = bytes[i]; continue; }
          const unit = this.leadByte | (bytes[i] << 8);
          this.leadByte = -1;
          if (this.leadSurrogate !== -1) {
            const lead = this.leadSurrogate;
            this.leadSurrogate = -1;
            if (unit >= 0xdc00 && unit <= 0xdfff) { out[n++] = lead; out[n++] = unit; continue; }
            if (fatal) return -1;
            out[n++] = 0xfffd;
          }
          if (unit >= 0xd800 && unit <= 0xdbff) { this.leadSurrogate = unit; continue; }
          if (unit >= 0xdc00 && unit <= 0xdfff) { if (fatal) return -1; out[n++] = 0xfffd; continue; }
          out[n++] = unit;
        }
        if (flush && (this.leadByte !== -1 || this.leadSurrogate !== -1)) {
          this.leadByte = this.leadSurrogate = -1;
          if (fatal) return -1;
          out[n++] = 0xfffd;
        }
        return n;
      }
    }

    // windows-1252, which the Encoding Standard also names latin1, iso-8859-1 and ascii: bytes 0x80-0x9F differ.
    const windows1252High = "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
      "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

    class Windows1252Decoder {
      run(bytes, out) {
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          out[i] = b >= 0x80 && b <= 0x9f ? windows1252High.charCodeAt(b - 0x80) : b;
        }
        return bytes.length;
      }
    }

    const encodingLabels = new Map();
    for (const label of ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]) encodingLabels.set(label, "utf-8");
    for (const label of ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]) encodingLabels.set(label, "utf-16le");
    for (const label of ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
      "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]) encodingLabels.set(label, "windows-1252");

    class TextEncoder {
      get encoding() { return "utf-8"; }
      encode(input = "") { return utf8Encode(input); }
      encodeInto(source, destination) {
        if (!(destination instanceof Uint8Array)) throw new TypeError("encodeInto needs a Uint8Array destination.");
        const s = String(source);
        let read = 0, written = 0;
        const room = destination.length;
        for (let i = 0; i < s.length; i++) {
          let c = s.charCodeAt(i);
          let units = 1;
          if (c >= 0xd800 && c <= 0xdfff) {
            const d = s.charCodeAt(i + 1);
            if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); units = 2; }
            else c = 0xfffd;
          }
          const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
          if (written + size > room) break;
          if (size === 1) destination[written] = c;
          else if (size === 2) { destination[written] = 0xc0 | (c >> 6); destination[written + 1] = 0x80 | (c & 63); }
          else if (size === 3) {
            destination[written] = 0xe0 | (c >> 12); destination[written + 1] = 0x80 | ((c >> 6) & 63); destination[written + 2] = 0x80 | (c & 63);
          } else {
            destination[written] = 0xf0 | (c >> 18); destination[written + 1] = 0x80 | ((c >> 12) & 63);
            destination[written + 2] = 0x80 | ((c >> 6) & 63); destination[written + 3] = 0x80 | (c & 63);
          }
          written += size;
          read += units;
          i += units - 1;
        }
        return { read, written };
      }
    }
    exposeMembers(TextEncoder, "TextEncoder");

    class TextDecoder {
      #encoding;
      #fatal;
      #ignoreBOM;
      #decoder = null;
      #bomSeen = false;

      constructor(label = "utf-8", options = {}) {
        const encoding = encodingLabels.get(String(label).trim().toLowerCase());
        if (encoding === undefined) throw new RangeError("TextDecoder does not support the encoding '" + label + "'.");
        this.#encoding = encoding;
        this.#fatal = Boolean(options && options.fatal);
        this.#ignoreBOM = Boolean(options && options.ignoreBOM);
      }
      get encoding() { return this.#encoding; }
      get fatal() { return this.#fatal; }
      get ignoreBOM() { return this.#ignoreBOM; }

      decode(input = undefined, options = {}) {
        let bytes;
        if (input === undefined || input === null) bytes = new Uint8Array(0);
        else if (isBufferSource(input)) bytes = viewBytes(input);
        else throw new TypeError("TextDecoder.decode needs an ArrayBuffer or an ArrayBufferView.");
        const stream = Boolean(options && options.stream);
        if (this.#decoder === null) {
          this.#decoder = this.#encoding === "utf-8" ? new Utf8Decoder() : this.#encoding === "utf-16le" ? new Utf16leDecoder() : new Windows1252Decoder();
          this.#bomSeen = false;
        }
        // ASCII, the common case, needs no decoding (and cannot hold a BOM).
        if (this.#decoder instanceof Utf8Decoder && this.#decoder.bytesNeeded === 0 && isASCII(bytes)) {
          if (!stream) this.#decoder = null;
          if (bytes.length > 0) this.#bomSeen = true;
          return codeUnitsToString(bytes, bytes.length);
        }
        const out = new Uint16Array(bytes.length + 4);
        const n = this.#decoder.run(bytes, out, !stream, this.#fatal);
        if (!stream) this.#decoder = null;
        if (n < 0) {
          this.#decoder = null;
          throw new TypeError("The encoded data was not valid " + this.#encoding + ".");
        }
        let start = 0;
        if (!this.#bomSeen && n > 0) {
          this.#bomSeen = true;
          if (!this.#ignoreBOM && this.#encoding !== "windows-1252" && out[0] === 0xfeff) start = 1;
        }
        return codeUnitsToString(out.subarray(start), n - start);
      }
    }
    exposeMembers(TextDecoder, "TextDecoder");

    return { TextEncoder, TextDecoder, utf8Encode, Utf8Decoder, codeUnitsToString };
  });
  lazyGlobals(encodingModule, ["TextEncoder", "TextDecoder"]);

  //#endregion
  //#region URL, URLSearchParams (URL Standard)

  const urlModule = lazyModule(() => {
    const { utf8Encode, Utf8Decoder, codeUnitsToString } = encodingModule();

    const specialPorts = new Map([["ftp", 21], ["file", null], ["http", 80], ["https", 443], ["ws", 80], ["wss", 443]]);

    // Percent-encode sets, as predicates on a code point.
    const inC0ControlSet = (c) => c < 0x20 || c > 0x7e;
    const inFragmentSet = (c) => inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60;
    const inQuerySet = (c) => inC0ControlSet(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e;
    const inSpecialQuerySet = (c) => inQuerySet(c) || c === 0x27;
    const inPathSet = (c) => inQuerySet(c) || c === 0x3f || c === 0x5e || c === 0x60 || c === 0x7b || c === 0x7d;
    const inUserinfoSet = (c) => inPathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 ||
      (c >= 0x5b && c <= 0x5e) || c === 0x7c;
    const inComponentSet = (c) => inUserinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c;
    const inFormSet = (c) => inComponentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e;

    const hexDigits = "0123456789ABCDEF";

    function percentEncode(s, inSet, spaceAsPlus = false) {
      let out = "";
      for (const ch of s) {
        const c = ch.codePointAt(0);
        if (spaceAsPlus && c === 0x20) { out += "+"; continue; }
        if (!inSet(c)) { out += ch; continue; }
        const bytes = c < 0x80 ? [c] : utf8Encode(ch);
        for (const b of bytes) out += "%" + hexDigits[b >> 4] + hexDigits[b & 15];
      }
      return out;
    }

    const isHex = (c) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

    function percentDecodeBytes(s) {
      const bytes = utf8Encode(s);
      const out = new Uint8Array(bytes.length);
      let n = 0;
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        if (b === 0x25 && i + 2 < bytes.length + 0 && isHexByte(bytes[i + 1]) && isHexByte(bytes[i + 2])) {
          out[n++] = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
          i += 2;
        } else {
          out[n++] = b;
        }
      }
      return out.subarray(0, n);
    }

    function isHexByte(b) {
      return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
    }

    function utf8DecodeLossy(bytes) {
      const out = new Uint16Array(bytes.length + 1);
      return codeUnitsToString(out, new Utf8Decoder().run(bytes, out, true, false));
    }

    function percentDecodeString(s) {
      return s.includes("%") ? utf8DecodeLossy(percentDecodeBytes(s)) : s;
    }

    // application/x-www-form-urlencoded parsing and serializing.
    function parseForm(input) {
      const list = [];
      for (const sequence of input.split("&")) {
        if (sequence === "") continue;
        const eq = sequence.indexOf("=");
        const name = eq === -1 ? sequence : sequence.slice(0, eq);
        const value = eq === -1 ? "" : sequence.slice(eq + 1);
        list.push([percentDecodeString(name.replace(/\+/g, " ")), percentDecodeString(value.replace(/\+/g, " "))]);
      }
      return list;
    }

    function serializeForm(list) {
      return list.map(([name, value]) => percentEncode(name, inFormSet, true) + "=" + percentEncode(value, inFormSet, true)).join("&");
    }

    // Hosts.

    const forbiddenHost = /[\x00\t\n\r #/:<>?@[\\\]^|]/;
    const forbiddenDomain = /[\x00-\x20#%/:<>?@[\\\]^|\x7f]/;

    function parseIPv4Number(s) {
      if (s === "") return NaN;
      let radix = 10;
      if (s.length >= 2 && (s.startsWith("0x") || s.startsWith("0X"))) { s = s.slice(2); radix = 16; }
      else if (s.length >= 2 && s[0] === "0") { s = s.slice(1); radix = 8; }
      if (s === "") return 0;
      const pattern = radix === 10 ? /^[0-9]+$/ : radix === 16 ? /^[0-9A-Fa-f]+$/ : /^[0-7]+$/;
      return pattern.test(s) ? parseInt(s, radix) : NaN;
    }

    function endsInANumber(s) {
      const parts = s.split(".");
      if (parts[parts.length - 1] === "") {
        if (parts.length === 1) return false;
        parts.pop();
      }
      const last = parts[parts.length - 1];
      if (last !== "" && /^[0-9]+$/.test(last)) return true;
      return !Number.isNaN(parseIPv4Number(last));
    }

    // Returns the serialized address, or null for failure.
    function parseIPv4(s) {
      const parts = s.split(".");
      if (parts[parts.length - 1] === "" && parts.length > 1) parts.pop();
      if (parts.length > 4) return null;
      const numbers = parts.map(parseIPv4Number);
      if (numbers.some(Number.isNaN)) return null;
      for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
      if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
      let address = numbers[numbers.length - 1];
      for (let i = 0; i < numbers.length - 1; i++) address += numbers[i] * 256 ** (3 - i);
      const octets = [];
      for (let i = 0; i < 4; i++) { octets.unshift(address % 256); address = Math.floor(address / 256); }
      return octets.join(".");
    }

    // Returns the serialized address in brackets, or null for failure.
    function parseIPv6(input) {
      const cps = Array.from(input);
      const address = [0, 0, 0, 0, 0, 0, 0, 0];
      let pieceIndex = 0, compress = null, p = 0;
      if (cps[0] === ":") {
        if (cps[1] !== ":") return null;
        p += 2;
        compress = ++pieceIndex;
      }
      while (cps[p] !== undefined) {
        if (pieceIndex === 8) return null;
        if (cps[p] === ":") {
          if (compress !== null) return null;
          p++;
          compress = ++pieceIndex;
          continue;
        }
        let value = 0, length = 0;
        while (length < 4 && isHex(cps[p])) { value = value * 16 + parseInt(cps[p], 16); p++; length++; }
        if (cps[p] === ".") {
          if (length === 0) return null;
          p -= length;
          if (pieceIndex > 6) return null;
          let numbersSeen = 0;
          while (cps[p] !== undefined) {
            let piece = null;
            if (numbersSeen > 0) {
              if (cps[p] === "." && numbersSeen < 4) p++;
              else return null;
            }
            if (!/^[0-9]$/.test(cps[p] || "")) return null;
            while (/^[0-9]$/.test(cps[p] || "")) {
              const number = Number(cps[p]);
              if (piece === null) piece = number;
              else if (piece === 0) return null;
              else piece = piece * 10 + number;
              if (piece > 255) return null;
              p++;
            }
            address[pieceIndex] = address[pieceIndex] * 0x100 + piece;
            numbersSeen++;
            if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
          }
          if (numbersSeen !== 4) return null;
          break;
        } else if (cps[p] === ":") {
          p++;
          if (cps[p] === undefined) return null;
        } else if (cps[p] !== undefined) {
          return null;
        }
        address[pieceIndex++] = value;
      }
      if (compress !== null) {
        let swaps = pieceIndex - compress;
        pieceIndex = 7;
        while (pieceIndex !== 0 && swaps > 0) {
          const t = address[pieceIndex];
          address[pieceIndex] = address[compress + swaps - 1];
          address[compress + swaps - 1] = t;
          pieceIndex--; swaps--;
        }
      } else if (pieceIndex !== 8) {
        return null;
      }
      // Serialize: the first longest run of two or more zero pieces becomes "::".
      let bestStart = -1, bestLength = 1;
      for (let i = 0; i < 8;) {
        if (address[i] !== 0) { i++; continue; }
        let j = i;
        while (j < 8 && address[j] === 0) j++;
        if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
        i = j;
      }
      let out = "";
      for (let i = 0; i < 8; i++) {
        if (i === bestStart) { out += i === 0 ? "::" : ":"; i += bestLength - 1; continue; }
        out += address[i].toString(16) + (i < 7 ? ":" : "");
      }
      return "[" + out + "]";
    }

    // Punycode (RFC 3492) encoding of one label.
    function punycode(label) {
      const base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700;
      const input = Array.from(label, (ch) => ch.codePointAt(0));
      let out = input.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join("");
      const basicLength = out.length;
      let handled = basicLength;
      if (basicLength > 0) out += "-";
      const digit = (d) => String.fromCharCode(d < 26 ? d + 97 : d + 22);
      const adapt = (delta, points, first) => {
        delta = first ? Math.floor(delta / damp) : delta >> 1;
        delta += Math.floor(delta / points);
        let k = 0;
        while (delta > ((base - tMin) * tMax) >> 1) { delta = Math.floor(delta / (base - tMin)); k += base; }
        return k + Math.floor(((base - tMin + 1) * delta) / (delta + skew));
      };
      let n = 128, delta = 0, bias = 72;
      while (handled < input.length) {
        const m = Math.min(...input.filter((c) => c >= n));
        delta += (m - n) * (handled + 1);
        n = m;
        for (const c of input) {
          if (c < n) delta++;
          if (c !== n) continue;
          let q = delta;
          for (let k = base; ; k += base) {
            const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
            if (q < t) break;
            out += digit(t + ((q - t) % (base - t)));
            q = Math.floor((q - t) / (base - t));
          }
          out += digit(q);
          bias = adapt(delta, handled + 1, handled === basicLength);
          delta = 0;
          handled++;
        }
        delta++; n++;
      }
      return out;
    }

    // domain to ASCII, approximated: NFKC and lower case stand in for the UTS #46 mapping table.
    function domainToASCII(domain) {
      let mapped = domain;
      if (/[^\x00-\x7f]/.test(domain)) {
        mapped = domain.normalize("NFKC").toLowerCase().normalize("NFC")
          .replace(/[\u00ad\u034f\u180b-\u180d\u200b\u2060\ufe00-\ufe0f\ufeff]/g, "")
          .replace(/[\u3002\uff0e\uff61]/g, ".");
        mapped = mapped.split(".").map((label) => /[^\x00-\x7f]/.test(label) ? "xn--" + punycode(label) : label).join(".");
      } else {
        mapped = domain.toLowerCase();
      }
      return mapped === "" ? null : mapped;
    }

    // Returns the serialized host, or null for failure.
    function parseHost(input, isOpaque) {
      if (input.startsWith("[")) {
        if (!input.endsWith("]")) return null;
        return parseIPv6(input.slice(1, -1));
      }
      if (isOpaque) {
        if (forbiddenHost.test(input)) return null;
        return percentEncode(input, inC0ControlSet);
      }
      const domain = utf8DecodeLossy(percentDecodeBytes(input));
      const ascii = domainToASCII(domain);
      if (ascii === null || forbiddenDomain.test(ascii)) return null;
      if (endsInANumber(ascii)) return parseIPv4(ascii);
      return ascii;
    }

    // Paths.

    const isWindowsDriveLetter = (s) => s.length === 2 && /^[A-Za-z][:|]$/.test(s);
    const isNormalizedWindowsDriveLetter = (s) => s.length === 2 && /^[A-Za-z]:$/.test(s);
    function startsWithWindowsDriveLetter(cps, p) {
      if (cps.length - p < 2 || !isWindowsDriveLetter(cps[p] + cps[p + 1])) return false;
      return cps.length - p === 2 || "/\\?#".includes(cps[p + 2]);
    }
    const isSingleDot = (s) => s === "." || s.toLowerCase() === "%2e";
    const isDoubleDot = (s) => { s = s.toLowerCase(); return s === ".." || s === ".%2e" || s === "%2e." || s === "%2e%2e"; };

    function shortenPath(url) {
      if (url.scheme === "file" && url.path.length === 1 && isNormalizedWindowsDriveLetter(url.path[0])) return;
      url.path.pop();
    }

    function newRecord() {
      return { scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null };
    }

    const isOpaquePath = (url) => typeof url.path === "string";
    const includesCredentials = (url) => url.username !== "" || url.password !== "";
    const cannotHaveCredentialsOrPort = (url) => url.host === null || url.host === "" || url.scheme === "file";

    // The basic URL parser. Returns the record, or null for failure; with a state override it changes `url` in place.
    function parseURL(input, base, url, stateOverride) {
      if (!url) {
        url = newRecord();
        input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
      }
      input = input.replace(/[\t\n\r]/g, "");
      const cps = Array.from(input);
      let state = stateOverride || "scheme start";
      let buffer = "";
      let atSignSeen = false, insideBrackets = false, passwordTokenSeen = false;
      let p = 0;
      const special = () => specialPorts.has(url.scheme);
      const remainingStartsWith = (s) => cps[p + 1] === s;
      for (;;) {
        const c = cps[p];
        switch (state) {
          case "scheme start":
            if (c !== undefined && /^[A-Za-z]$/.test(c)) { buffer += c.toLowerCase(); state = "scheme"; }
            else if (!stateOverride) { state = "no scheme"; p--; }
            else return null;
            break;
          case "scheme":
            if (c !== undefined && /^[A-Za-z0-9+\-.]$/.test(c)) { buffer += c.toLowerCase(); }
            else if (c === ":") {
              if (stateOverride) {
                if (special() !== specialPorts.has(buffer)) return url;
                if ((includesCredentials(url) || url.port !== null) && buffer === "file") return url;
                if (url.scheme === "file" && url.host === "") return url;
              }
              url.scheme = buffer;
              if (stateOverride) {
                if (url.port === specialPorts.get(url.scheme)) url.port = null;
                return url;
              }
              buffer = "";
              if (url.scheme === "file") state = "file";
              else if (special() && base && base.scheme === url.scheme) state = "special relative or authority";
              else if (special()) state = "special authority slashes";
              else if (remainingStartsWith("/")) { state = "path or authority"; p++; }
              else { url.path = ""; state = "opaque path"; }
            } else if (!stateOverride) { buffer = ""; state = "no scheme"; p = -1; }
            else return null;
            break;
          case "no scheme":
            if (!base || (isOpaquePath(base) && c !== "#")) return null;
            if (isOpaquePath(base) && c === "#") {
              url.scheme = base.scheme; url.path = base.path; url.query = base.query; url.fragment = ""; state = "fragment";
            } else if (base.scheme !== "file") { state = "relative"; p--; }
            else { state = "file"; p--; }
            break;
          case "special relative or authority":
            if (c === "/" && remainingStartsWith("/")) { state = "special authority ignore slashes"; p++; }
            else { state = "relative"; p--; }
            break;
          case "path or authority":
            if (c === "/") state = "authority";
            else { state = "path"; p--; }
            break;
          case "relative":
            url.scheme = base.scheme;
            if (c === "/" || (special() && c === "\\")) state = "relative slash";
            else {
              url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
              url.path = base.path.slice(); url.query = base.query;
              if (c === "?") { url.query = ""; state = "query"; }
              else if (c === "#") { url.fragment = ""; state = "fragment"; }
              else if (c !== undefined) { url.query = null; shortenPath(url); state = "path"; p--; }
            }
            break;
          case "relative slash":
            if (special() && (c === "/" || c === "\\")) state = "special authority ignore slashes";
            else if (c === "/") state = "authority";
            else {
              url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
              state = "path"; p--;
            }
            break;
          case "special authority slashes":
            if (c === "/" && remainingStartsWith("/")) { state = "special authority ignore slashes"; p++; }
            else { state = "special authority ignore slashes"; p--; }
            break;
          case "special authority ignore slashes":
            if (c !== "/" && c !== "\\") { state = "authority"; p--; }
            break;
          case "authority":
            if (c === "@") {
              if (atSignSeen) buffer = "%40" + buffer;
              atSignSeen = true;
              for (const ch of buffer) {
                if (ch === ":" && !passwordTokenSeen) { passwordTokenSeen = true; continue; }
                const encoded = percentEncode(ch, inUserinfoSet);
                if (passwordTokenSeen) url.password += encoded; else url.username += encoded;
              }
              buffer = "";
            } else if (c === undefined || c === "/" || c === "?" || c === "#" || (special() && c === "\\")) {
              if (atSignSeen && buffer === "") return null;
              p -= Array.from(buffer).length + 1;
              buffer = "";
              state = "host";
            } else buffer += c;
            break;
          case "host":
          case "hostname":
            if (stateOverride && url.scheme === "file") { p--; state = "file host"; }
            else if (c === ":" && !insideBrackets) {
              if (buffer === "") return null;
              if (stateOverride === "hostname") return null;
              const host = parseHost(buffer, !special());
              if (host === null) return null;
              url.host = host; buffer = ""; state = "port";
            } else if (c === undefined || c === "/" || c === "?" || c === "#" || (special() && c === "\\")) {
              p--;
              if (special() && buffer === "") return null;
              if (stateOverride && buffer === "" && (includesCredentials(url) || url.port !== null)) return null;
              const host = parseHost(buffer, !special());
              if (host === null) return null;
              url.host = host; buffer = ""; state = "path start";
              if (stateOverride) return url;
            } else {
              if (c === "[") insideBrackets = true;
              if (c === "]") insideBrackets = false;
              buffer += c;
            }
            break;
          case "port":
            if (c !== undefined && /^[0-9]$/.test(c)) buffer += c;
            else if (c === undefined || c === "/" || c === "?" || c === "#" || (special() && c === "\\") || stateOverride) {
              if (buffer !== "") {
                const port = parseInt(buffer, 10);
                if (port > 65535) return null;
                url.port = port === specialPorts.get(url.scheme) ? null : port;
                buffer = "";
                if (stateOverride) return url;
              }
              if (stateOverride) return null;
              state = "path start"; p--;
            } else return null;
            break;
          case "file":
            url.scheme = "file";
            url.host = "";
            if (c === "/" || c === "\\") state = "file slash";
            else if (base && base.scheme === "file") {
              url.host = base.host; url.path = base.path.slice(); url.query = base.query;
              if (c === "?") { url.query = ""; state = "query"; }
              else if (c === "#") { url.fragment = ""; state = "fragment"; }
              else if (c !== undefined) {
                url.query = null;
                if (!startsWithWindowsDriveLetter(cps, p)) shortenPath(url);
                else url.path = [];
                state = "path"; p--;
              }
            } else { state = "path"; p--; }
            break;
          case "file slash":
            if (c === "/" || c === "\\") state = "file host";
            else {
              if (base && base.scheme === "file") {
                url.host = base.host;
                if (!startsWithWindowsDriveLetter(cps, p) && isNormalizedWindowsDriveLetter(base.path[0] || "")) url.path.push(base.path[0]);
              }
              state = "path"; p--;
            }
            break;
          case "file host":
            if (c === undefined || c === "/" || c === "\\" || c === "?" || c === "#") {
              p--;
              if (!stateOverride && isWindowsDriveLetter(buffer)) state = "path";
              else if (buffer === "") {
                url.host = "";
                if (stateOverride) return url;
                state = "path start";
              } else {
                let host = parseHost(buffer, !special());
                if (host === null) return null;
                if (host === "localhost") host = "";
                url.host = host;
                if (stateOverride) return url;
                buffer = "";
                state = "path start";
              }
            } else buffer += c;
            break;
          case "path start":
            if (special()) { state = "path"; if (c !== "/" && c !== "\\") p--; }
            else if (!stateOverride && c === "?") { url.query = ""; state = "query"; }
            else if (!stateOverride && c === "#") { url.fragment = ""; state = "fragment"; }
            else if (c !== undefined) { state = "path"; if (c !== "/") p--; }
            else if (stateOverride && url.host === null) url.path.push("");
            break;
          case "path":
            if (c === undefined || c === "/" || (special() && c === "\\") || (!stateOverride && (c === "?" || c === "#"))) {
              const slash = c === "/" || (special() && c === "\\");
              if (isDoubleDot(buffer)) {
                shortenPath(url);
                if (!slash) url.path.push("");
              } else if (isSingleDot(buffer) && !slash) {
                url.path.push("");
              } else if (!isSingleDot(buffer)) {
                if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(buffer)) buffer = buffer[0] + ":";
                url.path.push(buffer);
              }
              buffer = "";
              if (c === "?") { url.query = ""; state = "query"; }
              if (c === "#") { url.fragment = ""; state = "fragment"; }
            } else buffer += percentEncode(c, inPathSet);
            break;
          case "opaque path":
            if (c === "?") { url.query = ""; state = "query"; }
            else if (c === "#") { url.fragment = ""; state = "fragment"; }
            else if (c !== undefined) url.path += percentEncode(c, inC0ControlSet);
            break;
          case "query":
            if ((!stateOverride && c === "#") || c === undefined) {
              url.query += percentEncode(buffer, special() ? inSpecialQuerySet : inQuerySet);
              buffer = "";
              if (c === "#") { url.fragment = ""; state = "fragment"; }
            } else buffer += c;
            break;
          case "fragment":
            if (c !== undefined) url.fragment += percentEncode(c, inFragmentSet);
            break;
        }
        if (p >= cps.length) break;
        p++;
      }
      return url;
    }

    function serializePath(url) {
      if (isOpaquePath(url)) return url.path;
      let out = "";
      for (const segment of url.path) out += "/" + segment;
      return out;
    }

    function serializeURL(url, excludeFragment = false) {
      let out = url.scheme + ":";
      if (url.host !== null) {
        out += "//";
        if (includesCredentials(url)) out += url.username + (url.password !== "" ? ":" + url.password : "") + "@";
        out += url.host;
        if (url.port !== null) out += ":" + url.port;
      } else if (!isOpaquePath(url) && url.path.length > 1 && url.path[0] === "") {
        out += "/.";
      }
      out += serializePath(url);
      if (url.query !== null) out += "?" + url.query;
      if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
      return out;
    }

    function serializeOrigin(url) {
      switch (url.scheme) {
        case "blob": {
          const inner = isOpaquePath(url) ? parseURL(url.path) : null;
          return inner && (inner.scheme === "http" || inner.scheme === "https") ? serializeOrigin(inner) : "null";
        }
        case "ftp": case "http": case "https": case "ws": case "wss":
          return url.scheme + "://" + url.host + (url.port !== null ? ":" + url.port : "");
        default:
          return "null";
      }
    }

    function stripTrailingSpacesFromOpaquePath(url) {
      if (!isOpaquePath(url) || url.fragment !== null || url.query !== null) return;
      url.path = url.path.replace(/ +$/, "");
    }

    let searchParamsList, searchParamsAttach, urlRecordOf, urlUpdateQuery;

    class URLSearchParams {
      #list = [];
      #url = null;

      constructor(init = "") {
        if (init instanceof URLSearchParams) { this.#list = init.#list.map((pair) => pair.slice()); return; }
        if (init !== null && (typeof init === "object" || typeof init === "function")) {
          if (typeof init[Symbol.iterator] === "function") {
            for (const pair of init) {
              const items = typeof pair === "string" ? null : Array.from(pair);
              if (items === null || items.length !== 2) throw new TypeError("Each URLSearchParams init pair must have exactly two items.");
              this.#list.push([toUSVString(items[0]), toUSVString(items[1])]);
            }
          } else {
            for (const key of Reflect.ownKeys(init)) {
              if (typeof key !== "string" || !Object.prototype.propertyIsEnumerable.call(init, key)) continue;
              this.#list.push([toUSVString(key), toUSVString(init[key])]);
            }
          }
          return;
        }
        let s = toUSVString(init);
        if (s.startsWith("?")) s = s.slice(1);
        this.#list = parseForm(s);
      }

      static {
        searchParamsList = (params) => params.#list;
        searchParamsAttach = (params, url, list) => { params.#url = url; params.#list = list; };
      }

      #update() {
        if (this.#url === null) return;
        urlUpdateQuery(this.#url, this.#list.length ? serializeForm(this.#list) : null);
      }

      get size() { return this.#list.length; }
      append(name, value) { this.#list.push([toUSVString(name), toUSVString(value)]); this.#update(); }
      delete(name, value = undefined) {
        name = toUSVString(name);
        value = value === undefined ? undefined : toUSVString(value);
        this.#list = this.#list.filter(([n, v]) => !(n === name && (value === undefined || v === value)));
        this.#update();
      }
      get(name) {
        name = toUSVString(name);
        const pair = this.#list.find(([n]) => n === name);
        return pair ? pair[1] : null;
      }
      getAll(name) {
        name = toUSVString(name);
        return this.#list.filter(([n]) => n === name).map(([, v]) => v);
      }
      has(name, value = undefined) {
        name = toUSVString(name);
        value = value === undefined ? undefined : toUSVString(value);
        return this.#list.some(([n, v]) => n === name && (value === undefined || v === value));
      }
      set(name, value) {
        name = toUSVString(name);
        value = toUSVString(value);
        const i = this.#list.findIndex(([n]) => n === name);
        if (i === -1) this.#list.push([name, value]);
        else {
          this.#list[i][1] = value;
          this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
        }
        this.#update();
      }
      sort() {
        // Array.prototype.sort is stable and compares UTF-16 code units, as the standard asks.
        this.#list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        this.#update();
      }
      forEach(callback, thisArg = undefined) {
        for (let i = 0; i < this.#list.length; i++) callback.call(thisArg, this.#list[i][1], this.#list[i][0], this);
      }
      *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
      *keys() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0]; }
      *values() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1]; }
      toString() { return serializeForm(this.#list); }
      [inspectHook](show) { return "URLSearchParams { " + this.#list.map(([n, v]) => show(n) + " => " + show(v)).join(", ") + " }"; }
    }
    URLSearchParams.prototype[Symbol.iterator] = URLSearchParams.prototype.entries;
    exposeMembers(URLSearchParams, "URLSearchParams");

    function parseOrThrow(url, base) {
      let baseRecord = null;
      if (base !== undefined) {
        baseRecord = parseURL(toUSVString(base));
        if (baseRecord === null) throw new TypeError("Invalid base URL: " + base);
      }
      const record = parseURL(toUSVString(url), baseRecord);
      if (record === null) throw new TypeError("Invalid URL: " + url);
      return record;
    }

    class URL {
      #url;
      #query = null;

      constructor(url, base = undefined) {
        this.#url = parseOrThrow(url, base);
      }

      static {
        urlRecordOf = (u) => u.#url;
        urlUpdateQuery = (u, query) => {
          u.#url.query = query;
          if (query === null) stripTrailingSpacesFromOpaquePath(u.#url);
        };
      }

      static canParse(url, base = undefined) {
        try { parseOrThrow(url, base); return true; } catch { return false; }
      }

      static parse(url, base = undefined) {
        try { return new URL(url, base); } catch { return null; }
      }

      #setQueryList() {
        if (this.#query !== null) searchParamsAttach(this.#query, this, this.#url.query ? parseForm(this.#url.query) : []);
      }

      get href() { return serializeURL(this.#url); }
      set href(value) {
        const record = parseURL(toUSVString(value));
        if (record === null) throw new TypeError("Invalid URL: " + value);
        this.#url = record;
        this.#setQueryList();
      }
      get origin() { return serializeOrigin(this.#url); }
      get protocol() { return this.#url.scheme + ":"; }
      set protocol(value) { parseURL(toUSVString(value) + ":", null, this.#url, "scheme start"); }
      get username() { return this.#url.username; }
      set username(value) {
        if (cannotHaveCredentialsOrPort(this.#url)) return;
        this.#url.username = percentEncode(toUSVString(value), inUserinfoSet);
      }
      get password() { return this.#url.password; }
      set password(value) {
        if (cannotHaveCredentialsOrPort(this.#url)) return;
        this.#url.password = percentEncode(toUSVString(value), inUserinfoSet);
      }
      get host() {
        const url = this.#url;
        if (url.host === null) return "";
        return url.port === null ? url.host : url.host + ":" + url.port;
      }
      set host(value) {
        if (isOpaquePath(this.#url)) return;
        this.#setPart(value, "host");
      }
      get hostname() { return this.#url.host === null ? "" : this.#url.host; }
      set hostname(value) {
        if (isOpaquePath(this.#url)) return;
        this.#setPart(value, "hostname");
      }
      get port() { return this.#url.port === null ? "" : String(this.#url.port); }
      set port(value) {
        if (cannotHaveCredentialsOrPort(this.#url)) return;
        value = toUSVString(value);
        if (value === "") this.#url.port = null;
        else this.#setPart(value, "port");
      }
      get pathname() { return serializePath(this.#url); }
      set pathname(value) {
        if (isOpaquePath(this.#url)) return;
        const copy = { ...this.#url, path: [] };
        if (parseURL(toUSVString(value), null, copy, "path start") !== null) this.#url = copy;
      }
      get search() { return this.#url.query === null || this.#url.query === "" ? "" : "?" + this.#url.query; }
      set search(value) {
        let s = toUSVString(value);
        if (s === "") {
          this.#url.query = null;
          stripTrailingSpacesFromOpaquePath(this.#url);
        } else {
          if (s.startsWith("?")) s = s.slice(1);
          const copy = { ...this.#url, query: "" };
          if (parseURL(s, null, copy, "query") !== null) this.#url = copy;
        }
        this.#setQueryList();
      }
      get searchParams() {
        if (this.#query === null) {
          this.#query = new URLSearchParams();
          this.#setQueryList();
        }
        return this.#query;
      }
      get hash() { return this.#url.fragment === null || this.#url.fragment === "" ? "" : "#" + this.#url.fragment; }
      set hash(value) {
        let s = toUSVString(value);
        if (s === "") {
          this.#url.fragment = null;
          stripTrailingSpacesFromOpaquePath(this.#url);
          return;
        }
        if (s.startsWith("#")) s = s.slice(1);
        const copy = { ...this.#url, fragment: "" };
        if (parseURL(s, null, copy, "fragment") !== null) this.#url = copy;
      }
      toString() { return serializeURL(this.#url); }
      toJSON() { return serializeURL(this.#url); }
      [inspectHook]() { return "URL '" + serializeURL(this.#url) + "'"; }

      // A setter's parse works on a copy, so a failure leaves the URL as it was.
      #setPart(value, stateOverride) {
        const copy = { ...this.#url, path: Array.isArray(this.#url.path) ? this.#url.path.slice() : this.#url.path };
        if (parseURL(toUSVString(value), null, copy, stateOverride) !== null) this.#url = copy;
      }
    }
    exposeMembers(URL, "URL");

    return { URL, URLSearchParams };
  });
  lazyGlobals(urlModule, ["URL", "URLSearchParams"]);

  //#endregion
  //#region Streams (a subset: default readers and writers, no byte streams, no backpressure)

  const streamsModule = lazyModule(() => {
    const { utf8Encode } = encodingModule();

    let streamIsDisturbed;

    class ReadableStreamDefaultController {
      #stream;
      constructor(stream, token) {
        if (token !== internalToken) throw new TypeError("Illegal constructor");
        this.#stream = stream;
      }
      get desiredSize() { return this.#stream.desiredSize(); }
      enqueue(chunk) { this.#stream.enqueue(chunk); }
      close() { this.#stream.close(); }
      error(e) { this.#stream.error(e); }
    }
    exposeMembers(ReadableStreamDefaultController, "ReadableStreamDefaultController");

    // The state behind a ReadableStream, shared with its controller and reader.
    class StreamState {
      queue = [];
      state = "readable";
      storedError = undefined;
      readRequests = [];
      disturbed = false;
      closeRequested = false;
      pulling = false;
      source;
      controller;
      reader = null;
      highWaterMark;

      constructor(source, highWaterMark) {
        this.source = source;
        this.highWaterMark = highWaterMark;
      }
      desiredSize() {
        if (this.state === "errored") return null;
        if (this.state === "closed") return 0;
        return this.highWaterMark - this.queue.length;
      }
      enqueue(chunk) {
        if (this.state !== "readable" || this.closeRequested) throw new TypeError("The stream is closed; it cannot enqueue.");
        if (this.readRequests.length) this.readRequests.shift().resolve({ value: chunk, done: false });
        else this.queue.push(chunk);
      }
      close() {
        if (this.state !== "readable" || this.closeRequested) throw new TypeError("The stream is already closed.");
        this.closeRequested = true;
        if (this.queue.length === 0) this.finishClose();
      }
      finishClose() {
        this.state = "closed";
        for (const request of this.readRequests.splice(0)) request.resolve({ value: undefined, done: true });
        if (this.reader) this.reader.closedResolvers.resolve(undefined);
      }
      error(e) {
        if (this.state !== "readable") return;
        this.state = "errored";
        this.storedError = e;
        this.queue = [];
        for (const request of this.readRequests.splice(0)) request.reject(e);
        if (this.reader) { this.reader.closedResolvers.reject(e); this.reader.closedResolvers.promise.catch(() => {}); }
      }
      pull() {
        if (this.pulling || this.state !== "readable" || this.closeRequested || !this.source || typeof this.source.pull !== "function") return;
        this.pulling = true;
        Promise.resolve().then(() => this.source.pull(this.controller)).then(
          () => { this.pulling = false; if (this.readRequests.length && this.queue.length === 0) this.pull(); },
          (e) => { this.pulling = false; this.error(e); });
      }
      read() {
        this.disturbed = true;
        if (this.queue.length) {
          const value = this.queue.shift();
          if (this.closeRequested && this.queue.length === 0) this.finishClose();
          else this.pull();
          return Promise.resolve({ value, done: false });
        }
        if (this.state === "closed") return Promise.resolve({ value: undefined, done: true });
        if (this.state === "errored") return Promise.reject(this.storedError);
        const request = Promise.withResolvers();
        this.readRequests.push(request);
        this.pull();
        return request.promise;
      }
      cancel(reason) {
        this.disturbed = true;
        if (this.state === "closed") return Promise.resolve();
        if (this.state === "errored") return Promise.reject(this.storedError);
        this.queue = [];
        this.finishClose();
        const cancel = this.source && this.source.cancel;
        return Promise.resolve().then(() => (typeof cancel === "function" ? cancel.call(this.source, reason) : undefined)).then(() => undefined);
      }
    }

    class ReadableStreamDefaultReader {
      #s;
      closedResolvers = null;
      constructor(stream) {
        const s = streamStateOf(stream);
        if (s.reader) throw new TypeError("The stream is locked to another reader.");
        s.reader = this;
        this.#s = s;
        this.closedResolvers = Promise.withResolvers();
        if (s.state === "closed") this.closedResolvers.resolve(undefined);
        if (s.state === "errored") { this.closedResolvers.reject(s.storedError); this.closedResolvers.promise.catch(() => {}); }
      }
      get closed() { return this.closedResolvers.promise; }
      read() {
        if (this.#s === null) return Promise.reject(new TypeError("The reader has been released."));
        return this.#s.read();
      }
      cancel(reason) {
        if (this.#s === null) return Promise.reject(new TypeError("The reader has been released."));
        return this.#s.cancel(reason);
      }
      releaseLock() {
        if (this.#s === null) return;
        for (const request of this.#s.readRequests.splice(0)) request.reject(new TypeError("The reader was released."));
        this.#s.reader = null;
        this.#s = null;
      }
    }
    exposeMembers(ReadableStreamDefaultReader, "ReadableStreamDefaultReader");

    let streamStateOf;

    class ReadableStream {
      #s;
      constructor(underlyingSource = undefined, strategy = undefined) {
        if (underlyingSource && underlyingSource.type === "bytes") {
          // Byte streams are served as default streams: chunks are read whole, BYOB readers are missing.
        }
        const hwm = strategy && strategy.highWaterMark !== undefined ? Number(strategy.highWaterMark) : 1;
        const s = new StreamState(underlyingSource || null, hwm);
        s.controller = new ReadableStreamDefaultController(s, internalToken);
        this.#s = s;
        const start = underlyingSource && underlyingSource.start;
        const started = typeof start === "function" ? start.call(underlyingSource, s.controller) : undefined;
        Promise.resolve(started).then(() => { if (s.readRequests.length || s.queue.length < s.highWaterMark) s.pull(); }, (e) => s.error(e));
      }
      static {
        streamStateOf = (stream) => stream.#s;
        streamIsDisturbed = (stream) => stream.#s.disturbed;
      }
      static from(iterable) {
        const iterator = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
        return new ReadableStream({
          async pull(controller) {
            const { value, done } = await iterator.next();
            if (done) controller.close(); else controller.enqueue(value);
          },
          async cancel(reason) { if (typeof iterator.return === "function") await iterator.return(reason); },
        }, { highWaterMark: 0 });
      }
      get locked() { return this.#s.reader !== null; }
      cancel(reason) {
        if (this.#s.reader) return Promise.reject(new TypeError("The stream is locked to a reader."));
        return this.#s.cancel(reason);
      }
      getReader(options = undefined) {
        if (options && options.mode !== undefined) throw new TypeError("BYOB readers are not supported by this runtime.");
        return new ReadableStreamDefaultReader(this);
      }
      tee() {
        const reader = this.getReader();
        const branches = [];
        let canceled = 0;
        const pull = async () => {
          const { value, done } = await reader.read();
          for (const b of branches) {
            if (b.canceled) continue;
            if (done) b.controller.close(); else b.controller.enqueue(value);
          }
        };
        for (let i = 0; i < 2; i++) {
          const branch = { controller: null, canceled: false };
          branches.push(branch);
          branch.stream = new ReadableStream({
            start(controller) { branch.controller = controller; },
            pull,
            cancel(reason) { branch.canceled = true; if (++canceled === 2) return reader.cancel(reason); },
          }, { highWaterMark: 0 });
        }
        return [branches[0].stream, branches[1].stream];
      }
      pipeThrough(transform, options = undefined) {
        if (!transform || !(transform.readable instanceof ReadableStream) || !transform.writable) {
          throw new TypeError("pipeThrough needs a { readable, writable } pair.");
        }
        this.pipeTo(transform.writable, options).catch(() => {});
        return transform.readable;
      }
      async pipeTo(destination, options = {}) {
        if (!(destination instanceof WritableStream)) throw new TypeError("pipeTo needs a WritableStream.");
        const { preventClose = false, preventAbort = false, preventCancel = false, signal } = options || {};
        const reader = this.getReader();
        const writer = destination.getWriter();
        let aborted = null;
        const onAbort = () => { aborted = signal.reason; };
        if (signal) {
          if (signal.aborted) aborted = signal.reason;
          else signal.addEventListener("abort", onAbort, { once: true });
        }
        try {
          for (;;) {
            if (aborted !== null) {
              if (!preventAbort) await writer.abort(aborted);
              if (!preventCancel) await reader.cancel(aborted);
              throw aborted;
            }
            let result;
            try {
              result = await reader.read();
            } catch (e) {
              if (!preventAbort) await writer.abort(e).catch(() => {});
              throw e;
            }
            if (result.done) break;
            try {
              await writer.write(result.value);
            } catch (e) {
              if (!preventCancel) await reader.cancel(e).catch(() => {});
              throw e;
            }
          }
          if (!preventClose) await writer.close();
        } finally {
          if (signal) signal.removeEventListener("abort", onAbort);
          reader.releaseLock();
          writer.releaseLock();
        }
      }
      async *values(options = undefined) {
        const reader = this.getReader();
        const preventCancel = Boolean(options && options.preventCancel);
        let finished = false;
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) { finished = true; return; }
            yield value;
          }
        } finally {
          if (!finished && !preventCancel) await reader.cancel();
          reader.releaseLock();
        }
      }
    }
    ReadableStream.prototype[Symbol.asyncIterator] = ReadableStream.prototype.values;

    // WritableStream: writes run one after another through the sink; `ready` is always resolved (no backpressure).
    class WritableStreamDefaultController {
      #sink;
      constructor(sink, token) {
        if (token !== internalToken) throw new TypeError("Illegal constructor");
        this.#sink = sink;
      }
      error(e) { this.#sink.error(e); }
    }
    exposeMembers(WritableStreamDefaultController, "WritableStreamDefaultController");

    class SinkState {
      state = "writable";
      storedError = undefined;
      chain = Promise.resolve();
      writer = null;
      pending = 0;
      closed = Promise.withResolvers();
      sink;
      controller;
      highWaterMark;

      constructor(sink, highWaterMark) {
        this.sink = sink || {};
        this.highWaterMark = highWaterMark;
        this.closed.promise.catch(() => {});
      }
      error(e) {
        if (this.state === "closed" || this.state === "errored") return;
        this.state = "errored";
        this.storedError = e;
        this.closed.reject(e);
      }
      call(name, args) {
        const method = this.sink[name];
        return typeof method === "function" ? method.apply(this.sink, args) : undefined;
      }
      enqueue(step) {
        this.pending++;
        const run = this.chain.then(() => {
          if (this.state === "errored") throw this.storedError;
          return step();
        });
        this.chain = run.then(() => { this.pending--; }, (e) => { this.pending--; this.error(e); });
        return run;
      }
      write(chunk) {
        if (this.state !== "writable") {
          return Promise.reject(this.state === "errored" ? this.storedError : new TypeError("The stream is closing or closed."));
        }
        return this.enqueue(() => this.call("write", [chunk, this.controller]));
      }
      close() {
        if (this.state !== "writable") {
          return Promise.reject(this.state === "errored" ? this.storedError : new TypeError("The stream is already closing or closed."));
        }
        this.state = "closing";
        return this.enqueue(async () => {
          await this.call("close", []);
          this.state = "closed";
          this.closed.resolve(undefined);
        });
      }
      async abort(reason) {
        if (this.state === "closed" || this.state === "errored") return;
        this.error(reason);
        await this.call("abort", [reason]);
      }
    }

    class WritableStreamDefaultWriter {
      #s;
      constructor(stream) {
        const s = sinkStateOf(stream);
        if (s.writer) throw new TypeError("The stream is locked to another writer.");
        s.writer = this;
        this.#s = s;
      }
      #state() {
        if (this.#s === null) throw new TypeError("The writer has been released.");
        return this.#s;
      }
      get closed() { return this.#s === null ? Promise.reject(new TypeError("The writer has been released.")) : this.#s.closed.promise; }
      get ready() { return Promise.resolve(undefined); }
      get desiredSize() {
        const s = this.#state();
        if (s.state === "errored") return null;
        return s.state === "writable" ? s.highWaterMark - s.pending : 0;
      }
      write(chunk) {
        try { return this.#state().write(chunk); } catch (e) { return Promise.reject(e); }
      }
      close() {
        try { return this.#state().close(); } catch (e) { return Promise.reject(e); }
      }
      abort(reason) {
        try { return this.#state().abort(reason); } catch (e) { return Promise.reject(e); }
      }
      releaseLock() {
        if (this.#s === null) return;
        this.#s.writer = null;
        this.#s = null;
      }
    }
    exposeMembers(WritableStreamDefaultWriter, "WritableStreamDefaultWriter");

    let sinkStateOf;

    class WritableStream {
      #s;
      constructor(underlyingSink = undefined, strategy = undefined) {
        const hwm = strategy && strategy.highWaterMark !== undefined ? Number(strategy.highWaterMark) : 1;
        const s = new SinkState(underlyingSink, hwm);
        s.controller = new WritableStreamDefaultController(s, internalToken);
        this.#s = s;
        const started = s.call("start", [s.controller]);
        s.chain = Promise.resolve(started).then(() => {}, (e) => s.error(e));
      }
      static {
        sinkStateOf = (stream) => stream.#s;
      }
      get locked() { return this.#s.writer !== null; }
      getWriter() { return new WritableStreamDefaultWriter(this); }
      abort(reason) {
        if (this.#s.writer) return Promise.reject(new TypeError("The stream is locked to a writer."));
        return this.#s.abort(reason);
      }
      close() {
        if (this.#s.writer) return Promise.reject(new TypeError("The stream is locked to a writer."));
        return this.#s.close();
      }
    }
    exposeMembers(WritableStream, "WritableStream");

    // TransformStream: a writable side whose chunks go through `transform` into a readable side (queued unbounded).
    class TransformStreamDefaultController {
      #readable;
      #fail;
      constructor(readableController, fail, token) {
        if (token !== internalToken) throw new TypeError("Illegal constructor");
        this.#readable = readableController;
        this.#fail = fail;
      }
      get desiredSize() { return this.#readable.desiredSize; }
      enqueue(chunk) { this.#readable.enqueue(chunk); }
      error(e) { this.#fail(e); }
      terminate() {
        try { this.#readable.close(); } catch { /* already closed */ }
        this.#fail(new TypeError("The transform stream was terminated."), true);
      }
    }
    exposeMembers(TransformStreamDefaultController, "TransformStreamDefaultController");

    class TransformStream {
      #readable;
      #writable;
      constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
        const t = transformer || {};
        let readableController;
        this.#readable = new ReadableStream({ start(c) { readableController = c; } }, readableStrategy || { highWaterMark: 0 });
        let writable;
        const fail = (e, readableDone = false) => {
          if (!readableDone) readableController.error(e);
          sinkStateOf(writable).error(e);
        };
        const controller = new TransformStreamDefaultController(readableController, fail, internalToken);
        writable = new WritableStream({
          start: () => (typeof t.start === "function" ? t.start.call(t, controller) : undefined),
          write: (chunk) => (typeof t.transform === "function" ? t.transform.call(t, chunk, controller) : controller.enqueue(chunk)),
          close: async () => {
            if (typeof t.flush === "function") await t.flush.call(t, controller);
            try { readableController.close(); } catch { /* terminated */ }
          },
          abort: (reason) => { readableController.error(reason); },
        }, writableStrategy);
        this.#writable = writable;
      }
      get readable() { return this.#readable; }
      get writable() { return this.#writable; }
    }
    exposeMembers(TransformStream, "TransformStream");

    // Workers' own: a TransformStream of bytes that passes chunks through unchanged.
    class IdentityTransformStream extends TransformStream {
      constructor() { super(); }
    }
    exposeMembers(IdentityTransformStream, "IdentityTransformStream");

    class TextEncoderStream extends TransformStream {
      constructor() {
        const { utf8Encode: encode } = encodingModule();
        let pending = "";
        super({
          transform(chunk, controller) {
            let s = pending + String(chunk);
            pending = "";
            const last = s.charCodeAt(s.length - 1);
            if (last >= 0xd800 && last <= 0xdbff) { pending = s[s.length - 1]; s = s.slice(0, -1); }
            if (s) controller.enqueue(encode(s));
          },
          flush(controller) { if (pending) controller.enqueue(encode(pending)); },
        });
      }
      get encoding() { return "utf-8"; }
    }
    exposeMembers(TextEncoderStream, "TextEncoderStream");

    class TextDecoderStream extends TransformStream {
      #decoder;
      constructor(label = "utf-8", options = {}) {
        const decoder = new (encodingModule().TextDecoder)(label, options);
        super({
          transform(chunk, controller) {
            const s = decoder.decode(chunk, { stream: true });
            if (s) controller.enqueue(s);
          },
          flush(controller) {
            const s = decoder.decode();
            if (s) controller.enqueue(s);
          },
        });
        this.#decoder = decoder;
      }
      get encoding() { return this.#decoder.encoding; }
      get fatal() { return this.#decoder.fatal; }
      get ignoreBOM() { return this.#decoder.ignoreBOM; }
    }
    exposeMembers(TextDecoderStream, "TextDecoderStream");
    exposeMembers(ReadableStream, "ReadableStream");

    function streamOfBytes(bytes) {
      return new ReadableStream({
        start(controller) {
          if (bytes.length) controller.enqueue(bytes);
          controller.close();
        },
      }, { highWaterMark: 0 });
    }

    async function readAllBytes(stream) {
      const reader = stream.getReader();
      const chunks = [];
      let total = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        let chunk;
        if (value instanceof Uint8Array) chunk = value;
        else if (isBufferSource(value)) chunk = viewBytes(value);
        else if (typeof value === "string") chunk = utf8Encode(value);
        else throw new TypeError("A body stream must yield ArrayBuffer or ArrayBufferView chunks.");
        chunks.push(chunk);
        total += chunk.length;
      }
      reader.releaseLock();
      if (chunks.length === 1) return chunks[0].slice();
      const out = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) { out.set(c, offset); offset += c.length; }
      return out;
    }

    return {
      ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController, WritableStream, WritableStreamDefaultWriter,
      WritableStreamDefaultController, TransformStream, TransformStreamDefaultController, IdentityTransformStream,
      TextEncoderStream, TextDecoderStream, streamIsDisturbed, streamOfBytes, readAllBytes,
    };
  });
  lazyGlobals(streamsModule, [
    "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamDefaultController", "WritableStream",
    "WritableStreamDefaultWriter", "WritableStreamDefaultController", "TransformStream", "TransformStreamDefaultController",
    "IdentityTransformStream", "TextEncoderStream", "TextDecoderStream",
  ]);

  //#endregion
  //#region Blob, File, FormData (File API, XMLHttpRequest Standard's FormData, multipart/form-data)

  const blobModule = lazyModule(() => {
    const { utf8Encode, TextDecoder } = encodingModule();

    // Bytes as a string of code units 0-255, and back: multipart delimiters are found in this form.
    function bytesToBinary(bytes) {
      let s = "";
      for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
      return s;
    }
    function binaryToBytes(s) {
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      return out;
    }

    let blobBytes;

    class Blob {
      #bytes;
      #type;
      constructor(blobParts = [], options = {}) {
        const chunks = [];
        if (blobParts !== null && typeof blobParts === "object" && typeof blobParts[Symbol.iterator] === "function") {
          for (const part of blobParts) {
            if (part instanceof Blob) chunks.push(part.#bytes);
            else if (isBufferSource(part)) chunks.push(copyBytes(part));
            else chunks.push(utf8Encode(toUSVString(part)));
          }
        } else if (blobParts !== undefined) {
          throw new TypeError("Blob parts must be a sequence.");
        }
        let total = 0;
        for (const c of chunks) total += c.length;
        this.#bytes = new Uint8Array(total);
        let offset = 0;
        for (const c of chunks) { this.#bytes.set(c, offset); offset += c.length; }
        const type = options && options.type !== undefined ? String(options.type) : "";
        this.#type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : "";
      }
      static {
        blobBytes = (blob) => blob.#bytes;
      }
      get size() { return this.#bytes.length; }
      get type() { return this.#type; }
      slice(start = 0, end = this.#bytes.length, contentType = "") {
        const size = this.#bytes.length;
        const clamp = (n) => { n = Math.trunc(Number(n)) || 0; return n < 0 ? Math.max(size + n, 0) : Math.min(n, size); };
        const from = clamp(start), to = clamp(end);
        return new Blob([this.#bytes.subarray(from, Math.max(from, to))], { type: contentType });
      }
      async arrayBuffer() { return this.#bytes.slice().buffer; }
      async bytes() { return this.#bytes.slice(); }
      async text() { return new TextDecoder().decode(this.#bytes); }
      stream() { return streamsModule().streamOfBytes(this.#bytes.slice()); }
    }
    exposeMembers(Blob, "Blob");

    class File extends Blob {
      #name;
      #lastModified;
      constructor(fileBits, fileName, options = {}) {
        if (arguments.length < 2) throw new TypeError("File needs its bits and a name.");
        super(fileBits, options);
        this.#name = toUSVString(fileName);
        this.#lastModified = options && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
      }
      get name() { return this.#name; }
      get lastModified() { return this.#lastModified; }
    }
    exposeMembers(File, "File");

    // An entry's value is a string or a File; a Blob becomes a File named "blob" unless a file name is given.
    function entryValue(value, filename) {
      if (value instanceof Blob) {
        if (value instanceof File && filename === undefined) return value;
        return new File([value], filename === undefined ? "blob" : filename, { type: value.type });
      }
      return toUSVString(value);
    }

    let formList;

    class FormData {
      #list = [];
      constructor(form = undefined) {
        if (form !== undefined) throw new TypeError("FormData from an HTML form is not available in Workers.");
      }
      static {
        formList = (form) => form.#list;
      }
      append(name, value, filename = undefined) { this.#list.push([toUSVString(name), entryValue(value, filename)]); }
      delete(name) { name = toUSVString(name); this.#list = this.#list.filter(([n]) => n !== name); }
      get(name) { name = toUSVString(name); const e = this.#list.find(([n]) => n === name); return e ? e[1] : null; }
      getAll(name) { name = toUSVString(name); return this.#list.filter(([n]) => n === name).map(([, v]) => v); }
      has(name) { name = toUSVString(name); return this.#list.some(([n]) => n === name); }
      set(name, value, filename = undefined) {
        name = toUSVString(name);
        const entry = [name, entryValue(value, filename)];
        const i = this.#list.findIndex(([n]) => n === name);
        if (i === -1) { this.#list.push(entry); return; }
        this.#list[i] = entry;
        this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
      }
      forEach(callback, thisArg = undefined) {
        for (const [n, v] of this.#list.slice()) callback.call(thisArg, v, n, this);
      }
      *entries() { for (let i = 0; i < this.#list.length; i++) yield [this.#list[i][0], this.#list[i][1]]; }
      *keys() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][0]; }
      *values() { for (let i = 0; i < this.#list.length; i++) yield this.#list[i][1]; }
    }
    FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
    exposeMembers(FormData, "FormData");

    const escapeName = (s) => s.replace(/\r\n|\r|\n/g, "\r\n").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");

    // multipart/form-data serialisation (HTML Standard): the body's bytes and its Content-Type.
    function serializeMultipart(form) {
      const random = host.fillRandom(new Uint8Array(12));
      let boundary = "----formdata-";
      for (const b of random) boundary += b.toString(16).padStart(2, "0");
      let out = "";
      for (const [name, value] of formList(form)) {
        out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + bytesToBinary(utf8Encode(escapeName(name))) + "\"";
        if (typeof value === "string") {
          out += "\r\n\r\n" + bytesToBinary(utf8Encode(value.replace(/\r\n|\r|\n/g, "\r\n"))) + "\r\n";
        } else {
          out += "; filename=\"" + bytesToBinary(utf8Encode(escapeName(value.name))) + "\"\r\nContent-Type: " +
            (value.type || "application/octet-stream") + "\r\n\r\n" + bytesToBinary(blobBytes(value)) + "\r\n";
        }
      }
      out += "--" + boundary + "--\r\n";
      return { bytes: binaryToBytes(out), type: "multipart/form-data; boundary=" + boundary };
    }

    function parameter(header, name) {
      const match = new RegExp(";\\s*" + name + "=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))", "i").exec(header);
      if (!match) return null;
      return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
    }

    // multipart/form-data parsing: each part a string, or a File when it has a file name.
    function parseMultipart(bytes, contentType) {
      const boundary = parameter(contentType, "boundary");
      if (!boundary) throw new TypeError("A multipart/form-data body needs a boundary parameter in its Content-Type.");
      const text = bytesToBinary(bytes);
      const delimiter = "--" + boundary;
      const form = new FormData();
      let pos = text.indexOf(delimiter);
      if (pos === -1) throw new TypeError("The multipart/form-data body has no boundary.");
      for (;;) {
        pos += delimiter.length;
        if (text.startsWith("--", pos)) break;
        if (text.startsWith("\r\n", pos)) pos += 2;
        const next = text.indexOf("\r\n" + delimiter, pos);
        if (next === -1) throw new TypeError("The multipart/form-data body ends without its closing boundary.");
        const part = text.slice(pos, next);
        const split = part.indexOf("\r\n\r\n");
        if (split === -1) throw new TypeError("A multipart/form-data part has no header block.");
        const headers = new TextDecoder().decode(binaryToBytes(part.slice(0, split)));
        const content = part.slice(split + 4);
        const disposition = /^content-disposition:(.*)$/im.exec(headers);
        const name = disposition ? parameter(disposition[1], "name") : null;
        if (name === null) throw new TypeError("A multipart/form-data part has no name.");
        const filename = parameter(disposition[1], "filename");
        if (filename !== null) {
          const type = /^content-type:\s*(.*?)\s*$/im.exec(headers);
          form.append(name, new File([binaryToBytes(content)], filename, { type: type ? type[1] : "" }));
        } else {
          form.append(name, new TextDecoder().decode(binaryToBytes(content)));
        }
        pos = next + 2;
      }
      return form;
    }

    return { Blob, File, FormData, blobBytes, serializeMultipart, parseMultipart };
  });
  lazyGlobals(blobModule, ["Blob", "File", "FormData"]);

  //#endregion
  //#region Headers, Request, Response (Fetch Standard, with the Workers runtime's choices)

  const fetchModule = lazyModule(() => {
    // URL, streams and events load only when a request or a body needs them: Headers alone stays cheap.
    const { utf8Encode, TextDecoder } = encodingModule();
    const parseAbsoluteURL = (input) => new (urlModule().URL)(input).href;
    const isURLSearchParams = (v) => urlModule.loaded() && v instanceof urlModule().URLSearchParams;
    const isReadableStream = (v) => streamsModule.loaded() && v instanceof streamsModule().ReadableStream;
    const streamIsDisturbed = (stream) => streamsModule().streamIsDisturbed(stream);

    const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

    function headerName(name) {
      name = String(name);
      if (!tokenPattern.test(name)) throw new TypeError("Invalid header name: '" + name + "'.");
      return name.toLowerCase();
    }

    function headerValue(value) {
      value = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
      if (/[\0\r\n]/.test(value) || /[^\x00-\xff]/.test(value)) throw new TypeError("Invalid header value: '" + value + "'.");
      return value;
    }

    let headersGuard, headersList;

    class Headers {
      #list = [];
      #guard = "none";

      constructor(init = undefined) {
        if (init === undefined || init === null) return;
        if (init instanceof Headers) { this.#list = init.#list.map((pair) => pair.slice()); return; }
        if (typeof init !== "object" && typeof init !== "function") throw new TypeError("Headers init must be an object or a sequence of pairs.");
        if (typeof init[Symbol.iterator] === "function") {
          for (const pair of init) {
            const items = typeof pair === "string" ? null : Array.from(pair);
            if (items === null || items.length !== 2) throw new TypeError("Each header init pair must have exactly two items.");
            this.append(items[0], items[1]);
          }
        } else {
          for (const key of Reflect.ownKeys(init)) {
            if (typeof key !== "string" || !Object.prototype.propertyIsEnumerable.call(init, key)) continue;
            this.append(key, init[key]);
          }
        }
      }

      static {
        headersGuard = (headers, guard) => { headers.#guard = guard; return headers; };
        headersList = (headers) => headers.#list;
      }

      #checkMutable() {
        if (this.#guard === "immutable") throw new TypeError("Can't modify immutable headers.");
      }

      append(name, value) {
        name = headerName(name);
        value = headerValue(value);
        this.#checkMutable();
        this.#list.push([name, value]);
      }
      delete(name) {
        name = headerName(name);
        this.#checkMutable();
        this.#list = this.#list.filter(([n]) => n !== name);
      }
      get(name) {
        name = headerName(name);
        const values = [];
        for (const [n, v] of this.#list) if (n === name) values.push(v);
        return values.length ? values.join(", ") : null;
      }
      getSetCookie() {
        return this.#list.filter(([n]) => n === "set-cookie").map(([, v]) => v);
      }
      // Workers' own extension: only for Set-Cookie, whose values cannot be combined.
      getAll(name) {
        name = headerName(name);
        if (name !== "set-cookie") throw new TypeError("getAll() can only be used with the header name \"Set-Cookie\".");
        return this.getSetCookie();
      }
      has(name) {
        name = headerName(name);
        return this.#list.some(([n]) => n === name);
      }
      set(name, value) {
        name = headerName(name);
        value = headerValue(value);
        this.#checkMutable();
        const i = this.#list.findIndex(([n]) => n === name);
        if (i === -1) { this.#list.push([name, value]); return; }
        this.#list[i][1] = value;
        this.#list = this.#list.filter(([n], j) => j <= i || n !== name);
      }
      // The sort-and-combine of the Fetch Standard: sorted names, values combined, each Set-Cookie on its own.
      #sorted() {
        const names = [...new Set(this.#list.map(([n]) => n))].sort();
        const out = [];
        for (const name of names) {
          if (name === "set-cookie") for (const v of this.getSetCookie()) out.push([name, v]);
          else out.push([name, this.get(name)]);
        }
        return out;
      }
      forEach(callback, thisArg = undefined) {
        for (const [n, v] of this.#sorted()) callback.call(thisArg, v, n, this);
      }
      *entries() { yield* this.#sorted(); }
      *keys() { for (const [n] of this.#sorted()) yield n; }
      *values() { for (const [, v] of this.#sorted()) yield v; }
      [inspectHook](show) { return "Headers { " + this.#sorted().map(([n, v]) => show(n) + " => " + show(v)).join(", ") + " }"; }
    }
    Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
    exposeMembers(Headers, "Headers");

    // A body init becomes bytes or a stream, and perhaps a Content-Type.
    function extractBody(init) {
      if (init === null || init === undefined) return { bytes: null, stream: null, type: null };
      if (typeof init === "string") return { bytes: utf8Encode(init), stream: null, type: "text/plain;charset=UTF-8" };
      if (isURLSearchParams(init)) {
        return { bytes: utf8Encode(init.toString()), stream: null, type: "application/x-www-form-urlencoded;charset=UTF-8" };
      }
      if (isBufferSource(init)) return { bytes: copyBytes(init), stream: null, type: null };
      if (isReadableStream(init)) {
        if (init.locked || streamIsDisturbed(init)) throw new TypeError("The body stream is locked or already read.");
        return { bytes: null, stream: init, type: null };
      }
      if (blobModule.loaded()) {
        const { Blob, FormData, blobBytes, serializeMultipart } = blobModule();
        if (init instanceof Blob) return { bytes: blobBytes(init).slice(), stream: null, type: init.type || null };
        if (init instanceof FormData) return { ...serializeMultipart(init), stream: null };
      }
      return { bytes: utf8Encode(toUSVString(init)), stream: null, type: "text/plain;charset=UTF-8" };
    }

    // What Request and Response do to a body, out of the user's reach.
    let setBody, hasBody, cloneBody, takeBody;

    // The body of a Request or a Response. Not a global, as in Workers.
    class Body {
      #bytes = null;
      #stream = null;
      #used = false;

      static {
        setBody = (target, extracted) => {
          target.#bytes = extracted.bytes;
          target.#stream = extracted.stream;
        };
        hasBody = (target) => target.#bytes !== null || target.#stream !== null;
        // The body for a clone: a copy of the bytes, or one branch of a tee (the other stays with the original).
        cloneBody = (target) => {
          if (target.bodyUsed) throw new TypeError("Can't clone a body that has already been used.");
          if (target.#stream !== null) {
            const [a, b] = target.#stream.tee();
            target.#stream = a;
            return { bytes: null, stream: b, type: null };
          }
          return { bytes: target.#bytes === null ? null : target.#bytes.slice(), stream: null, type: null };
        };
        // A new Request made from another takes its body, and the other one counts as used.
        takeBody = (target) => {
          if (target.bodyUsed) throw new TypeError("Can't construct a Request from one whose body has already been used.");
          const taken = { bytes: target.#bytes, stream: target.#stream, type: null };
          if (hasBody(target)) target.#used = true;
          return taken;
        };
      }

      get body() {
        if (this.#stream === null && this.#bytes !== null) {
          this.#stream = streamsModule().streamOfBytes(this.#bytes);
          this.#bytes = null;
        }
        return this.#stream;
      }
      get bodyUsed() {
        return this.#used || (this.#stream !== null && streamIsDisturbed(this.#stream));
      }

      async #consume() {
        if (this.bodyUsed) throw new TypeError("Body has already been used. It can only be used once; use tee() first if you need it twice.");
        if (this.#stream !== null && this.#stream.locked) throw new TypeError("The body stream is locked to a reader.");
        this.#used = true;
        if (this.#stream !== null) return streamsModule().readAllBytes(this.#stream);
        const bytes = this.#bytes;
        return bytes === null ? new Uint8Array(0) : bytes;
      }
      async arrayBuffer() {
        const bytes = await this.#consume();
        return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
      }
      async bytes() { return new Uint8Array(await this.arrayBuffer()); }
      async text() { return new TextDecoder().decode(await this.#consume()); }
      async json() { return JSON.parse(await this.text()); }
      async formData() {
        const type = this.headers.get("content-type") || "";
        const bytes = await this.#consume();
        const essence = type.split(";")[0].trim().toLowerCase();
        const { FormData, parseMultipart } = blobModule();
        if (essence === "multipart/form-data") return parseMultipart(bytes, type);
        if (essence === "application/x-www-form-urlencoded") {
          const form = new FormData();
          for (const [name, value] of new (urlModule().URLSearchParams)(new TextDecoder().decode(bytes))) form.append(name, value);
          return form;
        }
        throw new TypeError("formData() needs a multipart/form-data or application/x-www-form-urlencoded body, not '" + type + "'.");
      }
      async blob() {
        const bytes = await this.#consume();
        return new (blobModule().Blob)([bytes], { type: this.headers.get("content-type") || "" });
      }
    }

    const normalizedMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]);
    const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);

    function newSignal() {
      return new (eventsModule().AbortController)().signal;
    }

    class Request extends Body {
      #url;
      #method = "GET";
      #headers;
      #redirect = "follow";
      #signal = null;
      #cf;
      #integrity = "";
      #keepalive = false;
      #cache = undefined;

      constructor(input, init = {}) {
        super();
        init = init === null || init === undefined ? {} : init;
        let inputBody = null;
        if (input instanceof Request) {
          this.#url = input.#url;
          this.#method = input.#method;
          this.#headers = new Headers(input.#headers);
          this.#redirect = input.#redirect;
          this.#signal = input.#signal;
          this.#cf = input.#cf;
          this.#integrity = input.#integrity;
          this.#keepalive = input.#keepalive;
          this.#cache = input.#cache;
          inputBody = input;
        } else {
          try { this.#url = parseAbsoluteURL(input); } catch { throw new TypeError("Invalid URL: " + String(input)); }
          this.#headers = new Headers();
        }
        if (init.method !== undefined) {
          let method = String(init.method);
          if (!tokenPattern.test(method)) throw new TypeError("Invalid HTTP method: '" + method + "'.");
          if (forbiddenMethods.has(method.toUpperCase())) throw new TypeError("The HTTP method '" + method + "' is forbidden.");
          if (normalizedMethods.has(method.toUpperCase())) method = method.toUpperCase();
          this.#method = method;
        }
        if (init.headers !== undefined) this.#headers = new Headers(init.headers);
        if (init.redirect !== undefined) {
          const redirect = String(init.redirect);
          if (redirect !== "follow" && redirect !== "manual" && redirect !== "error") {
            throw new TypeError("Invalid redirect value '" + redirect + "'; Workers accepts 'follow' and 'manual'.");
          }
          this.#redirect = redirect;
        }
        if (init.signal !== undefined) this.#signal = init.signal;
        if (init.cf !== undefined) this.#cf = init.cf;
        if (init.integrity !== undefined) this.#integrity = String(init.integrity);
        if (init.keepalive !== undefined) this.#keepalive = Boolean(init.keepalive);
        if (init.cache !== undefined) this.#cache = String(init.cache);

        const hasInitBody = init.body !== undefined && init.body !== null;
        if ((hasInitBody || (inputBody !== null && hasBody(inputBody) && init.body === undefined)) &&
            (this.#method === "GET" || this.#method === "HEAD")) {
          throw new TypeError("A " + this.#method + " request cannot have a body.");
        }
        if (init.body !== undefined) {
          const extracted = extractBody(init.body);
          if (extracted.type !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", extracted.type);
          setBody(this, extracted);
        } else if (inputBody !== null) {
          setBody(this, takeBody(inputBody));
        }
      }

      get method() { return this.#method; }
      get url() { return this.#url; }
      get headers() { return this.#headers; }
      get redirect() { return this.#redirect; }
      // Made when first read: most requests never look at theirs.
      get signal() { return this.#signal ?? (this.#signal = newSignal()); }
      get cf() { return this.#cf; }
      get fetcher() { return null; }
      get integrity() { return this.#integrity; }
      get keepalive() { return this.#keepalive; }
      get cache() { return this.#cache; }

      clone() {
        const copy = new Request(this.#url, {
          method: this.#method, headers: this.#headers, redirect: this.#redirect, signal: this.#signal, cf: this.#cf,
          integrity: this.#integrity, keepalive: this.#keepalive, cache: this.#cache,
        });
        setBody(copy, cloneBody(this));
        return copy;
      }
      [inspectHook](show) { return "Request { method: " + show(this.#method) + ", url: " + show(this.#url) + " }"; }
    }
    exposeMembers(Request, "Request");

    const nullBodyStatuses = new Set([101, 204, 205, 304]);
    const redirectStatuses = new Set([301, 302, 303, 307, 308]);
    let responseSetInternals;

    class Response extends Body {
      #status = 200;
      #statusText = "";
      #headers;
      #type = "default";
      #url = "";
      #redirected = false;
      #webSocket = null;
      #cf;
      #encodeBody = "automatic";

      constructor(body = null, init = {}) {
        super();
        init = init === null || init === undefined ? {} : init;
        if (init.webSocket !== undefined && init.webSocket !== null) this.#webSocket = init.webSocket;
        if (init.status !== undefined) {
          const status = Number(init.status) | 0;
          if (!((status >= 200 && status <= 599) || (status === 101 && this.#webSocket !== null))) {
            throw new RangeError("Responses may only be constructed with status codes in the range 200 to 599, inclusive; got " + init.status + ".");
          }
          this.#status = status;
        }
        if (init.statusText !== undefined) {
          const text = String(init.statusText);
          if (/[^\t\x20-\x7e\x80-\xff]/.test(text)) throw new TypeError("Invalid statusText: '" + text + "'.");
          this.#statusText = text;
        }
        this.#headers = new Headers(init.headers);
        if (init.cf !== undefined) this.#cf = init.cf;
        if (init.encodeBody !== undefined) this.#encodeBody = String(init.encodeBody);
        if (body !== null && body !== undefined) {
          if (nullBodyStatuses.has(this.#status)) throw new TypeError("A response with status " + this.#status + " cannot have a body.");
          const extracted = extractBody(body);
          if (extracted.type !== null && !this.#headers.has("content-type")) this.#headers.append("content-type", extracted.type);
          setBody(this, extracted);
        }
      }

      static {
        responseSetInternals = (response, fields) => {
          if ("type" in fields) response.#type = fields.type;
          if ("url" in fields) response.#url = fields.url;
          if ("redirected" in fields) response.#redirected = fields.redirected;
          if ("status" in fields) response.#status = fields.status;
        };
      }

      static error() {
        const response = new Response(null, { status: 200 });
        responseSetInternals(response, { type: "error", status: 0 });
        headersGuard(response.#headers, "immutable");
        return response;
      }

      static redirect(url, status = 302) {
        let location;
        try { location = parseAbsoluteURL(url); } catch { throw new TypeError("Invalid URL for a redirect: " + String(url)); }
        status = Number(status);
        if (!redirectStatuses.has(status)) throw new RangeError("Invalid status code for a redirect: " + status + ".");
        const response = new Response(null, { status, headers: { location } });
        headersGuard(response.#headers, "immutable");
        return response;
      }

      static json(data, init = {}) {
        const text = JSON.stringify(data);
        if (text === undefined) throw new TypeError("The value cannot be converted to JSON.");
        const response = new Response(text, init);
        const headers = response.#headers;
        if (headers.get("content-type") === "text/plain;charset=UTF-8" && !new Headers(init && init.headers).has("content-type")) {
          headers.set("content-type", "application/json");
        }
        return response;
      }

      get type() { return this.#type; }
      get url() { return this.#url; }
      get redirected() { return this.#redirected; }
      get status() { return this.#status; }
      get ok() { return this.#status >= 200 && this.#status <= 299; }
      get statusText() { return this.#statusText; }
      get headers() { return this.#headers; }
      get webSocket() { return this.#webSocket; }
      get cf() { return this.#cf; }
      get encodeBody() { return this.#encodeBody; }

      clone() {
        if (this.#webSocket !== null) throw new TypeError("A response with a WebSocket cannot be cloned.");
        const copy = new Response(null, { headers: this.#headers, cf: this.#cf, encodeBody: this.#encodeBody });
        responseSetInternals(copy, { type: this.#type, url: this.#url, redirected: this.#redirected, status: this.#status });
        copy.#statusText = this.#statusText;
        setBody(copy, cloneBody(this));
        return copy;
      }
      [inspectHook](show) { return "Response { status: " + this.#status + ", statusText: " + show(this.#statusText) + ", ok: " + this.ok + " }"; }
    }
    exposeMembers(Response, "Response");

    return { Headers, Request, Response, Body, headersList, responseSetInternals };
  });
  lazyGlobals(fetchModule, ["Headers", "Request", "Response"]);

  //#endregion
  //#region caches (the Cache API as on a *.workers.dev deployment: every operation leaves the cache empty)

  const cacheModule = lazyModule(() => {
    function requestOf(request) {
      const { Request } = fetchModule();
      return request instanceof Request ? request : new Request(request);
    }

    class Cache {
      constructor(token = undefined) {
        if (token !== internalToken) throw new TypeError("Illegal constructor: use caches.default or caches.open().");
      }
      async match(request, options = undefined) {
        requestOf(request);
        return undefined;
      }
      async put(request, response) {
        const { Response } = fetchModule();
        const req = requestOf(request);
        if (req.method !== "GET") throw new TypeError("Cache.put() accepts only GET requests.");
        if (!(response instanceof Response)) throw new TypeError("Cache.put() needs a Response.");
        if (response.status === 206) throw new TypeError("Cache.put() cannot store a 206 Partial Content response.");
        if ((response.headers.get("vary") || "").split(",").some((v) => v.trim() === "*")) {
          throw new TypeError("Cache.put() cannot store a response with Vary: *.");
        }
        if (response.bodyUsed) throw new TypeError("Cache.put() needs a response whose body has not been used.");
        await response.arrayBuffer();
      }
      async delete(request, options = undefined) {
        requestOf(request);
        return false;
      }
    }
    exposeMembers(Cache, "Cache");

    const defaultCache = new Cache(internalToken);
    class CacheStorage {
      constructor(token = undefined) {
        if (token !== internalToken) throw new TypeError("Illegal constructor: use the global caches.");
      }
      get default() { return defaultCache; }
      async open(cacheName) {
        String(cacheName);
        return new Cache(internalToken);
      }
    }
    exposeMembers(CacheStorage, "CacheStorage");

    return { caches: new CacheStorage(internalToken), Cache, CacheStorage };
  });
  lazyGlobals(cacheModule, ["caches", "Cache", "CacheStorage"]);

  //#endregion
  //#region Event, EventTarget, AbortController, AbortSignal (DOM Standard, without a tree)

  const eventsModule = lazyModule(() => {
    const { DOMException } = domModule();
    const { inspect } = consoleModule();

    function reportError(e) {
      try { host.log("error", "Uncaught " + inspect(e)); } catch { /* logging must not throw into dispatch */ }
    }

    let eventInternals;

    class Event {
      #type;
      #bubbles;
      #cancelable;
      #composed;
      #defaultPrevented = false;
      #stopPropagation = false;
      #stopImmediatePropagation = false;
      #target = null;
      #currentTarget = null;
      #eventPhase = 0;
      #dispatching = false;
      #inPassiveListener = false;
      #timeStamp;

      constructor(type, eventInitDict = {}) {
        if (arguments.length === 0) throw new TypeError("Event needs a type.");
        this.#type = String(type);
        const init = eventInitDict || {};
        this.#bubbles = Boolean(init.bubbles);
        this.#cancelable = Boolean(init.cancelable);
        this.#composed = Boolean(init.composed);
        this.#timeStamp = host.now() - monotonicOrigin;
      }

      static {
        eventInternals = {
          begin(event, target) {
            if (event.#dispatching) throw new DOMException("The event is already being dispatched.", "InvalidStateError");
            event.#dispatching = true;
            event.#target = target;
            event.#currentTarget = target;
            event.#eventPhase = 2;
          },
          end(event) {
            event.#dispatching = false;
            event.#currentTarget = null;
            event.#eventPhase = 0;
            event.#stopPropagation = false;
            event.#stopImmediatePropagation = false;
          },
          stoppedImmediately: (event) => event.#stopImmediatePropagation,
          setPassive(event, passive) { event.#inPassiveListener = passive; },
        };
      }

      get type() { return this.#type; }
      get target() { return this.#target; }
      get srcElement() { return this.#target; }
      get currentTarget() { return this.#currentTarget; }
      get eventPhase() { return this.#eventPhase; }
      get bubbles() { return this.#bubbles; }
      get cancelable() { return this.#cancelable; }
      get composed() { return this.#composed; }
      get defaultPrevented() { return this.#defaultPrevented; }
      get returnValue() { return !this.#defaultPrevented; }
      set returnValue(value) { if (!value) this.preventDefault(); }
      get cancelBubble() { return this.#stopPropagation; }
      set cancelBubble(value) { if (value) this.#stopPropagation = true; }
      get isTrusted() { return false; }
      get timeStamp() { return this.#timeStamp; }
      composedPath() { return this.#dispatching && this.#currentTarget ? [this.#currentTarget] : []; }
      stopPropagation() { this.#stopPropagation = true; }
      stopImmediatePropagation() { this.#stopPropagation = true; this.#stopImmediatePropagation = true; }
      preventDefault() { if (this.#cancelable && !this.#inPassiveListener) this.#defaultPrevented = true; }
    }
    {
      const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
      for (const key in phases) {
        Object.defineProperty(Event, key, { value: phases[key], enumerable: true });
        Object.defineProperty(Event.prototype, key, { value: phases[key], enumerable: true });
      }
    }
    exposeMembers(Event, "Event");

    class CustomEvent extends Event {
      #detail;
      constructor(type, eventInitDict = {}) {
        super(type, eventInitDict);
        this.#detail = eventInitDict && eventInitDict.detail !== undefined ? eventInitDict.detail : null;
      }
      get detail() { return this.#detail; }
    }
    exposeMembers(CustomEvent, "CustomEvent");

    // The events a WebSocket dispatches; the engine's WebSocket can create them.
    class MessageEvent extends Event {
      #data;
      constructor(type, eventInitDict = {}) {
        super(type, eventInitDict);
        this.#data = eventInitDict && "data" in eventInitDict ? eventInitDict.data : null;
      }
      get data() { return this.#data; }
    }
    exposeMembers(MessageEvent, "MessageEvent");

    class CloseEvent extends Event {
      #code; #reason; #wasClean;
      constructor(type, eventInitDict = {}) {
        super(type, eventInitDict);
        const init = eventInitDict || {};
        this.#code = init.code !== undefined ? Number(init.code) & 0xffff : 0;
        this.#reason = init.reason !== undefined ? String(init.reason) : "";
        this.#wasClean = Boolean(init.wasClean);
      }
      get code() { return this.#code; }
      get reason() { return this.#reason; }
      get wasClean() { return this.#wasClean; }
    }
    exposeMembers(CloseEvent, "CloseEvent");

    class ErrorEvent extends Event {
      #init;
      constructor(type, eventInitDict = {}) {
        super(type, eventInitDict);
        this.#init = eventInitDict || {};
      }
      get message() { return this.#init.message !== undefined ? String(this.#init.message) : ""; }
      get filename() { return this.#init.filename !== undefined ? String(this.#init.filename) : ""; }
      get lineno() { return this.#init.lineno !== undefined ? Number(this.#init.lineno) >>> 0 : 0; }
      get colno() { return this.#init.colno !== undefined ? Number(this.#init.colno) >>> 0 : 0; }
      get error() { return this.#init.error; }
    }
    exposeMembers(ErrorEvent, "ErrorEvent");

    function flattenListenerOptions(options) {
      if (typeof options === "boolean") return { capture: options };
      if (options === null || typeof options !== "object") return { capture: false };
      return options;
    }

    class EventTarget {
      #listeners = new Map();

      addEventListener(type, callback, options = {}) {
        if (arguments.length < 2) throw new TypeError("addEventListener needs a type and a listener.");
        if (callback === null || callback === undefined) return;
        if (typeof callback !== "function" && typeof callback !== "object") throw new TypeError("The listener must be a function or an object with handleEvent.");
        const opts = flattenListenerOptions(options);
        const signal = opts.signal;
        if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError("The signal option must be an AbortSignal.");
        if (signal && signal.aborted) return;
        type = String(type);
        const capture = Boolean(opts.capture);
        let list = this.#listeners.get(type);
        if (list === undefined) this.#listeners.set(type, list = []);
        if (list.some((l) => l.callback === callback && l.capture === capture)) return;
        const listener = { callback, capture, once: Boolean(opts.once), passive: Boolean(opts.passive), removed: false };
        list.push(listener);
        if (signal) signal.addEventListener("abort", () => this.removeEventListener(type, callback, { capture }));
      }

      removeEventListener(type, callback, options = {}) {
        const list = this.#listeners.get(String(type));
        if (list === undefined) return;
        const capture = Boolean(flattenListenerOptions(options).capture);
        const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
        if (i === -1) return;
        list[i].removed = true;
        list.splice(i, 1);
      }

      dispatchEvent(event) {
        if (!(event instanceof Event)) throw new TypeError("dispatchEvent needs an Event.");
        eventInternals.begin(event, this);
        try {
          const list = this.#listeners.get(event.type);
          if (list !== undefined) {
            for (const listener of list.slice()) {
              if (listener.removed) continue;
              if (listener.once) this.removeEventListener(event.type, listener.callback, { capture: listener.capture });
              eventInternals.setPassive(event, listener.passive);
              try {
                if (typeof listener.callback === "function") listener.callback.call(this, event);
                else if (typeof listener.callback.handleEvent === "function") listener.callback.handleEvent(event);
              } catch (e) {
                reportError(e);
              }
              eventInternals.setPassive(event, false);
              if (eventInternals.stoppedImmediately(event)) break;
            }
          }
        } finally {
          eventInternals.end(event);
        }
        return !event.defaultPrevented;
      }
    }
    exposeMembers(EventTarget, "EventTarget");

    let signalAbort, newAbortSignal;

    class AbortSignal extends EventTarget {
      #aborted = false;
      #reason = undefined;
      #onabort = null;
      #dependents = [];

      constructor(token = undefined) {
        if (token !== internalToken) throw new TypeError("Illegal constructor: use AbortController or AbortSignal.abort().");
        super();
      }

      static {
        newAbortSignal = () => new AbortSignal(internalToken);
        signalAbort = (signal, reason) => {
          if (signal.#aborted) return;
          signal.#aborted = true;
          signal.#reason = reason === undefined ? new DOMException("This operation was aborted", "AbortError") : reason;
          const dependents = signal.#dependents;
          signal.#dependents = [];
          signal.dispatchEvent(new Event("abort"));
          for (const dependent of dependents) signalAbort(dependent, signal.#reason);
        };
      }

      static abort(reason = undefined) {
        const signal = newAbortSignal();
        signalAbort(signal, reason);
        return signal;
      }

      static timeout(milliseconds) {
        const ms = Number(milliseconds);
        if (!Number.isFinite(ms) || ms < 0) throw new TypeError("AbortSignal.timeout needs a non-negative number of milliseconds.");
        const signal = newAbortSignal();
        startTimer(() => signalAbort(signal, new DOMException("The operation timed out.", "TimeoutError")), ms, [], false);
        return signal;
      }

      static any(signals) {
        const result = newAbortSignal();
        const list = Array.from(signals);
        for (const s of list) {
          if (!(s instanceof AbortSignal)) throw new TypeError("AbortSignal.any needs a sequence of AbortSignals.");
          if (s.#aborted) { signalAbort(result, s.#reason); return result; }
        }
        for (const s of list) s.#dependents.push(result);
        return result;
      }

      get aborted() { return this.#aborted; }
      get reason() { return this.#reason; }
      throwIfAborted() { if (this.#aborted) throw this.#reason; }
      get onabort() { return this.#onabort; }
      set onabort(handler) {
        if (this.#onabort === null && typeof handler === "function") {
          this.addEventListener("abort", (event) => { if (typeof this.#onabort === "function") this.#onabort.call(this, event); });
        }
        this.#onabort = typeof handler === "function" ? handler : null;
      }
    }
    exposeMembers(AbortSignal, "AbortSignal");

    class AbortController {
      #signal = newAbortSignal();
      get signal() { return this.#signal; }
      abort(reason = undefined) { signalAbort(this.#signal, reason); }
    }
    exposeMembers(AbortController, "AbortController");

    return { Event, CustomEvent, MessageEvent, CloseEvent, ErrorEvent, EventTarget, AbortSignal, AbortController };
  });
  lazyGlobals(eventsModule, ["Event", "CustomEvent", "MessageEvent", "CloseEvent", "ErrorEvent", "EventTarget", "AbortSignal", "AbortController"]);

  //#endregion
  //#region structuredClone (HTML Standard's serializable objects)

  const cloneModule = lazyModule(() => {
    const { DOMException } = domModule();
    const { inspect } = consoleModule();

    const errorConstructors = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };
    const typedArrayConstructors = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
      Float32Array, Float64Array, BigInt64Array, BigUint64Array];
    if (typeof Float16Array === "function") typedArrayConstructors.push(Float16Array);

    // Our classes' instances are not serializable; a module not loaded yet has no instances to check.
    const platformClasses = [[eventsModule, ["Event", "EventTarget"]], [fetchModule, ["Body", "Headers"]],
      [urlModule, ["URL", "URLSearchParams"]], [streamsModule, ["ReadableStream", "WritableStream", "TransformStream"]],
      [blobModule, ["Blob", "FormData"]]];
    function isPlatformObject(value) {
      for (const [module, names] of platformClasses) {
        if (!module.loaded()) continue;
        const exports = module();
        if (names.some((name) => value instanceof exports[name])) return true;
      }
      return false;
    }

    function dataCloneError(what) {
      return new DOMException(what + " could not be cloned.", "DataCloneError");
    }

    function cloneValue(value, memory) {
      const kind = typeof value;
      if (kind === "symbol") throw dataCloneError(String(value));
      if (kind === "function") throw dataCloneError(inspect(value));
      if (value === null || kind !== "object") return value;
      if (memory.has(value)) return memory.get(value);
      let out;
      if (Array.isArray(value)) {
        out = new Array(value.length);
        memory.set(value, out);
        for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
        return out;
      }
      if (value instanceof Date) out = new Date(value.getTime());
      else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
      else if (value instanceof Boolean || value instanceof Number || value instanceof String || value instanceof BigInt) out = Object(value.valueOf());
      else if (value instanceof ArrayBuffer) out = value.slice(0);
      else if (value instanceof DataView) {
        out = new DataView(cloneValue(value.buffer, memory), value.byteOffset, value.byteLength);
      } else if (ArrayBuffer.isView(value)) {
        const Ctor = typedArrayConstructors.find((T) => value instanceof T);
        out = new Ctor(cloneValue(value.buffer, memory), value.byteOffset, value.length);
      } else if (value instanceof Map) {
        out = new Map();
        memory.set(value, out);
        for (const [k, v] of value) out.set(cloneValue(k, memory), cloneValue(v, memory));
        return out;
      } else if (value instanceof Set) {
        out = new Set();
        memory.set(value, out);
        for (const v of value) out.add(cloneValue(v, memory));
        return out;
      } else if (value instanceof DOMException) {
        out = new DOMException(value.message, value.name);
      } else if (value instanceof Error) {
        const name = Object.hasOwn(errorConstructors, value.name) ? value.name : "Error";
        const message = Object.getOwnPropertyDescriptor(value, "message");
        out = new errorConstructors[name](message ? String(message.value) : "");
        memory.set(value, out);
        if (typeof value.stack === "string") Object.defineProperty(out, "stack", { value: value.stack, writable: true, configurable: true });
        if (Object.hasOwn(value, "cause")) {
          Object.defineProperty(out, "cause", { value: cloneValue(value.cause, memory), writable: true, configurable: true });
        }
        return out;
      } else if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef ||
        isPlatformObject(value)) {
        throw dataCloneError(inspect(value, 0));
      } else {
        out = {};
        memory.set(value, out);
        for (const key of Object.keys(value)) out[key] = cloneValue(value[key], memory);
        return out;
      }
      memory.set(value, out);
      return out;
    }

    function structuredClone(value, options = undefined) {
      if (arguments.length === 0) throw new TypeError("structuredClone needs a value.");
      const transfer = options && options.transfer !== undefined ? Array.from(options.transfer) : [];
      const memory = new Map();
      for (const t of transfer) {
        if (!(t instanceof ArrayBuffer)) throw dataCloneError("A transfer list item that is not an ArrayBuffer");
        if (memory.has(t)) throw new DOMException("An ArrayBuffer is listed twice in the transfer list.", "DataCloneError");
        if (t.detached) throw new DOMException("A detached ArrayBuffer cannot be transferred.", "DataCloneError");
        memory.set(t, t.slice(0));
      }
      const result = cloneValue(value, memory);
      for (const t of transfer) t.transfer();
      return result;
    }

    // The wire form: a JSON-compatible tree for storage values and RPC arguments, with the same types and errors as
    // structuredClone. JSON-safe values stay as they are, so plain data reads as plain JSON; anything else is an
    // object tagged with "$t". Objects reached twice (shared or cyclic) go into a table: {"$t": "Graph", objects,
    // root}, entries referenced as {"$t": "Ref", id}. Tables are arrays, so the format never depends on key order.
    const viewNames = new Set(typedArrayConstructors.map((T) => T.name).concat(["DataView"]));

    function checkCloneable(value) {
      const kind = typeof value;
      if (kind === "symbol") throw dataCloneError(String(value));
      if (kind === "function") throw dataCloneError(inspect(value));
      if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef ||
        isPlatformObject(value)) throw dataCloneError(inspect(value, 0));
    }

    // The objects a value holds, in the order serialization visits them.
    function children(value) {
      if (Array.isArray(value)) return Object.keys(value).map((k) => value[k]);
      if (value instanceof Map) return [...value].flat();
      if (value instanceof Set) return [...value];
      if (ArrayBuffer.isView(value)) return [value.buffer];
      if (value instanceof Error) return Object.hasOwn(value, "cause") ? [value.cause] : [];
      if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer || value instanceof DOMException ||
        value instanceof Boolean || value instanceof Number || value instanceof String || value instanceof BigInt) return [];
      return Object.keys(value).map((k) => value[k]);
    }

    function toWire(value) {
      const seen = new Map();
      const walk = (v) => {
        checkCloneable(v);
        if (v === null || typeof v !== "object") return;
        if (seen.has(v)) { seen.set(v, seen.get(v) + 1); return; }
        seen.set(v, 1);
        for (const child of children(v)) walk(child);
      };
      walk(value);
      const ids = new Map();
      for (const [object, count] of seen) if (count > 1) ids.set(object, ids.size);
      const encode = (v, asEntry = false) => {
        if (v === undefined) return { $t: "undefined" };
        if (typeof v === "number") {
          if (Number.isFinite(v) && !Object.is(v, -0)) return v;
          return { $t: "number", v: Object.is(v, -0) ? "-0" : String(v) };
        }
        if (typeof v === "bigint") return { $t: "bigint", v: String(v) };
        if (v === null || typeof v !== "object") return v;
        if (!asEntry && ids.has(v)) return { $t: "Ref", id: ids.get(v) };
        if (Array.isArray(v)) {
          const keys = Object.keys(v);
          if (keys.length === v.length && keys.every((k, i) => k === String(i))) return v.map((item) => encode(item));
          const props = {};
          for (const k of keys) props[k] = encode(v[k]);
          return { $t: "Array", length: v.length, v: props };
        }
        if (v instanceof Date) return { $t: "Date", v: v.getTime() };
        if (v instanceof RegExp) return { $t: "RegExp", source: v.source, flags: v.flags };
        if (v instanceof Map) return { $t: "Map", v: [...v].map(([k, x]) => [encode(k), encode(x)]) };
        if (v instanceof Set) return { $t: "Set", v: [...v].map((x) => encode(x)) };
        if (v instanceof ArrayBuffer) return { $t: "ArrayBuffer", v: base64Module().encodeBase64(new Uint8Array(v)) };
        if (ArrayBuffer.isView(v)) {
          const name = v instanceof DataView ? "DataView" : typedArrayConstructors.find((T) => v instanceof T).name;
          const length = v instanceof DataView ? v.byteLength : v.length;
          return { $t: name, buffer: encode(v.buffer), byteOffset: v.byteOffset, length };
        }
        if (v instanceof Boolean || v instanceof Number || v instanceof String || v instanceof BigInt) {
          const inner = v.valueOf();
          return { $t: "Wrapper", v: encode(inner) };
        }
        if (v instanceof DOMException) return { $t: "DOMException", name: v.name, message: v.message };
        if (v instanceof Error) {
          const name = Object.hasOwn(errorConstructors, v.name) ? v.name : "Error";
          const message = Object.getOwnPropertyDescriptor(v, "message");
          const out = { $t: "Error", name, message: message ? String(message.value) : "" };
          if (typeof v.stack === "string") out.stack = v.stack;
          if (Object.hasOwn(v, "cause")) out.cause = encode(v.cause);
          return out;
        }
        const props = {};
        for (const k of Object.keys(v)) props[k] = encode(v[k]);
        return Object.hasOwn(props, "$t") ? { $t: "Object", v: props } : props;
      };
      if (ids.size === 0) return encode(value);
      const objects = [];
      for (const object of ids.keys()) objects.push(encode(object, true));
      return { $t: "Graph", objects, root: encode(value) };
    }

    function fromWire(wire) {
      const shells = [];
      const isTagged = (node) => node !== null && typeof node === "object" && !Array.isArray(node) && typeof node.$t === "string";
      // An empty object of the node's type, or the whole value when it holds no other object but a buffer.
      const shell = (node) => {
        if (Array.isArray(node)) return new Array(node.length);
        if (!isTagged(node)) return {};
        switch (node.$t) {
          case "Array": return new Array(node.length);
          case "Object": return {};
          case "Map": return new Map();
          case "Set": return new Set();
          case "Error": return makeError(node);
          default: return decode(node);
        }
      };
      // Puts the node's children into its shell.
      const fill = (target, node) => {
        if (Array.isArray(node)) { node.forEach((item, i) => { target[i] = decode(item); }); return target; }
        if (!isTagged(node)) { for (const k of Object.keys(node)) target[k] = decode(node[k]); return target; }
        switch (node.$t) {
          case "Array": case "Object": for (const k of Object.keys(node.v)) target[k] = decode(node.v[k]); break;
          case "Map": for (const [k, x] of node.v) target.set(decode(k), decode(x)); break;
          case "Set": for (const x of node.v) target.add(decode(x)); break;
          case "Error":
            if ("cause" in node) Object.defineProperty(target, "cause", { value: decode(node.cause), writable: true, configurable: true });
            break;
        }
        return target;
      };
      const makeError = (node) => {
        const Ctor = Object.hasOwn(errorConstructors, node.name) ? errorConstructors[node.name] : Error;
        const error = new Ctor(node.message);
        if (node.stack !== undefined) Object.defineProperty(error, "stack", { value: node.stack, writable: true, configurable: true });
        return error;
      };
      const decode = (node) => {
        if (node === null || typeof node !== "object") return node;
        if (Array.isArray(node) || !isTagged(node)) return fill(shell(node), node);
        switch (node.$t) {
          case "Ref": {
            if (!(node.id in shells)) throw new TypeError("The wire form refers to object " + node.id + ", which it does not hold.");
            return shells[node.id];
          }
          case "undefined": return undefined;
          case "number": return node.v === "-0" ? -0 : Number(node.v);
          case "bigint": return BigInt(node.v);
          case "Array": case "Object": case "Map": case "Set": return fill(shell(node), node);
          case "Date": return new Date(node.v);
          case "RegExp": return new RegExp(node.source, node.flags);
          case "ArrayBuffer": return base64Module().decodeBase64Bytes(node.v).buffer;
          case "Wrapper": return Object(decode(node.v));
          case "DOMException": return new DOMException(node.message, node.name);
          case "Error": return fill(makeError(node), node);
          default: {
            if (!viewNames.has(node.$t)) throw new TypeError("Unknown type in the wire form: " + node.$t);
            const buffer = decode(node.buffer);
            if (node.$t === "DataView") return new DataView(buffer, node.byteOffset, node.length);
            return new globalTypedArrays[node.$t](buffer, node.byteOffset, node.length);
          }
        }
      };
      if (!isTagged(wire) || wire.$t !== "Graph") return decode(wire);
      // Buffers first, then views over them, then every other shell; then the containers are filled.
      const order = wire.objects.map((node, id) => ({ node, id }));
      const rank = ({ node }) => (isTagged(node) && viewNames.has(node.$t) ? 1 : 0);
      for (const entry of order.sort((a, b) => rank(a) - rank(b))) shells[entry.id] = shell(entry.node);
      wire.objects.forEach((node, id) => fill(shells[id], node));
      return decode(wire.root);
    }

    const globalTypedArrays = Object.fromEntries(typedArrayConstructors.map((T) => [T.name, T]));

    return { structuredClone, toWire, fromWire };
  });
  lazyGlobals(cloneModule, ["structuredClone"]);

  //#endregion

  delete globalThis.__host;

  // The script's completion value: helpers for the engine (the user's code never sees them). The classes are the
  // shim's own even if user code replaces the globals.
  return {
    inspect: (value) => consoleModule().inspect(value),
    format: (args) => consoleModule().formatArgs(args),
    // A Request for a handler from plain data: {method, url, headers: [[name, value]] or a record, body: string | bytes}.
    makeRequest({ method = "GET", url, headers = [], body = null }) {
      const { Request } = fetchModule();
      return new Request(url, { method, headers, body: method === "GET" || method === "HEAD" ? null : body });
    },
    // What a handler returned, read out: {status, statusText, headers: [[name, value]], body: Uint8Array, webSocket}.
    async readResponse(response) {
      const { Response } = fetchModule();
      if (!(response instanceof Response)) {
        throw new TypeError("The handler must return a Response; it returned " + consoleModule().inspect(response) + ".");
      }
      const body = new Uint8Array(await response.arrayBuffer());
      return { status: response.status, statusText: response.statusText, headers: [...response.headers], body, webSocket: response.webSocket };
    },
    setResponseURL(response, url, redirected = false) {
      fetchModule().responseSetInternals(response, { url: String(url), redirected: Boolean(redirected) });
    },
    headerList: (headers) => fetchModule().headersList(headers).map((pair) => pair.slice()),
    // Storage values and RPC arguments/results as JSON-compatible trees, with structuredClone's types and errors.
    toWire: (value) => cloneModule().toWire(value),
    fromWire: (wire) => cloneModule().fromWire(wire),
    get Request() { return fetchModule().Request; },
    get Response() { return fetchModule().Response; },
    get Headers() { return fetchModule().Headers; },
    get ReadableStream() { return streamsModule().ReadableStream; },
    get Event() { return eventsModule().Event; },
    get EventTarget() { return eventsModule().EventTarget; },
    get MessageEvent() { return eventsModule().MessageEvent; },
    get CloseEvent() { return eventsModule().CloseEvent; },
    get ErrorEvent() { return eventsModule().ErrorEvent; },
    get DOMException() { return domModule().DOMException; },
  };
})();
