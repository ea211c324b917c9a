import { DurableObject } from "cloudflare:workers";

export class FeatureFlags extends DurableObject {
  private flags = new Map<string, boolean>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(() => this.load());
  }

  private async load(): Promise<void> {
    const stored = await this.ctx.storage.list<boolean>({ prefix: "flag:" });
    for (const [key, on] of stored) this.flags.set(key.slice(5), on);
  }

  async set(flag: string, on: boolean): Promise<void> {
    this.flags.set(flag, on);
    await this.ctx.storage.put(`flag:${flag}`, on);
  }

  async isOn(flag: string): Promise<boolean> {
    return this.flags.get(flag) ?? false;
  }
}
