import { DurableObject, RpcTarget } from "cloudflare:workers";
import { label } from "./label";

interface Env {
  COUNTER: DurableObjectNamespace<Counter>;
  NOTES: DurableObjectNamespace<Notes>;
  CACHE: KVNamespace;
  GREETING: string;
}

class Handle extends RpcTarget {}

export class Counter extends DurableObject<Env> {
  private calls = 0;
  instanceField = "not over RPC";

  get label(): string {
    return `counter with ${this.calls} calls`;
  }

  handle(): Handle {
    return new Handle();
  }

  async increment(by: number = 1): Promise<number> {
    this.calls++;
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + by;
    await this.ctx.storage.put("value", value);
    return value;
  }

  async get(): Promise<number> {
    return (await this.ctx.storage.get<number>("value")) ?? 0;
  }

  callsSinceStart(): number {
    return this.calls;
  }

  describe(): string {
    return label(this.ctx.id.name ?? "unnamed", this.env.GREETING);
  }

  fail(message: string): never {
    throw new RangeError(message);
  }

  async later(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.increment(1);
  }

  async scheduleAt(time: number): Promise<number | null> {
    await this.ctx.storage.setAlarm(time);
    return await this.ctx.storage.getAlarm();
  }

  async alarm(info?: AlarmInvocationInfo): Promise<void> {
    await this.ctx.storage.put("value", 0);
    await this.ctx.storage.put("alarmRetryCount", info?.retryCount ?? -1);
  }

  async alarmRuns(): Promise<number | undefined> {
    return await this.ctx.storage.get<number>("alarmRetryCount");
  }

  spin(): void {
    while (true) {}
  }

  async fetch(request: Request): Promise<Response> {
    return new Response(`counter ${await this.get()}`);
  }
}

export class Notes extends DurableObject<Env> {
  add(text: string): number {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)");
    this.ctx.storage.sql.exec("INSERT INTO notes (text) VALUES (?)", text);
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM notes").one().n as number;
  }

  addAll(texts: string[], failAt: number): number {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT)");
    try {
      this.ctx.storage.transactionSync(() => {
        texts.forEach((text, i) => {
          if (i === failAt) throw new Error("stop");
          this.ctx.storage.sql.exec("INSERT INTO notes (text) VALUES (?)", text);
        });
      });
    } catch {}
    return this.ctx.storage.sql.exec("SELECT count(*) AS n FROM notes").one().n as number;
  }

  async bumpCounter(name: string): Promise<number> {
    return await this.env.COUNTER.getByName(name).increment(10);
  }

  all(): string[] {
    return this.ctx.storage.sql.exec("SELECT text FROM notes ORDER BY id").toArray().map((row) => row.text as string);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const [, kind, name, action] = url.pathname.split("/");
    if (kind === "counter" && action === "increment") {
      const value = await env.COUNTER.get(env.COUNTER.idFromName(name)).increment(Number(url.searchParams.get("by") ?? "1"));
      return Response.json({ name, value });
    }
    if (kind === "counter" && action === "page") {
      return env.COUNTER.getByName(name).fetch(request);
    }
    if (kind === "counter" && action === "fail") {
      try {
        await env.COUNTER.getByName(name).fail("refused");
      } catch (error) {
        const e = error as Error;
        return new Response(`${e.name}|${e.message}|${e.stack}`, { status: 500 });
      }
    }
    if (kind === "kv") {
      return new Response(await env.CACHE.get("x"));
    }
    return new Response("not found", { status: 404, headers: { "x-worker": env.GREETING } });
  },
};
