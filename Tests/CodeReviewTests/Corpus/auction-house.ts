import { DurableObject } from "cloudflare:workers";

interface Bid { bidder: string; amount: number; at: number }
interface Env { PAYMENTS: Fetcher; AUCTIONS: DurableObjectNamespace<Auction> }

export class Auction extends DurableObject<Env> {
  private highest: Bid | null = null;
  private watchers = new Set<WebSocket>();

  async bid(bidder: string, amount: number): Promise<{ ok: boolean; highest: Bid | null }> {
    if (this.highest && amount <= this.highest.amount) {
      return { ok: false, highest: this.highest };
    }
    const check = await this.env.PAYMENTS.fetch(`https://payments/hold?user=${bidder}&amount=${amount}`);
    if (!check.ok) return { ok: false, highest: this.highest };
    this.highest = { bidder, amount, at: Date.now() };
    for (const ws of this.watchers) {
      ws.send(JSON.stringify(this.highest));
    }
    return { ok: true, highest: this.highest };
  }

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    pair[1].accept();
    this.watchers.add(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}
