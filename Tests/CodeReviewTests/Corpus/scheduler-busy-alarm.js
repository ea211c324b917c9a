import { DurableObject } from "cloudflare:workers";

export class Poller extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url).searchParams.get("url");
    await this.ctx.storage.put("target", url);
    await this.ctx.storage.setAlarm(Date.now() + 1000);
    return new Response("polling");
  }

  async alarm() {
    const target = await this.ctx.storage.get("target");
    if (!target) return;
    const res = await fetch(target);
    await this.ctx.storage.put("lastStatus", res.status);
    if (res.status !== 200) {
      await this.ctx.storage.setAlarm(Date.now());
    } else {
      await this.ctx.storage.setAlarm(Date.now() + 60_000);
    }
  }
}
