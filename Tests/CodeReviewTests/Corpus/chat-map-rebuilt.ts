import { DurableObject } from "cloudflare:workers";

type Session = { name: string; room: string };

export class Lobby extends DurableObject {
  private sessions = new Map<WebSocket, Session>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    // Sockets survive hibernation; the map does not, so rebuild it on every wake.
    for (const ws of this.ctx.getWebSockets()) {
      const meta = ws.deserializeAttachment() as Session | null;
      if (meta) this.sessions.set(ws, meta);
    }
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const name = url.searchParams.get("name");
    if (!name) return new Response("name required", { status: 400 });
    const pair = new WebSocketPair();
    const session = { name, room: url.pathname.slice(1) };
    this.ctx.acceptWebSocket(pair[1], [session.room]);
    pair[1].serializeAttachment(session);
    this.sessions.set(pair[1], session);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws: WebSocket, data: string) {
    const from = this.sessions.get(ws)?.name ?? "?";
    for (const [socket] of this.sessions) {
      if (socket === ws) continue;
      try {
        socket.send(`${from}: ${data}`);
      } catch (err) {
        this.sessions.delete(socket);
      }
    }
  }

  async webSocketClose(ws: WebSocket) {
    this.sessions.delete(ws);
  }

  async webSocketError(ws: WebSocket) {
    this.sessions.delete(ws);
  }
}
