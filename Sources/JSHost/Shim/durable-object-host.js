// The host side of Durable Objects in JavaScript (our own code): `ctx`, `ctx.storage` over the host's natives,
// `env`, and the entry points the Swift host calls. Evaluated in each object's global after globals.js and before
// the Worker's bundle; it leaves one global, `__doHost`, which the bundle never sees by name.
Object.defineProperty(globalThis, "__doHost", { enumerable: false, configurable: false, writable: false, value: (() => {
  const resolve = (body) => { try { return Promise.resolve(body()); } catch (error) { return Promise.reject(error); } };

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
      this.#rows = result.rows;
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

  const makeStorage = (native) => {
    const sql = {
      exec(query, ...bindings) { return new SqlStorageCursor(native.sqlExec(String(query), bindings)); },
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
    };
    return storage;
  };

  const toRequestDescription = async (request) => ({
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: request.body === null ? null : await request.text(),
  });

  const fromResponseDescription = (description) =>
    new Response(description.body === "" && [101, 204, 205, 304].includes(description.status) ? null : description.body,
      { status: description.status, headers: description.headers });

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
      return (...args) => bindings.call(binding, id.toString(), id.name, property, args);
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

  // The RpcTarget class of the Worker's bundle (from our cloudflare:workers module), when it imports it.
  class NoRpcTarget {}
  let RpcTarget = NoRpcTarget;

  return {
    setRpcTarget(Class) { if (typeof Class === "function") RpcTarget = Class; },
    DurableObjectId,
    makeEnv(description, bindings) {
      const env = {};
      for (const [key, value] of description.vars) env[key] = value;
      for (const { name, kind } of description.others) {
        env[name] = new Proxy({}, { get(_, property) {
          if (property === "then" || typeof property === "symbol") return undefined;
          throw new Error(`The ${kind} binding ${name} is not emulated by do-architect; only Durable Object namespaces and vars run locally.`);
        } });
      }
      for (const name of description.namespaces) env[name] = makeNamespace(name, bindings);
      return env;
    },
    makeContext(native, hex, name) {
      const pending = [];
      const ctx = {
        id: new DurableObjectId(hex, name),
        storage: makeStorage(native),
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
          result = target[method](...args);
        }
      } catch (error) {
        settle(token, false, error);
        return;
      }
      Promise.resolve(result).then((value) => {
        if (value instanceof RpcTarget) {
          settle(token, false, new TypeError(`"${method}" returned an RpcTarget (${value.constructor.name}), which is passed by reference; calls through this host pass JSON only.`));
        } else {
          settle(token, true, value);
        }
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
          const ctx = { waitUntil(promise) { Promise.resolve(promise).catch(() => {}); }, passThroughOnException() {}, props: {} };
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
        const body = response.body === null ? "" : await response.text();
        return { status: response.status, headers: [...response.headers], body };
      })().then((value) => settle(token, true, value), (error) => settle(token, false, error));
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
