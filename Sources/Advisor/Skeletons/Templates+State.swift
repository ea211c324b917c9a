extension Templates {
    // MARK: - Per-entity state (session, tenant, device, agent)

    static func entityState(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const stub = \(c.namespace).getByName(\(c.name()));
            const key = url.searchParams.get("key") ?? "profile";
            if (request.method === "PUT") {
              await stub.set(key, await request.text());
              return new Response(null, { status: 204 });
            }
            const value = await stub.get(key);
            return value === null ? new Response("Not found", { status: 404 }) : new Response(value);
        """
        let expiry = c.usesAlarms ? """

            // Expiry: one alarm per object, set only when none is pending.
            if ((await this.ctx.storage.getAlarm()) === null) {
              await this.ctx.storage.setAlarm(Date.now() + IDLE_TTL_MS);
            }
        """ : ""
        let alarm = c.usesAlarms ? """

          // Deletes the state once it has been idle for IDLE_TTL_MS; otherwise checks again when it would expire.
          async alarm(): Promise<void> {
            const last = this.ctx.storage.sql.exec<{ at: number | null }>("SELECT MAX(updated_at) AS at FROM state").one().at ?? 0;
            const expiresAt = last + IDLE_TTL_MS;
            if (Date.now() >= expiresAt) {
              await this.ctx.storage.deleteAll();
              return;
            }
            await this.ctx.storage.setAlarm(expiresAt);
          }
        """ : ""
        let body = """

          async get(key: string): Promise<string | null> {
            const rows = this.ctx.storage.sql.exec<{ value: string }>("SELECT value FROM state WHERE key = ?", key).toArray();
            return rows.length > 0 ? rows[0].value : null;
          }

          async set(key: string, value: string): Promise<void> {
            this.ctx.storage.sql.exec(
              "INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
              key,
              value,
              Date.now(),
            );\(expiry)
          }\(alarm)
        """
        let schema = ["TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)"]
        return (schema, front, c.usesAlarms ? body.replacingOccurrences(of: "IDLE_TTL_MS", with: "(30 * \(day))") : body)
    }

    // MARK: - Ledger (balances with check-and-set)

    static func ledger(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const stub = \(c.namespace).getByName(\(c.name()));
            if (request.method === "POST") {
              const { opId, amount } = await request.json<{ opId: string; amount: number }>();
              try {
                return Response.json({ balance: await stub.apply(opId, amount) });
              } catch (error) {
                return new Response(String(error), { status: 409 });
              }
            }
            return Response.json({ balance: await stub.balance() });
        """
        let body = """

          async balance(): Promise<number> {
            return this.ctx.storage.sql.exec<{ amount: number }>("SELECT amount FROM balance WHERE id = 1").one().amount;
          }

          // Deposits (amount > 0) and withdrawals (amount < 0), idempotent by opId. transactionSync rolls back on throw.
          async apply(opId: string, amount: number): Promise<number> {
            return this.ctx.storage.transactionSync(() => {
              const current = this.ctx.storage.sql.exec<{ amount: number }>("SELECT amount FROM balance WHERE id = 1").one().amount;
              const seen = this.ctx.storage.sql.exec("SELECT op_id FROM ledger WHERE op_id = ?", opId).toArray();
              if (seen.length > 0) {
                return current;
              }
              if (current + amount < 0) {
                throw new Error("Insufficient funds: nothing was changed.");
              }
              this.ctx.storage.sql.exec("INSERT INTO ledger (op_id, amount, at) VALUES (?, ?, ?)", opId, amount, Date.now());
              this.ctx.storage.sql.exec("UPDATE balance SET amount = ? WHERE id = 1", current + amount);
              return current + amount;
            });
          }
        """
        return (["TABLE ledger (op_id TEXT PRIMARY KEY, amount INTEGER NOT NULL, at INTEGER NOT NULL)",
                 "TABLE balance (id INTEGER PRIMARY KEY CHECK (id = 1), amount INTEGER NOT NULL); INSERT INTO balance (id, amount) VALUES (1, 0)"],
                front, body)
    }

    // MARK: - Inventory (holds and sales with check-and-set)

    static func inventory(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const seat = url.searchParams.get("seat");
            const holder = url.searchParams.get("holder");
            if (!seat || !holder) {
              return new Response("seat and holder are required", { status: 400 });
            }
            const stub = \(c.namespace).getByName(\(c.name()));
            const ok = request.method === "POST" ? await stub.confirm(seat, holder) : await stub.hold(seat, holder);
            return Response.json({ ok }, { status: ok ? 200 : 409 });
        """
        let body = """

          // Holds a seat for HOLD_MS unless it is sold or held by someone else: check and write in one transaction.
          async hold(seat: string, holder: string): Promise<boolean> {
            const now = Date.now();
            const held = this.ctx.storage.transactionSync(() => {
              const rows = this.ctx.storage.sql
                .exec<{ holder: string | null; held_until: number | null; sold: number }>("SELECT holder, held_until, sold FROM seats WHERE seat = ?", seat)
                .toArray();
              const row = rows[0];
              if (row && (row.sold === 1 || (row.holder !== holder && (row.held_until ?? 0) > now))) {
                return false;
              }
              this.ctx.storage.sql.exec(
                "INSERT INTO seats (seat, holder, held_until, sold) VALUES (?, ?, ?, 0) ON CONFLICT(seat) DO UPDATE SET holder = excluded.holder, held_until = excluded.held_until",
                seat,
                holder,
                now + HOLD_MS,
              );
              return true;
            });
            if (held && (await this.ctx.storage.getAlarm()) === null) {
              await this.ctx.storage.setAlarm(now + HOLD_MS);
            }
            return held;
          }

          // Sells a seat to the holder of an unexpired hold.
          async confirm(seat: string, holder: string): Promise<boolean> {
            const now = Date.now();
            return this.ctx.storage.transactionSync(() => {
              const rows = this.ctx.storage.sql
                .exec<{ holder: string | null; held_until: number | null; sold: number }>("SELECT holder, held_until, sold FROM seats WHERE seat = ?", seat)
                .toArray();
              const row = rows[0];
              if (!row || row.sold === 1 || row.holder !== holder || (row.held_until ?? 0) <= now) {
                return false;
              }
              this.ctx.storage.sql.exec("UPDATE seats SET sold = 1, held_until = NULL WHERE seat = ?", seat);
              return true;
            });
          }

          // Releases expired holds, then sleeps until the next hold expires (or for good when none is left).
          async alarm(): Promise<void> {
            const now = Date.now();
            this.ctx.storage.sql.exec("UPDATE seats SET holder = NULL, held_until = NULL WHERE sold = 0 AND held_until <= ?", now);
            const next = this.ctx.storage.sql
              .exec<{ at: number | null }>("SELECT MIN(held_until) AS at FROM seats WHERE sold = 0 AND held_until IS NOT NULL")
              .one().at;
            if (next !== null) {
              await this.ctx.storage.setAlarm(next);
            }
          }
        """
        return (["TABLE seats (seat TEXT PRIMARY KEY, holder TEXT, held_until INTEGER, sold INTEGER NOT NULL DEFAULT 0)",
                 "INDEX seats_by_hold ON seats(sold, held_until)"],
                front, body.replacingOccurrences(of: "HOLD_MS", with: "(10 * 60_000)").replacingOccurrences(of: "for (10 * 60_000) unless", with: "for 10 minutes unless"))
    }
}
