import { DurableObject } from "cloudflare:workers";

interface Env {
  INBOX: DurableObjectNamespace<Inbox>;
  BROADCAST: DurableObjectNamespace<Inbox>;
}

export class Inbox extends DurableObject<Env> {
  async push(note: string): Promise<void> {
    const id = `note:${Date.now()}`;
    await this.ctx.storage.put(id, note);
  }

  async latest(): Promise<string[]> {
    const notes = await this.ctx.storage.list<string>({ prefix: "note:", reverse: true, limit: 20 });
    return [...notes.values()];
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const user = url.searchParams.get("user");
    if (!user) return new Response("user required", { status: 400 });
    if (request.method === "POST") {
      const inbox = env.INBOX.getByName(user);
      inbox.push(await request.text());
      return new Response("sent", { status: 202 });
    }
    const everyone = env.BROADCAST.getByName("everyone");
    const [mine, global] = await Promise.all([env.INBOX.getByName(user).latest(), everyone.latest()]);
    return Response.json({ mine, global });
  },
};
