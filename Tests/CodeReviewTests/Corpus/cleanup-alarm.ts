import { DurableObject } from "cloudflare:workers";

const DAY = 24 * 60 * 60 * 1000;

export class RetentionBucket extends DurableObject {
  async put(key: string, value: string): Promise<void> {
    await this.ctx.storage.put(`v:${key}`, { value, at: Date.now() });
    if (!(await this.ctx.storage.getAlarm())) await this.ctx.storage.setAlarm(Date.now() + DAY);
  }

  async alarm(): Promise<void> {
    const all = await this.ctx.storage.list<{ value: string; at: number }>();
    const cutoff = Date.now() - 30 * DAY;
    const stale = [...all].filter(([, v]) => v.at < cutoff).map(([k]) => k);
    await this.ctx.storage.delete(stale.slice(0, 128));
    await this.ctx.storage.setAlarm(Date.now() + DAY);
  }
}
