import { DurableObject } from "cloudflare:workers";

export class Cache extends DurableObject {
  private entries = new Map<string, { value: string; expires: number }>();

  async get(key: string): Promise<string | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const stored = await this.ctx.storage.get<{ value: string; expires: number }>(key);
    if (!stored || stored.expires <= Date.now()) return null;
    this.entries.set(key, stored);
    return stored.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const entry = { value, expires: Date.now() + ttlMs };
    this.entries.set(key, entry);
    await this.ctx.storage.put(key, entry);
    setTimeout(() => this.entries.delete(key), ttlMs);
  }
}
