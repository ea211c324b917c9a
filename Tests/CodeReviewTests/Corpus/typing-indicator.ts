import { DurableObject } from "cloudflare:workers";

export class Typing extends DurableObject {
  private typing = new Map<string, number>();

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws: WebSocket, msg: string) {
    const { user } = JSON.parse(msg) as { user: string };
    const timer = setTimeout(() => this.typing.delete(user), 3000);
    this.typing.set(user, Date.now());
    void timer;
    const frame = JSON.stringify({ typing: [...this.typing.keys()] });
    for (const peer of this.ctx.getWebSockets()) {
      if (peer !== ws) {
        try {
          peer.send(frame);
        } catch {}
      }
    }
  }
}
