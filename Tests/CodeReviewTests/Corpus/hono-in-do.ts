import { DurableObject } from "cloudflare:workers";
import { Hono } from "hono";

export class Board extends DurableObject {
  private app = new Hono();
  private views = 0;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    this.app.get("/cards", async (c) => c.json(await this.ctx.storage.list({ prefix: "card:", limit: 200 })));
    this.app.post("/cards/:id", async (c) => {
      await this.ctx.storage.put(`card:${c.req.param("id")}`, await c.req.json());
      return c.text("ok");
    });
    this.app.get("/views", (c) => c.text(String(++this.views)));
  }

  fetch(request: Request): Response | Promise<Response> {
    return this.app.fetch(request);
  }
}
