import { DurableObject } from "cloudflare:workers";

interface Env { PRICES: Fetcher }

export class Wallet extends DurableObject<Env> {
  async deposit(amount: number): Promise<number> {
    const balance = (await this.ctx.storage.get<number>("balance")) ?? 0;
    const audit = (await this.ctx.storage.get<string[]>("audit")) ?? [];
    audit.push(`+${amount}`);
    await this.ctx.storage.put("audit", audit);
    await this.ctx.storage.put("balance", balance + amount);
    return balance + amount;
  }

  async convert(currency: string): Promise<number> {
    const balance = (await this.ctx.storage.get<number>("balance")) ?? 0;
    const rate = await (await this.env.PRICES.fetch(`https://prices/${currency}`)).json<number>();
    await this.ctx.storage.put("balance", balance * rate);
    return balance * rate;
  }

  async convertSafely(currency: string): Promise<number> {
    const preview = (await this.ctx.storage.get<number>("balance")) ?? 0;
    const rate = await (await this.env.PRICES.fetch(`https://prices/${currency}`)).json<number>();
    const current = (await this.ctx.storage.get<number>("balance")) ?? 0;
    if (current !== preview) throw new Error("balance changed, retry");
    await this.ctx.storage.put("balance", current * rate);
    return current * rate;
  }
}
