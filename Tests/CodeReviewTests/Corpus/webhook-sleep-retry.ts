import { DurableObject } from "cloudflare:workers";

interface Env { WEBHOOKS: DurableObjectNamespace<WebhookIntake> }

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WebhookIntake extends DurableObject<Env> {
  async fetch(request: Request): Promise<Response> {
    const event = await request.json<{ id: string; type: string }>();
    await this.ctx.storage.put(`event:${event.id}`, event);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.forward(event);
        break;
      } catch (err) {
        await delay(250 * 2 ** attempt);
      }
    }
    return new Response("ok");
  }

  private async forward(event: { id: string; type: string }): Promise<void> {
    const res = await fetch("https://billing.internal/events", { method: "POST", body: JSON.stringify(event) });
    if (!res.ok) throw new Error(`billing answered ${res.status}`);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const customer = request.headers.get("x-customer-id");
    if (!customer) return new Response("missing customer", { status: 400 });
    return env.WEBHOOKS.getByName(customer).fetch(request);
  },
};
