import { DurableObject } from "cloudflare:workers";

interface Env { ROOMS: DurableObjectNamespace<Room> }

export class Room extends DurableObject<Env> {
  async init(owner: string): Promise<void> {
    await this.ctx.storage.put("owner", owner);
  }
  async owner(): Promise<string | undefined> {
    return this.ctx.storage.get<string>("owner");
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/rooms" && request.method === "POST") {
      const id = env.ROOMS.newUniqueId();
      await env.ROOMS.get(id).init(request.headers.get("x-user") ?? "anon");
      return Response.json({ room: id.toString() }, { status: 201 });
    }
    const roomId = url.pathname.split("/")[2];
    if (!roomId) return new Response("missing room", { status: 400 });
    const stub = env.ROOMS.get(env.ROOMS.idFromString(roomId));
    return Response.json({ owner: await stub.owner() });
  },
};
