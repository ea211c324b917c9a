import { DurableObject } from "cloudflare:workers";

export class Outbox extends DurableObject {
  async push(message: unknown): Promise<string> {
    const id = `msg:${Date.now().toString(36)}:${crypto.randomUUID()}`;
    await this.ctx.storage.put(id, message);
    return id;
  }

  async pending(): Promise<number> {
    const all = await this.ctx.storage.list();
    return all.size;
  }

  async drain(batch = 50): Promise<unknown[]> {
    const page = await this.ctx.storage.list({ prefix: "msg:", limit: batch });
    await this.ctx.storage.delete([...page.keys()]);
    return [...page.values()];
  }
}
