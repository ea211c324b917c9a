import { DurableObject } from "cloudflare:workers";

interface Player { id: string; x: number; y: number; score: number }

export class GameRoom extends DurableObject {
  private players = new Map<string, Player>();
  private tick = 0;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get<Player[]>("players");
      for (const p of saved ?? []) this.players.set(p.id, p);
    });
  }

  async join(id: string): Promise<Player> {
    const player = { id, x: 0, y: 0, score: 0 };
    this.players.set(id, player);
    await this.ctx.storage.put("players", [...this.players.values()]);
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + 100);
    }
    return player;
  }

  async move(id: string, dx: number, dy: number): Promise<void> {
    const p = this.players.get(id);
    if (!p) throw new Error(`unknown player ${id}`);
    p.x += dx;
    p.y += dy;
    await this.ctx.storage.put("players", [...this.players.values()]);
  }

  async alarm(): Promise<void> {
    this.tick++;
    for (const p of this.players.values()) p.score += 1;
    await this.ctx.storage.put("players", [...this.players.values()]);
    if (this.players.size > 0) {
      await this.ctx.storage.setAlarm(Date.now() + 100);
    }
  }
}
