import { DurableObject } from "cloudflare:workers";

export class WebhookRelay extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const event = await request.text();
    const id = crypto.randomUUID();
    await this.ctx.storage.put(`pending:${id}`, { event, attempts: 0 });
    await this.ctx.storage.setAlarm(Date.now());
    return new Response("accepted", { status: 202 });
  }

  async alarm(info?: AlarmInvocationInfo): Promise<void> {
    const pending = await this.ctx.storage.list<{ event: string; attempts: number }>({ prefix: "pending:", limit: 25 });
    let retryLater = false;
    for (const [key, item] of pending) {
      const res = await fetch("https://downstream.example.com/hook", { method: "POST", body: item.event });
      if (res.ok) {
        await this.ctx.storage.delete(key);
      } else if (item.attempts < 8) {
        await this.ctx.storage.put(key, { ...item, attempts: item.attempts + 1 });
        retryLater = true;
      } else {
        await this.ctx.storage.put(key.replace("pending:", "dead:"), item);
        await this.ctx.storage.delete(key);
      }
    }
    if (retryLater || pending.size === 25) {
      await this.ctx.storage.setAlarm(Date.now() + 30_000);
    }
  }
}
