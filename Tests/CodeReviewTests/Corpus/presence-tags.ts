import { DurableObject } from "cloudflare:workers";

export class PresenceRoom extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const user = request.headers.get("x-user");
    if (!user) return new Response("who are you?", { status: 401 });
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [user]);
    this.announce({ type: "join", user });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketClose(ws: WebSocket) {
    const [user] = this.ctx.getTags(ws);
    this.announce({ type: "leave", user });
  }

  private announce(event: { type: string; user?: string }) {
    const frame = JSON.stringify({ ...event, online: this.ctx.getWebSockets().length });
    this.ctx.getWebSockets().forEach((ws) => {
      ws.send(frame);
    });
  }
}
