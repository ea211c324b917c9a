import { DurableObject } from "cloudflare:workers";

export class Metrics extends DurableObject {
  // Counters are flushed every minute; losing under a minute of samples is acceptable here.
  // do-architect-ignore unpersisted-state
  private samples: number[] = [];

  async observe(value: number): Promise<void> {
    this.samples.push(value);
    if (this.samples.length === 1) {
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
  }

  async alarm(): Promise<void> {
    const batch = this.samples.splice(0);
    if (batch.length === 0) return;
    const sum = batch.reduce((a, b) => a + b, 0);
    await this.ctx.storage.put(`minute:${Math.floor(Date.now() / 60_000)}`, { n: batch.length, sum });
  }

  async export(): Promise<Map<string, unknown>> {
    return this.ctx.storage.list(); // do-architect-ignore unbounded-list
  }
}
