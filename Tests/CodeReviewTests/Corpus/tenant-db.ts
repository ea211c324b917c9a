import { DurableObject } from "cloudflare:workers";

const MIGRATIONS = [
  "CREATE TABLE IF NOT EXISTS customers (id INTEGER PRIMARY KEY, name TEXT)",
  "ALTER TABLE customers ADD COLUMN email TEXT",
];

export class TenantDatabase extends DurableObject {
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    ctx.blockConcurrencyWhile(async () => {
      ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS _migrations (version INTEGER)");
      const row = ctx.storage.sql.exec<{ v: number | null }>("SELECT MAX(version) AS v FROM _migrations").one();
      for (let v = (row.v ?? -1) + 1; v < MIGRATIONS.length; v++) {
        ctx.storage.sql.exec(MIGRATIONS[v]);
        ctx.storage.sql.exec("INSERT INTO _migrations (version) VALUES (?)", v);
      }
    });
  }

  async addCustomer(name: string, email: string): Promise<number> {
    const { id } = this.ctx.storage.sql
      .exec<{ id: number }>("INSERT INTO customers (name, email) VALUES (?, ?) RETURNING id", name, email)
      .one();
    return id;
  }

  async find(name: string): Promise<unknown[]> {
    return this.ctx.storage.sql.exec("SELECT * FROM customers WHERE name = ? LIMIT 50", name).toArray();
  }
}
