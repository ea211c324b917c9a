import { DurableObject } from "cloudflare:workers";

export class Notebook extends DurableObject {
  private sql = this.ctx.storage.sql;

  async search(request: Request): Promise<Response> {
    const term = new URL(request.url).searchParams.get("q") ?? "";
    const rows = this.sql.exec(`SELECT id, title FROM cells WHERE title LIKE '%${term}%'`).toArray();
    return Response.json(rows);
  }

  async byIds(ids: number[]): Promise<unknown[]> {
    const placeholders = ids.map(() => "?").join(", ");
    return this.sql.exec(`SELECT * FROM cells WHERE id IN (${placeholders})`, ...ids).toArray();
  }

  async rename(id: number, title: string): Promise<void> {
    this.sql.exec("UPDATE cells SET title = ? WHERE id = ?", title, id);
  }

  async sorted(column: string): Promise<unknown[]> {
    const query = "SELECT * FROM cells ORDER BY " + column;
    return this.sql.exec(query).toArray();
  }
}
