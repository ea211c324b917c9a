import { DurableObject } from "cloudflare:workers";

export class Who extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.names = new Map();
    for (const ws of ctx.getWebSockets()) {
      const { name } = ws.deserializeAttachment();
      this.names.set(ws, name);
    }
  }

  async fetch(request) {
    const name = new URL(request.url).searchParams.get("name") || "guest";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ name });
    this.names.set(server, name);
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws, msg) {
    const line = `${this.names.get(ws)}: ${msg}`;
    for (const other of this.ctx.getWebSockets()) {
      other.send(line);
    }
  }

  webSocketClose(ws) {
    this.names.delete(ws);
  }
}
