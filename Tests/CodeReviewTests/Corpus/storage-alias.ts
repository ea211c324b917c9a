import { DurableObject } from "cloudflare:workers";

export class Quota extends DurableObject {
  async consume(tenant: string, units: number): Promise<boolean> {
    const used = (await this.ctx.storage.get<number>(`used:${tenant}`)) ?? 0;
    const limit = await this.lookupLimit(tenant);
    if (used + units > limit) return false;
    await this.ctx.storage.put(`used:${tenant}`, used + units);
    return true;
  }

  private async lookupLimit(tenant: string): Promise<number> {
    const res = await fetch(`https://billing.example.com/limits/${tenant}`);
    return res.ok ? Number(await res.text()) : 1000;
  }

  async reset(tenant: string): Promise<void> {
    await this.ctx.storage.delete(`used:${tenant}`);
  }
}
