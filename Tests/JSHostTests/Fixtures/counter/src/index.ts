import { DurableObject } from "cloudflare:workers";
import { label } from "./label";

interface Env {
  COUNTER: DurableObjectNamespace<Counter>;
  GREETING: string;
}

export class Counter extends DurableObject<Env> {
  private calls = 0;

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

  all(): string[] {
    return this.ctx.storage.sql.exec("SELECT text FROM notes ORDER BY id").toArray().map((row) => row.text as string);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return new Response("worker");
  },
};
