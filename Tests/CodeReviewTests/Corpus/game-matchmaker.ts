import { DurableObject } from "cloudflare:workers";

interface Env {
  MATCHMAKER: DurableObjectNamespace<Matchmaker>;
  GAME: DurableObjectNamespace;
}

export class Matchmaker extends DurableObject<Env> {
  async enqueue(playerId: string): Promise<{ gameId?: string }> {
    const waiting = (await this.ctx.storage.get<string[]>("waiting")) ?? [];
    if (!waiting.includes(playerId)) waiting.push(playerId);
    if (waiting.length >= 2) {
      const pair = waiting.splice(0, 2);
      const id = this.env.GAME.newUniqueId();
      await this.ctx.storage.put("waiting", waiting);
      await this.ctx.storage.put(`game:${id.toString()}`, pair);
      return { gameId: id.toString() };
    }
    await this.ctx.storage.put("waiting", waiting);
    return {};
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const player = new URL(request.url).searchParams.get("player");
    if (!player) return new Response("player required", { status: 400 });
    const stub = env.MATCHMAKER.getByName("global");
    return Response.json(await stub.enqueue(player));
  },
};
