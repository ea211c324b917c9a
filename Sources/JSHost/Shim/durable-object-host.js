// The host side of Durable Objects in JavaScript (our own code): `ctx`, `ctx.storage` over the host's natives,
// `env`, and the entry points the Swift host calls. Evaluated in each object's global after globals.js and before
// the Worker's bundle; it leaves one global, `__doHost`, which the bundle never sees by name.
Object.defineProperty(globalThis, "__doHost", { enumerable: false, configurable: false, writable: false, value: (() => {
  const resolve = (body) => { try { return Promise.resolve(body()); } catch (error) { return Promise.reject(error); } };
  // The web globals shim's helpers (its completion value), handed over once by the engine.
  const shim = globalThis.__shimHelpers;
  delete globalThis.__shimHelpers;

  class DurableObjectId {
    #hex; #name;
    constructor(hex, name) { this.#hex = hex; this.#name = name ?? undefined; }
    get name() { return this.#name; }
    toString() { return this.#hex; }
    equals(other) { return other instanceof DurableObjectId && other.toString() === this.#hex; }
  }

  class SqlStorageCursor {
    #columns; #rows; #index = 0;
    #rowsRead;
    constructor(result) {
      this.#columns = result.columns;
      // BLOB columns arrive as arrays of bytes (SQL has no arrays): they become ArrayBuffers, as in workerd.
      this.#rows = result.rows.map((row) => row.map((value) => (Array.isArray(value) ? new Uint8Array(value).buffer : value)));
      this.#rowsRead = result.rowsRead;
      this.rowsWritten = result.rowsWritten;
    }
    get columnNames() { return this.#columns.slice(); }
    // The host ran the statement to its end; workerd steps one row ahead of the reader, so rows not yet reached
    // (beyond that one) are not counted as read yet.
    get rowsRead() { return this.#rowsRead - Math.max(0, this.#rows.length - this.#index - 1); }
    #nextRaw() { return this.#index < this.#rows.length ? this.#rows[this.#index++] : undefined; }
    #object(row) { const o = {}; this.#columns.forEach((c, i) => { o[c] = row[i]; }); return o; }
    next() {
      const row = this.#nextRaw();
      return row === undefined ? { done: true, value: undefined } : { done: false, value: this.#object(row) };
    }
    [Symbol.iterator]() { return this; }
    toArray() { return [...this]; }
    one() {
      const rows = this.toArray();
      if (rows.length === 0) throw new Error("Expected exactly one result from SQL query, but got no results.");
      if (rows.length > 1) throw new Error("Expected exactly one result from SQL query, but got multiple results.");
      return rows[0];
    }
    raw() {
      const cursor = this;
      const iterator = {
        next() { const row = cursor.#nextRaw(); return row === undefined ? { done: true, value: undefined } : { done: false, value: row }; },
        [Symbol.iterator]() { return iterator; },
        toArray() { return [...iterator]; },
      };
      return iterator;
    }
  }

  // The synchronous KV API of SQLite-backed objects (`ctx.storage.kv`): the same keys and values as the async one.
  const makeSyncKV = (native, sqlite) => {
    const check = () => {
      if (!sqlite) throw new Error("ctx.storage.kv is only available on SQLite-backed Durable Objects (new_sqlite_classes in the migration).");
    };
    return {
      get(key) { check(); return native.kvGet(String(key)); },
      put(key, value) {
        check();
        if (value === undefined) throw new TypeError("put() requires a value; use delete() to remove a key.");
        native.kvPut(String(key), value);
      },
      delete(key) { check(); return native.kvDelete(String(key)); },
      list(options = {}) { check(); return native.kvList(options)[Symbol.iterator](); },
    };
  };

  // An ArrayBuffer or view bound to a query is a BLOB: sent to the host as `{$blob: [bytes]}`.
  const sqlBinding = (value) => {
    if (value instanceof ArrayBuffer) return { $blob: Array.from(new Uint8Array(value)) };
    if (ArrayBuffer.isView(value)) return { $blob: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    return value;
  };

  // Critical sections run by the host inside the runtime's own (`blockConcurrencyWhile`, `transaction`, `sync`):
  // the callback waits here under a token until the host starts it (`runSection`); its promise settles when the
  // host ends the section (`finishSection`).
  const sections = new Map();
  const requestSection = (native, kind, callback, makeTransaction) => new Promise((resolveSection, rejectSection) => {
    const token = native.requestSection(kind);
    sections.set(token, {
      callback, resolve: resolveSection, reject: rejectSection, value: undefined, error: undefined,
      transaction: makeTransaction ? makeTransaction(token) : null,
    });
  });

  const finish = Symbol("finish");

  // The `txn` of `storage.transaction(closure)`: every storage call during the closure is part of the transaction
  // (SQLite-backed storage), so it forwards to `storage` after checking that the closure is still running.
  class DurableObjectTransaction {
    #storage; #native; #token; #state = "active";
    constructor(storage, native, token) { this.#storage = storage; this.#native = native; this.#token = token; }
    #check(op) {
      if (this.#state === "rolledBack") throw new Error(`Cannot ${op} on rolled back transaction`);
      if (this.#state === "finished") {
        throw new Error(`Cannot call ${op} on transaction that has already committed: did you move \`txn\` outside of the closure?`);
      }
    }
    #use(op, body) { return resolve(() => { this.#check(op); return body(); }); }
    get(...args) { return this.#use("get()", () => this.#storage.get(...args)); }
    put(...args) { return this.#use("put()", () => this.#storage.put(...args)); }
    delete(...args) { return this.#use("delete()", () => this.#storage.delete(...args)); }
    list(...args) { return this.#use("list()", () => this.#storage.list(...args)); }
    getAlarm(...args) { return this.#use("getAlarm()", () => this.#storage.getAlarm(...args)); }
    setAlarm(...args) { return this.#use("setAlarm()", () => this.#storage.setAlarm(...args)); }
    deleteAlarm(...args) { return this.#use("deleteAlarm()", () => this.#storage.deleteAlarm(...args)); }
    deleteAll() { return Promise.reject(new Error("Cannot call deleteAll() within a transaction")); }
    rollback() {
      if (this.#state === "rolledBack") return;
      this.#check("rollback()");
      this.#native.rollbackSection(this.#token);
      this.#state = "rolledBack";
    }
    [finish]() { if (this.#state === "active") this.#state = "finished"; }
  }

  const makeStorage = (native, sqlite) => {
    const sql = {
      exec(query, ...bindings) { return new SqlStorageCursor(native.sqlExec(String(query), bindings.map(sqlBinding))); },
      get databaseSize() { return native.databaseSize(); },
    };
    const storage = {
      get(keys) {
        return resolve(() => Array.isArray(keys) ? new Map(native.kvGetMany(keys.map(String))) : native.kvGet(String(keys)));
      },
      put(key, value, options) {
        return resolve(() => {
          if (key !== null && typeof key === "object") {
            // Entries whose value is undefined are skipped, as in workerd; the second argument is the options.
            native.kvPutMany(Object.entries(key).filter(([, v]) => v !== undefined), value);
          } else {
            if (value === undefined) throw new TypeError("put() called with undefined value.");
            native.kvPut(String(key), value, options);
          }
        });
      },
      delete(keys, options) {
        return resolve(() => Array.isArray(keys) ? native.kvDeleteMany(keys.map(String), options) : native.kvDelete(String(keys), options));
      },
      list(options = {}) { return resolve(() => new Map(native.kvList(options))); },
      deleteAll() { return resolve(() => native.kvDeleteAll()); },
      getAlarm() { return resolve(() => native.getAlarm()); },
      setAlarm(time) { return resolve(() => { native.setAlarm(time instanceof Date ? time.getTime() : Number(time)); }); },
      deleteAlarm() { return resolve(() => { native.deleteAlarm(); }); },
      transactionSync(callback) { return native.transactionSync(callback); },
      transaction(closure) {
        return requestSection(native, "transaction", closure, (token) => new DurableObjectTransaction(storage, native, token));
      },
      // Resolves when every write made so far is durable.
      sync() { return requestSection(native, "sync", null, null); },
      sql,
      kv: makeSyncKV(native, sqlite),
    };
    return storage;
  };


  // WebSockets over the host's in-process sockets. `hostNatives` (every context: pairs, send, close, attachments)
  // come with `env`; `objectNatives` (accepting, the Hibernation API) with an object's `ctx`.
  let hostNatives = null;
  let objectNatives = null;
  const requireObject = (what) => {
    if (objectNatives === null) throw new TypeError(`${what} works only inside a Durable Object here; the Worker's own fetch handler cannot accept WebSockets.`);
    return objectNatives;
  };
  // The shim's own event classes, read through the accessors globals.js left (user code may replace the globals).
  const shimGlobal = (name) => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
    return descriptor && descriptor.get ? () => descriptor.get.call(globalThis) : () => descriptor.value;
  };
  const shimEventTarget = shimGlobal("EventTarget");
  const shimMessageEvent = shimGlobal("MessageEvent");
  const shimCloseEvent = shimGlobal("CloseEvent");
  const shimErrorEvent = shimGlobal("ErrorEvent");

  const constructing = Symbol("constructing");
  // What the host knows of each socket object: its id, which end it is, how it was accepted, whether it closed.
  const socketState = new WeakMap();
  // Server ends seen by this context, by id, so a handler gets the same object each time.
  const serverSockets = new Map();
  let WebSocketClass = null;
  const stateOf = (ws, what) => {
    const state = socketState.get(ws);
    if (state === undefined) throw new TypeError(`${what} expects a WebSocket (an end of a WebSocketPair).`);
    return state;
  };
  const serverState = (ws, what) => {
    const state = stateOf(ws, what);
    if (state.client) throw new TypeError(`${what}: this is the client end of the pair (pair[0]), which is returned in the Response; use the server end (pair[1]).`);
    return state;
  };
  const webSocketClass = () => {
    if (WebSocketClass !== null) return WebSocketClass;
    class WebSocket extends shimEventTarget() {
      constructor(url, ...rest) {
        if (url !== constructing) throw new TypeError("new WebSocket(url) opens an outbound connection, which is not supported here: nothing reaches the network.");
        super();
        // closed: this side called close(); peerClosed: the close event arrived (frames sent after it are dropped).
        socketState.set(this, { id: rest[0], client: rest[1], mode: rest[2] ?? "pending", closed: false, peerClosed: false });
      }
      get readyState() {
        const state = stateOf(this, "readyState");
        if (state.client) return state.closed ? 3 : 1;
        return state.closed || state.peerClosed || hostNatives.wsClosed(state.id) && state.mode !== "pending" ? 3 : 1;
      }
      get url() { return null; }
      get protocol() { return ""; }
      get extensions() { return ""; }
      get binaryType() { return "arraybuffer"; }
      set binaryType(value) {
        if (String(value) !== "arraybuffer") throw new TypeError('Workers WebSockets only support binaryType "arraybuffer".');
      }
      accept() {
        const state = serverState(this, "accept()");
        if (state.mode === "hibernatable") throw new TypeError("Cannot call accept() on a WebSocket accepted with ctx.acceptWebSocket().");
        if (state.mode === "standard") return;
        requireObject("accept()").wsAcceptStandard(state.id);
        state.mode = "standard";
      }
      send(message) {
        const state = serverState(this, "send()");
        if (state.closed) throw new TypeError("Can't call WebSocket send() after close().");
        if (typeof message === "string") hostNatives.wsSend(state.id, message);
        else if (message instanceof ArrayBuffer) hostNatives.wsSend(state.id, new Uint8Array(message));
        else if (ArrayBuffer.isView(message)) hostNatives.wsSend(state.id, new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
        else hostNatives.wsSend(state.id, String(message));
      }
      close(code, reason) {
        const state = serverState(this, "close()");
        // Closing a socket that is already closed (e.g. echoing the client's code in webSocketClose) does nothing.
        if (state.closed || state.peerClosed) return;
        if (code !== undefined) {
          code = Number(code);
          if (!(code === 1000 || (code >= 3000 && code <= 4999))) throw new TypeError(`Invalid WebSocket close code: ${code}.`);
        }
        reason = reason === undefined ? "" : String(reason);
        if (new TextEncoder().encode(reason).length > 123) throw new TypeError("The WebSocket close reason is longer than 123 bytes.");
        state.closed = true;
        hostNatives.wsClose(state.id, code ?? 1000, reason);
      }
      serializeAttachment(value) {
        const state = serverState(this, "serializeAttachment()");
        if (value !== undefined && value !== null && (typeof value === "function" || typeof value === "symbol")) {
          throw new DOMException(`${typeof value} values cannot be serialized as a WebSocket attachment.`, "DataCloneError");
        }
        hostNatives.wsSetAttachment(state.id, value === undefined ? null : value);
      }
      deserializeAttachment() {
        const state = serverState(this, "deserializeAttachment()");
        return hostNatives.wsGetAttachment(state.id);
      }
    }
    for (const [name, value] of [["CONNECTING", 0], ["OPEN", 1], ["CLOSING", 2], ["CLOSED", 3]]) {
      Object.defineProperty(WebSocket, name, { value, enumerable: true });
      Object.defineProperty(WebSocket.prototype, name, { value, enumerable: true });
    }
    WebSocketClass = WebSocket;
    return WebSocket;
  };
  // The object for the server end `id` (made when this context first sees it, e.g. after hibernation).
  const serverSocket = (id, mode) => {
    let ws = serverSockets.get(id);
    if (ws === undefined) {
      const WebSocket = webSocketClass();
      ws = new WebSocket(constructing, id, false, mode);
      serverSockets.set(id, ws);
    }
    return ws;
  };
  const clientSocket = (id) => {
    const WebSocket = webSocketClass();
    return new WebSocket(constructing, id, true, "pending");
  };

  class WebSocketPair {
    constructor() {
      if (hostNatives === null || typeof hostNatives.wsPair !== "function") throw new TypeError("WebSocketPair is not available while the Worker is being checked at load time (make pairs inside handlers).");
      const id = hostNatives.wsPair();
      Object.defineProperty(this, 0, { value: clientSocket(id), enumerable: true });
      Object.defineProperty(this, 1, { value: serverSocket(id, "pending"), enumerable: true });
    }
  }

  class WebSocketRequestResponsePair {
    #request; #response;
    constructor(request, response) {
      if (arguments.length < 2) throw new TypeError("WebSocketRequestResponsePair expects a request and a response string.");
      this.#request = String(request);
      this.#response = String(response);
    }
    get request() { return this.#request; }
    get response() { return this.#response; }
  }

  const defineGlobal = (name, get) => {
    Object.defineProperty(globalThis, name, {
      configurable: true, enumerable: false,
      get() { const value = get(); Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false }); return value; },
      set(value) { Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false }); },
    });
  };
  defineGlobal("WebSocket", webSocketClass);
  defineGlobal("WebSocketPair", () => WebSocketPair);
  defineGlobal("WebSocketRequestResponsePair", () => WebSocketRequestResponsePair);

  // The Hibernation API on `ctx`.
  const makeSocketContext = (native) => {
    let eventTimeout = null;
    return {
      acceptWebSocket(ws, tags) {
        const state = serverState(ws, "acceptWebSocket()");
        if (state.mode === "standard") throw new TypeError("Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`");
        native.wsAccept(state.id, tags === undefined || tags === null ? [] : [...tags].map(String));
        state.mode = "hibernatable";
      },
      getWebSockets(tag) {
        return native.wsGetWebSockets(tag === undefined || tag === null ? null : String(tag)).map((id) => serverSocket(id, "hibernatable"));
      },
      getTags(ws) { return native.wsTags(serverState(ws, "getTags()").id); },
      setWebSocketAutoResponse(pair) {
        if (pair === undefined || pair === null) { native.wsClearAutoResponse(); return; }
        if (!(pair instanceof WebSocketRequestResponsePair)) throw new TypeError("setWebSocketAutoResponse() expects a WebSocketRequestResponsePair.");
        native.wsSetAutoResponse(pair.request, pair.response);
      },
      getWebSocketAutoResponse() {
        const pair = native.wsGetAutoResponse();
        return pair === null ? null : new WebSocketRequestResponsePair(pair[0], pair[1]);
      },
      getWebSocketAutoResponseTimestamp(ws) {
        const time = native.wsAutoResponseTimestamp(serverState(ws, "getWebSocketAutoResponseTimestamp()").id);
        return time === null ? null : new Date(time);
      },
      setHibernatableWebSocketEventTimeout(ms) {
        if (ms === undefined || ms === null || Number(ms) === 0) { eventTimeout = null; return; }
        ms = Number(ms);
        if (!(ms > 0 && ms <= 604800000)) throw new RangeError("The hibernatable WebSocket event timeout must be between 0 and 604800000 ms (7 days).");
        eventTimeout = ms;
      },
      getHibernatableWebSocketEventTimeout() { return eventTimeout; },
    };
  };

  // The socket a Response carries, as the host reads it: the id of a client end.
  const responseSocket = (response) => {
    const ws = response.webSocket;
    if (ws === null || ws === undefined) return null;
    const state = socketState.get(ws);
    if (state === undefined) throw new TypeError("The Response's webSocket must be an end of a WebSocketPair.");
    if (!state.client) throw new TypeError("The Response's webSocket is the server end (pair[1]); return the client end (pair[0]) and accept the server end.");
    return state.id;
  };

  const toRequestDescription = async (request) => ({
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.body === null ? null : await request.text(),
  });

  const fromResponseDescription = (description) =>
    new Response(description.body === "" && [101, 204, 205, 304].includes(description.status) ? null : description.body,
      { status: description.status, headers: description.headers,
        webSocket: description.webSocket === undefined ? null : clientSocket(description.webSocket) });

  // RPC arguments and results cross between contexts in the wire form (structuredClone's types through JSON, see
  // globals.js), as Workers RPC clones them: `undefined`, `Date`, `Map` and the like survive. Plain JSON data is its
  // own wire form, and `undefined` is made here: the common call neither walks twice nor loads the shim's clone
  // module, which costs a context ≈ 230 KB the first time it is used.
  const isPlain = (value) => value === null || typeof value === "string" || typeof value === "boolean"
    || (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0));
  // Plain objects and dense arrays of plain data, no `$t` key, no object reached twice (the shim keeps sharing).
  const isPlainTree = (value, seen) => {
    if (isPlain(value)) return true;
    if (value === undefined || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) return false;
      for (let i = 0; i < value.length; i++) if (!Object.hasOwn(value, i) || !isPlainTree(value[i], seen)) return false;
      return Object.keys(value).length === value.length;
    }
    if ((proto !== Object.prototype && proto !== null) || Object.hasOwn(value, "$t")) return false;
    for (const key of Object.keys(value)) if (!isPlainTree(value[key], seen)) return false;
    return true;
  };
  // Whether a tree read from JSON holds no tagged node (then it is its own value).
  const isUntagged = (tree) => {
    if (tree === null || typeof tree !== "object") return true;
    if (Array.isArray(tree)) return tree.every(isUntagged);
    if (Object.hasOwn(tree, "$t")) return false;
    for (const key in tree) if (!isUntagged(tree[key])) return false;
    return true;
  };
  const toWire = (value) => {
    if (value === undefined) return { $t: "undefined" };
    if (isPlain(value) || !shim) return value;
    return isPlainTree(value, new Set()) ? value : shim.toWire(value);
  };
  const fromWire = (wire) => {
    if (wire === null || typeof wire !== "object" || !shim) return wire;
    if (wire.$t === "undefined" && Object.keys(wire).length === 1) return undefined;
    return isUntagged(wire) ? wire : shim.fromWire(wire);
  };

  const makeStub = (binding, id, bindings) => new Proxy({}, {
    get(_, property) {
      if (typeof property === "symbol" || property === "then") return undefined;
      if (property === "id") return id;
      if (property === "name") return id.name;
      if (property === "fetch") {
        return async (input, init) => {
          const request = new Request(input, init);
          const response = await bindings.fetch(binding, id.toString(), id.name, await toRequestDescription(request));
          return fromResponseDescription(response);
        };
      }
      return (...args) => resolve(() => bindings.call(binding, id.toString(), id.name, property, args.map(toWire))).then(fromWire);
    },
  });

  const makeNamespace = (binding, bindings) => {
    const namespace = {
      idFromName(name) { return new DurableObjectId(bindings.idFromName(binding, String(name)), String(name)); },
      idFromString(text) { return new DurableObjectId(bindings.idFromString(binding, String(text))); },
      newUniqueId(options) { return new DurableObjectId(bindings.newUniqueId(binding, options?.jurisdiction)); },
      get(id) {
        if (!(id instanceof DurableObjectId)) throw new TypeError("get() expects a DurableObjectId from this namespace.");
        return makeStub(binding, id, bindings);
      },
      getByName(name) { return namespace.get(namespace.idFromName(name)); },
      jurisdiction() { return namespace; },
    };
    return namespace;
  };

  // A getter on the class's prototype chain (workerd's RPC reads those; instance fields are not exposed).
  const prototypeGetter = (target, name) => {
    for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (descriptor) return descriptor.get;
    }
    return undefined;
  };

  // `ctx.exports`, made on first use once the bundle ran (most objects never read it, and every function run in a
  // global costs it memory): the Durable Object namespaces by class name (made with `env`), then a loopback for
  // each exported `WorkerEntrypoint` class and for the default export.
  let exports = null;
  let namespaceExports = {};
  // The global the bundle leaves its exports in (esbuild's --global-name).
  let bundleGlobal = null;
  const currentExports = () => {
    if (exports !== null) return exports;
    const all = { ...namespaceExports };
    const bundle = bundleGlobal === null ? undefined : globalThis[bundleGlobal];
    if (bundle === null || typeof bundle !== "object") return Object.freeze(all);  // the bundle is still running
    for (const key of Object.keys(bundle)) {
      if (Object.hasOwn(all, key)) continue;
      let value;
      try { value = bundle[key]; } catch { continue; }
      const entrypoint = typeof value === "function" && WorkerEntrypoint !== null && value.prototype instanceof WorkerEntrypoint;
      if (entrypoint || (key === "default" && value !== null && (typeof value === "object" || typeof value === "function"))) {
        all[key] = makeLoopback(key, value);
      }
    }
    exports = Object.freeze(all);
    return exports;
  };

  // A loopback to an entrypoint of this Worker in `ctx.exports` (a `WorkerEntrypoint` class, or the default export):
  // like a service binding to itself, it takes `fetch` and RPC calls, each served by a new instance with this
  // Worker's `env`, in the calling context. Arguments and results are cloned as RPC would.
  const entrypointContext = () => ({ waitUntil(promise) { Promise.resolve(promise).catch(() => {}); }, passThroughOnException() {}, props: {}, get exports() { return currentExports(); } });
  const makeLoopback = (name, handler) => {
    const isClass = typeof handler === "function";
    const receiver = () => (isClass ? new handler(entrypointContext(), globalThis.__workerEnv) : handler);
    return new Proxy({}, {
      get(_, property) {
        if (typeof property === "symbol" || property === "then") return undefined;
        if (property === "fetch") {
          return async (input, init) => {
            const request = new Request(input, init);
            const target = receiver();
            if (target === null || typeof target !== "object" || typeof target.fetch !== "function") {
              throw new TypeError(`The entrypoint "${name}" has no fetch() handler.`);
            }
            const response = isClass ? await target.fetch(request) : await target.fetch(request, globalThis.__workerEnv, entrypointContext());
            if (!(response instanceof Response)) throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
            return response;
          };
        }
        return (...args) => resolve(() => {
          const target = receiver();
          if (!isClass || property === "constructor" || typeof target[property] !== "function") {
            throw new TypeError(`The RPC receiver does not implement the method "${String(property)}".`);
          }
          return target[property](...args.map((value) => fromWire(toWire(value))));
        }).then((value) => fromWire(toWire(value)));
      },
    });
  };

  // Outbound `fetch`: answered by the Worker's fetch mocks (host I/O on the runtime clock), refused otherwise.
  // Stubs' `fetch` is their own and is not affected.
  const installFetch = (bindings) => {
    const fetch = async function fetch(input, init = undefined) {
      const request = new Request(input, init);
      const answer = await bindings.outboundFetch(await toRequestDescription(request));
      const response = fromResponseDescription(answer);
      shim?.setResponseURL(response, request.url, false);
      return response;
    };
    Object.defineProperty(globalThis, "fetch", { enumerable: false, configurable: true, writable: true, value: fetch });
  };

  // The RpcTarget class of the Worker's bundle (from our cloudflare:workers module), when it imports it.
  class NoRpcTarget {}
  let RpcTarget = NoRpcTarget;
  // The WorkerEntrypoint class of the bundle, when it imports it (for `ctx.exports`).
  let WorkerEntrypoint = null;

  return {
    setBaseClasses(classes) {
      if (typeof classes?.RpcTarget === "function") RpcTarget = classes.RpcTarget;
      if (typeof classes?.WorkerEntrypoint === "function") WorkerEntrypoint = classes.WorkerEntrypoint;
    },
    DurableObjectId,
    makeEnv(description, bindings) {
      installFetch(bindings);
      hostNatives = bindings;
      const env = {};
      for (const [key, value] of description.vars) env[key] = value;
      for (const { name, kind } of description.others) {
        // Looking at the binding (logging env, JSON, awaiting it) is fine; using it throws, naming it.
        const label = `[${kind} binding ${name} (not emulated)]`;
        const harmless = { then: undefined, toJSON: () => label, toString: () => label, valueOf: () => label, constructor: Object };
        env[name] = new Proxy({}, { get(_, property) {
          if (typeof property === "symbol") return undefined;
          if (Object.hasOwn(harmless, property)) return harmless[property];
          throw new Error(`The ${kind} binding ${name} is not emulated by do-architect; only Durable Object namespaces and vars run locally.`);
        } });
      }
      for (const name of description.namespaces) env[name] = makeNamespace(name, bindings);
      // `ctx.exports`: the Worker's Durable Object classes by class name, as loopback namespaces (see currentExports).
      namespaceExports = {};
      for (const [className, binding] of Object.entries(description.classes ?? {})) namespaceExports[className] = env[binding];
      bundleGlobal = typeof description.bundleGlobal === "string" ? description.bundleGlobal : null;
      exports = null;
      return env;
    },
    makeContext(native, hex, name, sqlite) {
      objectNatives = native;
      const pending = [];
      const ctx = {
        ...makeSocketContext(native),
        id: new DurableObjectId(hex, name),
        storage: makeStorage(native, sqlite !== false),
        get exports() { return currentExports(); },
        blockConcurrencyWhile(callback) {
          const promise = requestSection(native, "blockConcurrencyWhile", callback, null);
          if (!pending.awaited) pending.push(promise);
          return promise;
        },
        waitUntil(promise) { Promise.resolve(promise).catch(() => {}); },
        // Resets the object: its unflushed writes are dropped and the running event fails with `reason`.
        abort(reason) { native.abort(reason === undefined ? undefined : String(reason)); },
      };
      return { ctx, pending };
    },
    construct(Class, ctx, env) { return new Class(ctx, env); },
    invoke(target, method, args, token, settle) {
      let result;
      try {
        const getter = prototypeGetter(target, method);
        if (getter) {
          result = getter.call(target);
        } else {
          if (method === "constructor" || typeof target[method] !== "function" || Object.hasOwn(target, method)) {
            throw new TypeError(`The RPC receiver does not implement the method "${method}".`);
          }
          result = target[method](...args.map(fromWire));
        }
      } catch (error) {
        settle(token, false, error);
        return;
      }
      Promise.resolve(result).then((value) => {
        if (value instanceof RpcTarget) {
          settle(token, false, new TypeError(`"${method}" returned an RpcTarget (${value.constructor.name}), which is passed by reference; calls through this host pass JSON only.`));
          return;
        }
        let wire;
        try { wire = toWire(value); } catch (error) { settle(token, false, error); return; }
        settle(token, true, wire);
      }, (error) => settle(token, false, error));
    },
    fetch(target, description, isWorker, token, settle) {
      (async () => {
        const init = { method: description.method, headers: description.headers };
        if (description.body !== null && description.method !== "GET" && description.method !== "HEAD") init.body = description.body;
        const request = new Request(description.url, init);
        let response;
        if (isWorker) {
          const handler = target.default;
          const ctx = { waitUntil(promise) { Promise.resolve(promise).catch(() => {}); }, passThroughOnException() {}, props: {}, get exports() { return currentExports(); } };
          if (typeof handler === "function" && handler.prototype && typeof handler.prototype.fetch === "function") {
            response = await new handler(ctx, globalThis.__workerEnv).fetch(request);
          } else if (handler && typeof handler.fetch === "function") {
            response = await handler.fetch(request, globalThis.__workerEnv, ctx);
          } else {
            throw new TypeError("The Worker's default export has no fetch() handler.");
          }
        } else {
          if (typeof target.fetch !== "function") throw new TypeError("This Durable Object class has no fetch() handler.");
          response = await target.fetch(request);
        }
        if (!(response instanceof Response)) throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
        const webSocket = responseSocket(response);
        const body = response.body === null ? "" : await response.text();
        return webSocket === null ? { status: response.status, headers: [...response.headers], body }
          : { status: response.status, headers: [...response.headers], body, webSocket };
      })().then((value) => settle(token, true, value), (error) => settle(token, false, error));
    },
    // A socket event: the class's handler for a hibernatable socket, an event for a standard one (accept()).
    socketEvent(target, kind, id, standard, a, b, c, token, settle) {
      const ws = serverSocket(id, standard ? "standard" : "hibernatable");
      const state = socketState.get(ws);
      // A standard socket's close arrives after the runtime marked it closed: the wrapper remembers its mode.
      standard = state.mode === "standard";
      let result;
      try {
        if (kind === "close") {
          state.peerClosed = true;
          serverSockets.delete(id);
        }
        if (standard) {
          if (kind === "message") ws.dispatchEvent(new (shimMessageEvent())("message", { data: a }));
          else if (kind === "close") ws.dispatchEvent(new (shimCloseEvent())("close", { code: a, reason: b, wasClean: c }));
          else ws.dispatchEvent(new (shimErrorEvent())("error", { message: a, error: new Error(a) }));
        } else {
          const name = kind === "message" ? "webSocketMessage" : kind === "close" ? "webSocketClose" : "webSocketError";
          const handler = target[name];
          if (typeof handler === "function") {
            result = kind === "message" ? handler.call(target, ws, a)
              : kind === "close" ? handler.call(target, ws, a, b, c)
              : handler.call(target, ws, new Error(a));
          }
        }
      } catch (error) {
        settle(token, false, error);
        return;
      }
      Promise.resolve(result).then(() => settle(token, true, null), (error) => settle(token, false, error));
    },
    runSection(token, settle) {
      const section = sections.get(token);
      if (!section) { settle(token, true, null); return; }
      let result;
      try {
        result = section.callback ? section.callback(section.transaction ?? undefined) : undefined;
      } catch (error) {
        section.error = error;
        settle(token, false, error);
        return;
      }
      Promise.resolve(result).then(
        (value) => { section.value = value; settle(token, true, null); },
        (error) => { section.error = error; settle(token, false, error); });
    },
    finishSection(token, succeeded, error) {
      const section = sections.get(token);
      if (!section) return;
      sections.delete(token);
      section.transaction?.[finish]();
      if (succeeded) section.resolve(section.value);
      else section.reject(error ?? section.error);
    },
    awaitAll(promises, token, settle) {
      promises.awaited = true;
      Promise.all(promises).then(() => settle(token, true, null), (error) => settle(token, false, error));
    },
    methods(Class) {
      const names = new Set();
      for (let proto = Class.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        if (proto.constructor && proto.constructor.name === "DurableObject" && Object.getPrototypeOf(proto) === Object.prototype) break;
        for (const key of Object.getOwnPropertyNames(proto)) {
          const descriptor = Object.getOwnPropertyDescriptor(proto, key);
          if (key !== "constructor" && typeof descriptor.value === "function") names.add(key);
        }
      }
      return [...names].sort();
    },
  };
})() });
