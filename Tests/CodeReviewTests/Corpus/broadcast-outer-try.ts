import { DurableObject } from "cloudflare:workers";

export class Ticker extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async publish(price: number): Promise<void> {
    const frame = JSON.stringify({ price, at: Date.now() });
    try {
      for (const ws of this.ctx.getWebSockets()) {
        ws.send(frame);
      }
    } catch (err) {
      console.error("broadcast failed", err);
    }
    await this.ctx.storage.put("last", price);
  }

  async webSocketClose(ws: WebSocket, code: number) {
    ws.close(code, "bye");
  }
}
