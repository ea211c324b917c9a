import { DurableObject } from "cloudflare:workers";

export class WindowLimiter extends DurableObject {
  private hits: number[] = [];
  private readonly windowMs = 60_000;
  private readonly limit = 100;

  async fetch(request: Request): Promise<Response> {
    const now = Date.now();
    this.hits = this.hits.filter((t) => now - t < this.windowMs);
    if (this.hits.length >= this.limit) {
      return new Response("slow down", { status: 429 });
    }
    this.hits.push(now);
    return new Response("ok");
  }
}
