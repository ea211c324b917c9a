import { DurableObject } from "cloudflare:workers";

export class Settings extends DurableObject {
  private settings: Record<string, string> = {};

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.load();
  }

  private async load(): Promise<void> {
    const entries = await this.ctx.storage.list<string>({ prefix: "setting:" });
    for (const [k, v] of entries) this.settings[k.slice(8)] = v;
  }

  async update(key: string, value: string): Promise<void> {
    this.settings[key] = value;
    await this.ctx.storage.put(`setting:${key}`, value);
  }

  async all(): Promise<Record<string, string>> {
    return this.settings;
  }
}
