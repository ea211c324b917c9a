import { DurableObject } from "cloudflare:workers";

export class StreamRelay extends DurableObject {
  private subscribers: WebSocket[] = [];

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/publish") {
      const text = await request.text();
      this.subscribers.forEach((sub) => sub.send(text));
      await this.ctx.storage.put("last", text);
      return new Response("published");
    }
    const { 0: client, 1: server } = new WebSocketPair();
    server.accept();
    this.subscribers.push(server);
    server.send((await this.ctx.storage.get<string>("last")) ?? "");
    return new Response(null, { status: 101, webSocket: client });
  }
}
