import { DurableObject } from "cloudflare:workers";

interface Env { COUNTER: DurableObjectNamespace<CounterShard> }

const SHARDS = 16;

export class CounterShard extends DurableObject<Env> {
  async add(n: number): Promise<number> {
    const value = ((await this.ctx.storage.get<number>("value")) ?? 0) + n;
    await this.ctx.storage.put("value", value);
    return value;
  }

  async read(): Promise<number> {
    return (await this.ctx.storage.get<number>("value")) ?? 0;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const name = url.searchParams.get("counter") ?? "default";
    if (request.method === "POST") {
      const shard = Math.floor(Math.random() * SHARDS);
      await env.COUNTER.getByName(`${name}:${shard}`).add(1);
      return new Response("counted", { status: 202 });
    }
    const totals = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) => env.COUNTER.getByName(`${name}:${i}`).read())
    );
    return Response.json({ total: totals.reduce((a, b) => a + b, 0) });
  },
};
