import { DurableObject } from "cloudflare:workers";

const CAPACITY = 20;
const REFILL_PER_SECOND = 5;

export class RateLimiter extends DurableObject {
  async take(cost = 1): Promise<{ allowed: boolean; remaining: number }> {
    const now = Date.now();
    const bucket = (await this.ctx.storage.get<{ tokens: number; at: number }>("bucket")) ?? { tokens: CAPACITY, at: now };
    const refilled = Math.min(CAPACITY, bucket.tokens + ((now - bucket.at) / 1000) * REFILL_PER_SECOND);
    const allowed = refilled >= cost;
    const tokens = allowed ? refilled - cost : refilled;
    await this.ctx.storage.put("bucket", { tokens, at: now });
    return { allowed, remaining: Math.floor(tokens) };
  }
}

interface Env { LIMITER: DurableObjectNamespace<RateLimiter> }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const ip = request.headers.get("cf-connecting-ip") ?? "unknown";
    const limiter = env.LIMITER.getByName(`ip:${ip}`);
    const { allowed } = await limiter.take();
    if (!allowed) return new Response("Too many requests", { status: 429 });
    return fetch(request);
  },
};
