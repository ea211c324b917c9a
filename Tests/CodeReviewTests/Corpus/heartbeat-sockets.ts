import { DurableObject } from "cloudflare:workers";

export class LiveFeed extends DurableObject {
  private heartbeat: number | undefined;

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    if (this.heartbeat === undefined) {
      this.heartbeat = setInterval(() => {
        for (const ws of this.ctx.getWebSockets()) {
          try {
            ws.send("ping");
          } catch {
            ws.close(1011);
          }
        }
      }, 15_000) as unknown as number;
    }
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketClose(ws: WebSocket, code: number) {
    ws.close(code, "closing");
  }
}
