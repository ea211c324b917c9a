import { DurableObject } from "cloudflare:workers";

export class Router extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/get":
        return Response.json(await this.ctx.storage.get("doc"));
      case "/put":
        await this.ctx.storage.put("doc", await request.json());
        return new Response("saved");
    }
  }
}

export class StrictRouter extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    try {
      const url = new URL(request.url);
      if (url.pathname === "/health") {
        return new Response("ok");
      } else if (url.pathname === "/doc") {
        return Response.json(await this.ctx.storage.get("doc"));
      } else {
        return new Response("not found", { status: 404 });
      }
    } catch (err) {
      return new Response(String(err), { status: 500 });
    }
  }
}

export class EarlyReturn extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    if (request.method !== "GET") {
      return;
    }
    return new Response(String((await this.ctx.storage.get<number>("n")) ?? 0));
  }
}
