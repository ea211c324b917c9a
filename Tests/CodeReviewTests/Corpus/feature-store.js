import { DurableObject } from "cloudflare:workers";

export class Inventory extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec("CREATE TABLE IF NOT EXISTS items (sku TEXT PRIMARY KEY, qty INTEGER)");
  }

  async adjust(sku, delta) {
    this.sql.exec(
      "INSERT INTO items (sku, qty) VALUES (?, ?) ON CONFLICT(sku) DO UPDATE SET qty = qty + excluded.qty",
      sku,
      delta
    );
    return this.sql.exec("SELECT qty FROM items WHERE sku = ?", sku).one().qty;
  }

  async report(filter) {
    const where = filter ? `WHERE sku LIKE '${filter}%'` : "";
    return this.sql.exec(`SELECT sku, qty FROM items ${where} ORDER BY sku LIMIT 100`).toArray();
  }
}
