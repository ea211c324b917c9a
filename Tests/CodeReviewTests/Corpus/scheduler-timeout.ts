import { DurableObject } from "cloudflare:workers";

const ONE_HOUR = 60 * 60 * 1000;

export class Reminder extends DurableObject {
  async remind(userId: string, text: string): Promise<Response> {
    await this.ctx.storage.put(`reminder:${userId}`, text);
    setTimeout(async () => {
      const pending = await this.ctx.storage.get<string>(`reminder:${userId}`);
      if (pending) await this.notify(userId, pending);
    }, ONE_HOUR);
    return new Response("scheduled");
  }

  private async notify(userId: string, text: string): Promise<void> {
    await fetch("https://push.example.com/send", {
      method: "POST",
      body: JSON.stringify({ userId, text }),
    });
  }
}
