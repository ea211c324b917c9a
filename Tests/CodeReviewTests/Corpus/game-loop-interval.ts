import { DurableObject } from "cloudflare:workers";

export class Arena extends DurableObject {
  private loop?: ReturnType<typeof setInterval>;

  async start(): Promise<void> {
    if (this.loop) return;
    this.loop = setInterval(() => this.step(), 50);
  }

  private async step(): Promise<void> {
    const state = (await this.ctx.storage.get<{ frame: number }>("state")) ?? { frame: 0 };
    state.frame++;
    await this.ctx.storage.put("state", state);
  }

  async stop(): Promise<void> {
    clearInterval(this.loop);
    this.loop = undefined;
  }
}
