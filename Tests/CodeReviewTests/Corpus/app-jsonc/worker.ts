import { DurableObject } from "cloudflare:workers";

export class Ledger extends DurableObject {
  async credit(account: string, cents: number): Promise<number> {
    return this.ctx.storage.transaction(async (txn) => {
      const balance = ((await txn.get<number>(`acct:${account}`)) ?? 0) + cents;
      await txn.put(`acct:${account}`, balance);
      return balance;
    });
  }
}

export class Archive extends DurableObject {
  async store(key: string, blob: string): Promise<void> {
    await this.ctx.storage.put(`blob:${key}`, blob);
    const count = ((await this.ctx.storage.get<number>("count")) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
  }
}

interface Env { LEDGER: DurableObjectNamespace<Ledger> }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const account = request.headers.get("x-account");
    if (!account) return new Response("no account", { status: 400 });
    const balance = await env.LEDGER.getByName(account).credit(account, 100);
    return Response.json({ balance });
  },
};
