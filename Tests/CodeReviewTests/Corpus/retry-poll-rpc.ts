import { DurableObject } from "cloudflare:workers";

interface Env { EXPORTS: R2Bucket }

export class ExportJob extends DurableObject<Env> {
  async waitForExport(key: string): Promise<string> {
    let tries = 0;
    while (tries < 20) {
      const obj = await this.env.EXPORTS.head(key);
      if (obj) return obj.key;
      tries++;
      await scheduler.wait(3000);
    }
    throw new Error("export not ready");
  }

  async status(): Promise<string> {
    return (await this.ctx.storage.get<string>("status")) ?? "idle";
  }
}
