import { DurableObject } from "cloudflare:workers";

interface Env { STRIPE_KEY: string }

export class Meter extends DurableObject<Env> {
  async record(units: number): Promise<void> {
    const pending = (await this.ctx.storage.get<number>("pending")) ?? 0;
    await this.ctx.storage.put("pending", pending + units);
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null) await this.ctx.storage.setAlarm(Date.now() + 60_000);
  }

  async alarm(): Promise<void> {
    const pending = (await this.ctx.storage.get<number>("pending")) ?? 0;
    if (pending === 0) return;
    const res = await fetch("https://api.stripe.com/v1/usage_records", {
      method: "POST",
      headers: { authorization: `Bearer ${this.env.STRIPE_KEY}`, "idempotency-key": `${this.ctx.id}:${pending}` },
      body: new URLSearchParams({ quantity: String(pending) }),
    });
    if (!res.ok) throw new Error(`stripe ${res.status}`);
    await this.ctx.storage.put("pending", 0);
  }
}
