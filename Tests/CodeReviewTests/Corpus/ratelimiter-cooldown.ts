import { DurableObject } from "cloudflare:workers";

// Per-user limiter: the durable count lives in storage; a short in-memory cooldown
// only smooths bursts and may be lost without harm.
export class UserLimiter extends DurableObject {
  private coolingDown = false;

  async hit(): Promise<boolean> {
    if (this.coolingDown) return false;
    const count = ((await this.ctx.storage.get<number>("count")) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
    if (count % 10 === 0) {
      this.coolingDown = true;
      setTimeout(() => {
        this.coolingDown = false;
      }, 500);
    }
    return true;
  }

  async reset(): Promise<void> {
    await this.ctx.storage.delete("count");
  }
}
