import { DurableObject } from "cloudflare:workers";

interface Bid { bidder: string; amount: number; at: number }
interface Env { PAYMENTS: Fetcher }

export class SafeAuction extends DurableObject<Env> {
  async bid(bidder: string, amount: number): Promise<boolean> {
    const hold = await this.env.PAYMENTS.fetch(`https://payments/hold?user=${bidder}&amount=${amount}`);
    if (!hold.ok) return false;
    const highest = await this.ctx.storage.get<Bid>("highest");
    if (highest && amount <= highest.amount) return false;
    const bid = { bidder, amount, at: Date.now() };
    await this.ctx.storage.put("highest", bid);
    const frame = JSON.stringify(bid);
    for (const ws of this.ctx.getWebSockets()) {
      try { ws.send(frame); } catch { /* closed; webSocketClose cleans up */ }
    }
    return true;
  }

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}
