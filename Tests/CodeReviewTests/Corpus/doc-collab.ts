import { DurableObject } from "cloudflare:workers";

type Op = { seq: number; author: string; insert?: string; at: number; delete?: number };

export class DocumentRoom extends DurableObject {
  private seq = 0;
  private cache = new Map<number, Op>();

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS ops (seq INTEGER PRIMARY KEY, body TEXT)");
      const row = ctx.storage.sql.exec<{ last: number | null }>("SELECT MAX(seq) AS last FROM ops").one();
      this.seq = row.last ?? 0;
    });
  }

  async apply(op: Omit<Op, "seq">): Promise<number> {
    const seq = ++this.seq;
    const full = { ...op, seq };
    this.ctx.storage.sql.exec("INSERT INTO ops (seq, body) VALUES (?, ?)", seq, JSON.stringify(full));
    this.cache.set(seq, full);
    this.broadcast(full);
    return seq;
  }

  async opsSince(after: number): Promise<Op[]> {
    const rows = this.ctx.storage.sql
      .exec<{ body: string }>("SELECT body FROM ops WHERE seq > ? ORDER BY seq LIMIT 500", after)
      .toArray();
    const ops = rows.map((r) => JSON.parse(r.body) as Op);
    for (const op of ops) this.cache.set(op.seq, op);
    return ops;
  }

  private broadcast(op: Op) {
    const frame = JSON.stringify(op);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(frame);
      } catch {
        // the runtime will deliver webSocketClose for this socket
      }
    }
  }

  async fetch(request: Request): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}
