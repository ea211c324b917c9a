import { DurableObject } from "cloudflare:workers";

type Lease = { holder: string; token: number; expires: number };

export class LeaseLock extends DurableObject {
  async acquire(holder: string, ttlMs: number): Promise<Lease | null> {
    const now = Date.now();
    const lease = await this.ctx.storage.get<Lease>("lease");
    if (lease && lease.expires > now && lease.holder !== holder) return null;
    const token = ((await this.ctx.storage.get<number>("token")) ?? 0) + 1;
    const next = { holder, token, expires: now + ttlMs };
    this.ctx.storage.put("token", token);
    this.ctx.storage.put("lease", next);
    await this.ctx.storage.setAlarm(next.expires);
    return next;
  }

  async release(holder: string, token: number): Promise<boolean> {
    const lease = await this.ctx.storage.get<Lease>("lease");
    if (!lease || lease.holder !== holder || lease.token !== token) return false;
    await this.ctx.storage.delete("lease");
    return true;
  }

  async alarm(): Promise<void> {
    const lease = await this.ctx.storage.get<Lease>("lease");
    if (lease && lease.expires <= Date.now()) await this.ctx.storage.delete("lease");
  }
}
