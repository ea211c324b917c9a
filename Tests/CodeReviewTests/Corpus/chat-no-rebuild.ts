import { DurableObject } from "cloudflare:workers";

export class SupportChat extends DurableObject {
  private agents = new Map<string, WebSocket>();

  async fetch(request: Request): Promise<Response> {
    const agent = request.headers.get("x-agent-id");
    if (!agent) return new Response("unauthorised", { status: 401 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    this.agents.set(agent, server);
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string) {
    const { to, text } = JSON.parse(message);
    const target = this.agents.get(to);
    if (!target) {
      ws.send(JSON.stringify({ error: "agent offline" }));
      return;
    }
    target.send(JSON.stringify({ text }));
  }

  async webSocketClose(ws: WebSocket) {
    for (const [id, socket] of this.agents) {
      if (socket === ws) this.agents.delete(id);
    }
  }
}
