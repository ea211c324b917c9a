import { DurableObject } from "cloudflare:workers";

export class Visits extends DurableObject {
  async visit(): Promise<number> {
    const count = ((await this.ctx.storage.get<number>("count")) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
    return count;
  }
}

export default {
  async fetch(_request: Request, env: { VISITS: DurableObjectNamespace<Visits> }): Promise<Response> {
    const count = await env.VISITS.getByName("home").visit();
    return Response.json({ visits: count });
  },
};
