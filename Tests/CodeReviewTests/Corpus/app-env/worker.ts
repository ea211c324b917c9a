import { DurableObject } from "cloudflare:workers";

export class Sessions extends DurableObject {
  async touch(id: string): Promise<number> {
    const now = Date.now();
    await this.ctx.storage.put(`s:${id}`, now);
    return now;
  }
}

export class Metrics extends DurableObject {
  async bump(name: string): Promise<void> {
    this.ctx.storage.sql.exec("INSERT INTO m (name, n) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET n = n + 1", name);
  }
}

export default {
  async fetch(request: Request, env: { SESSIONS: DurableObjectNamespace<Sessions> }): Promise<Response> {
    const id = request.headers.get("cookie")?.match(/sid=([^;]+)/)?.[1];
    if (!id) return new Response("no session", { status: 401 });
    return Response.json({ at: await env.SESSIONS.getByName(id).touch(id) });
  },
};
