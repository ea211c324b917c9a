import { DurableObject } from "cloudflare:workers";

interface Job { id: string; url: string; body: string; attempts: number }

export class JobQueue extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec(
        "CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, url TEXT, body TEXT, attempts INTEGER, due INTEGER)"
      );
    });
  }

  async enqueue(job: Omit<Job, "attempts">): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT OR IGNORE INTO jobs (id, url, body, attempts, due) VALUES (?, ?, ?, 0, ?)",
      job.id, job.url, job.body, Date.now()
    );
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now());
    }
  }

  async alarm(): Promise<void> {
    const due = this.ctx.storage.sql
      .exec<Job>("SELECT id, url, body, attempts FROM jobs WHERE due <= ? ORDER BY due LIMIT 10", Date.now())
      .toArray();
    for (const job of due) {
      const res = await fetch(job.url, { method: "POST", body: job.body });
      if (res.ok) {
        this.ctx.storage.sql.exec("DELETE FROM jobs WHERE id = ?", job.id);
      } else {
        const backoff = Math.min(2 ** job.attempts * 1000, 3_600_000);
        this.ctx.storage.sql.exec("UPDATE jobs SET attempts = attempts + 1, due = ? WHERE id = ?", Date.now() + backoff, job.id);
      }
    }
    const next = this.ctx.storage.sql.exec<{ due: number }>("SELECT MIN(due) AS due FROM jobs").one();
    if (next.due !== null) await this.ctx.storage.setAlarm(next.due);
  }
}
