import { DurableObject } from "cloudflare:workers";

export class ChannelHistory extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS msgs (id INTEGER PRIMARY KEY, author TEXT, text TEXT, at INTEGER)`);
  }

  async post(author: string, text: string): Promise<void> {
    this.ctx.storage.sql.exec("INSERT INTO msgs (author, text, at) VALUES (?, ?, ?)", author, text, Date.now());
  }

  async page(before: number, limit = 50): Promise<unknown[]> {
    const n = Math.min(Math.max(1, limit), 200);
    return this.ctx.storage.sql.exec(`SELECT * FROM msgs WHERE id < ? ORDER BY id DESC LIMIT ${n}`, before).toArray();
  }

  async byAuthor(author: string): Promise<unknown[]> {
    return this.ctx.storage.sql.exec("SELECT * FROM msgs WHERE author = '" + author + "' LIMIT 100").toArray();
  }
}
