// The Workers web globals for a bare JavaScriptCore context, written from the WHATWG and W3C specifications.
//
// The engine evaluates this script once in every new global context, before the user's bundle, with
// `globalThis.__host` holding its natives: log(level, text), now(), fillRandom(uint8Array),
// digest(algorithm, uint8Array), setTimer(delayMs, repeat), clearTimer(id). The script keeps its own reference to
// them, hides `__host`, and calls nothing at load time beyond defining classes: it runs for every new object.
// When a timer is due the engine calls `globalThis.__hostTimerFired(id)` as an outermost call.
// docs/js-host.md lists what is supported, partial and missing.
(function () {
  "use strict";

  const host = globalThis.__host;
  const timeOrigin = Date.now();
  const monotonicOrigin = host.now();

  // Web IDL puts interface objects and operations on the global as writable, configurable, non-enumerable.
  function defineGlobal(name, value) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
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

  //#region DOMException

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
  defineGlobal("DOMException", DOMException);

  //#endregion
  //#region console

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
  defineGlobal("console", console);

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
        const id = startTimer(resolve, delay, [], false);
        if (signal) signal.addEventListener("abort", () => { stopTimer(id); reject(signal.reason); }, { once: true });
      });
    },
  });

  defineGlobal("self", globalThis);

  //#endregion
  //#region atob, btoa

  const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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

  defineGlobal("btoa", function btoa(data) {
    if (arguments.length === 0) throw new TypeError("btoa needs one argument.");
    const s = String(data);
    const bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 255) throw new DOMException("The string to be encoded contains characters outside of the Latin1 range.", "InvalidCharacterError");
      bytes[i] = c;
    }
    return encodeBase64(bytes);
  });

  // forgiving-base64 decode (HTML Standard).
  defineGlobal("atob", function atob(data) {
    if (arguments.length === 0) throw new TypeError("atob needs one argument.");
    let s = String(data).replace(/[\t\n\f\r ]/g, "");
    if (s.length % 4 === 0) s = s.replace(/==?$/, "");
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) {
      throw new DOMException("The string to be decoded is not correctly encoded.", "InvalidCharacterError");
    }
    let out = "";
    let buffer = 0, bits = 0;
    for (let i = 0; i < s.length; i++) {
      buffer = (buffer << 6) | base64Alphabet.indexOf(s[i]);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += String.fromCharCode((buffer >> bits) & 255);
        buffer &= (1 << bits) - 1;
      }
    }
    return out;
  });

  //#endregion
  //#region crypto

  function randomBytes(n) {
    return host.fillRandom(new Uint8Array(n));
  }

  const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array];

  const digestNames = new Map([["sha-1", "SHA-1"], ["sha-256", "SHA-256"], ["sha-384", "SHA-384"], ["sha-512", "SHA-512"]]);

  function unsupported(name) {
    return async function () {
      throw new DOMException("crypto.subtle." + name + " is not supported by this runtime (do-architect runs digest only).", "NotSupportedError");
    };
  }

  const subtle = {
    async digest(algorithm, data) {
      const given = typeof algorithm === "object" && algorithm !== null ? algorithm.name : algorithm;
      const name = digestNames.get(String(given).toLowerCase());
      if (name === undefined) throw new DOMException("Unrecognized or unsupported digest algorithm: " + given, "NotSupportedError");
      if (!isBufferSource(data)) throw new TypeError("crypto.subtle.digest needs an ArrayBuffer or an ArrayBufferView.");
      return host.digest(name, copyBytes(data));
    },
  };
  for (const name of ["encrypt", "decrypt", "sign", "verify", "generateKey", "deriveKey", "deriveBits", "importKey", "exportKey", "wrapKey", "unwrapKey"]) {
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
  defineGlobal("crypto", crypto);

  //#endregion
  //#region TextEncoder, TextDecoder (Encoding Standard)

  // UTF-8 bytes of a string; lone surrogates become U+FFFD, as USVString conversion makes them.
  function utf8Encode(input) {
    const s = String(input);
    const out = new Uint8Array(s.length * 3);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
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
  defineGlobal("TextEncoder", TextEncoder);

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
  defineGlobal("TextDecoder", TextDecoder);

  //#endregion
  //#region URL, URLSearchParams (URL Standard)

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
  defineGlobal("URLSearchParams", URLSearchParams);

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
  defineGlobal("URL", URL);

  //#endregion
  //@@NEXT@@
  delete globalThis.__host;
})();
