import { DurableObject } from "cloudflare:workers";

export class Poll extends DurableObject {
  async vote(option: string, voter: string): Promise<Record<string, number>> {
    const voted = await this.ctx.storage.get<boolean>(`voter:${voter}`);
    if (voted) throw new Error("already voted");
    const tally = (await this.ctx.storage.get<Record<string, number>>("tally")) ?? {};
    tally[option] = (tally[option] ?? 0) + 1;
    this.ctx.storage.put(`voter:${voter}`, true);
    this.ctx.storage.put("tally", tally);
    return tally;
  }

  async results(): Promise<Response> {
    return Response.json((await this.ctx.storage.get("tally")) ?? {});
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/results") return this.results();
    const { option, voter } = await request.json<{ option: string; voter: string }>();
    return Response.json(await this.vote(option, voter));
  }
}
