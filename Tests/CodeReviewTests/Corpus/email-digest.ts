import { DurableObject } from "cloudflare:workers";

interface Env { MAILER: { send(to: string, body: string): Promise<void> } }

export class Digest extends DurableObject<Env> {
  async subscribe(email: string): Promise<void> {
    await this.ctx.storage.put("email", email);
    await this.ctx.storage.setAlarm(Date.now() + 7 * 24 * 3600 * 1000);
  }

  async alarm(): Promise<void> {
    await this.env.MAILER.send("digest@example.com", "Your weekly digest");
    const email = await this.ctx.storage.get<string>("email");
    if (email) await this.ctx.storage.setAlarm(Date.now() + 7 * 24 * 3600 * 1000);
  }
}
