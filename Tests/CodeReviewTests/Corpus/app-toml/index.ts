import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOMS: DurableObjectNamespace<RoomState>;
  PRESENCE: DurableObjectNamespace<Presence>;
}

export class RoomState extends DurableObject<Env> {
  async topic(): Promise<string> {
    return (await this.ctx.storage.get<string>("topic")) ?? "";
  }

  async setTopic(topic: string): Promise<void> {
    await this.ctx.storage.put("topic", topic);
    await this.env.PRESENCE.getByName(this.ctx.id.toString()).notify(topic);
  }
}

class Presence extends DurableObject<Env> {
  async notify(topic: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(topic);
      } catch {
        ws.close(1011);
      }
    }
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const room = new URL(request.url).searchParams.get("room") ?? "lobby";
    return Response.json({ topic: await env.ROOMS.getByName(room).topic() });
  },
};
