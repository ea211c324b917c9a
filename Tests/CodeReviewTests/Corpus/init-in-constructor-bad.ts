import { DurableObject } from "cloudflare:workers";

export class Profile extends DurableObject {
  private profile: { name: string; email: string } | undefined;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.get<{ name: string; email: string }>("profile").then((p) => {
      this.profile = p;
    });
  }

  async fetch(request: Request): Promise<Response> {
    if (request.method === "PUT") {
      const body = await request.json<{ name: string; email: string }>();
      this.profile = body;
      await this.ctx.storage.put("profile", body);
      return new Response("saved");
    }
    return Response.json(this.profile ?? null);
  }
}
