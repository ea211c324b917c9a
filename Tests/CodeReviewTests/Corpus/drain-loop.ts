import { DurableObject } from "cloudflare:workers";

export class Drainer extends DurableObject {
  async drain(): Promise<number> {
    let drained = 0;
    while (true) {
      const batch = await this.ctx.storage.list({ prefix: "q:", limit: 100 });
      if (batch.size === 0) break;
      await this.ctx.storage.delete([...batch.keys()]);
      drained += batch.size;
    }
    return drained;
  }

  async spin(): Promise<void> {
    let n = 0;
    do {
      n = (n + 1) % 1000;
    } while (true);
  }
}
