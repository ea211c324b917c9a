import { DurableObject } from "cloudflare:workers";

const TTL_MS = 30 * 60 * 1000;

export class SessionStore extends DurableObject {
  private cache: Record<string, unknown> | null = null;

  async get(): Promise<Record<string, unknown> | null> {
    if (this.cache) return this.cache;
    this.cache = (await this.ctx.storage.get<Record<string, unknown>>("session")) ?? null;
    return this.cache;
  }

  async set(data: Record<string, unknown>): Promise<void> {
    this.cache = data;
    await this.ctx.storage.put("session", data);
    await this.ctx.storage.setAlarm(Date.now() + TTL_MS);
  }

  async alarm(): Promise<void> {
    this.cache = null;
    await this.ctx.storage.deleteAll();
  }
}
