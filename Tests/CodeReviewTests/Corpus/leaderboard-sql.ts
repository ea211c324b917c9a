import { DurableObject } from "cloudflare:workers";

export class Leaderboard extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS scores (player TEXT PRIMARY KEY, score INTEGER)");
  }

  async submit(player: string, score: number): Promise<number> {
    return this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec(
        "INSERT INTO scores VALUES (?, ?) ON CONFLICT(player) DO UPDATE SET score = MAX(score, excluded.score)",
        player, score
      );
      return this.ctx.storage.sql.exec<{ rank: number }>(
        "SELECT COUNT(*) + 1 AS rank FROM scores WHERE score > ?", score
      ).one().rank;
    });
  }

  async top(n: number): Promise<unknown[]> {
    return this.ctx.storage.sql.exec("SELECT * FROM scores ORDER BY score DESC LIMIT ?", Math.min(n, 100)).toArray();
  }
}
