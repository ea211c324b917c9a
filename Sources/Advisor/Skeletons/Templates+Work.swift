extension Templates {
    // MARK: - Scheduler (many tasks on one alarm)

    static func scheduler(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const { id, dueAt, body } = await request.json<{ id: string; dueAt: number; body: string }>();
            await \(c.namespace).getByName(\(c.name())).schedule(id, dueAt, body);
            return new Response(null, { status: 202 });
        """
        let body = """

          // Stores the task and moves the one alarm earlier if this task is due first.
          async schedule(id: string, dueAt: number, body: string): Promise<void> {
            this.ctx.storage.sql.exec(
              "INSERT INTO tasks (id, due_at, body, done) VALUES (?, ?, ?, 0) ON CONFLICT(id) DO UPDATE SET due_at = excluded.due_at, body = excluded.body, done = 0",
              id,
              dueAt,
              body,
            );
            const current = await this.ctx.storage.getAlarm();
            if (current === null || dueAt < current) {
              await this.ctx.storage.setAlarm(dueAt);
            }
          }

          // Runs what is due (at-least-once: each task is marked done right after it runs), then sets the next alarm.
          async alarm(): Promise<void> {
            const due = this.ctx.storage.sql
              .exec<{ id: string; body: string }>("SELECT id, body FROM tasks WHERE done = 0 AND due_at <= ? ORDER BY due_at LIMIT 100", Date.now())
              .toArray();
            for (const task of due) {
              await this.deliver(task.id, task.body);
              this.ctx.storage.sql.exec("UPDATE tasks SET done = 1 WHERE id = ?", task.id);
            }
            const next = this.ctx.storage.sql
              .exec<{ at: number | null }>("SELECT MIN(due_at) AS at FROM tasks WHERE done = 0")
              .one().at;
            if (next !== null) {
              await this.ctx.storage.setAlarm(Math.max(next, Date.now() + 1000));
            }
          }

          // Sends the reminder; make it idempotent by task id (for example a Queue message keyed by id).
          private async deliver(id: string, body: string): Promise<void> {
            console.log(JSON.stringify({ deliver: id, body }));
          }
        """
        return (["TABLE tasks (id TEXT PRIMARY KEY, due_at INTEGER NOT NULL, body TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)",
                 "INDEX tasks_due ON tasks(done, due_at)"],
                front, body)
    }

    // MARK: - Webhook inbox (ordered, retried by alarm with backoff, dead letters)

    static func webhookQueue(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const id = request.headers.get("Idempotency-Key") ?? crypto.randomUUID();
            await \(c.namespace).getByName(\(c.name())).enqueue(id, await request.text());
            return new Response("Queued", { status: 202 });
        """
        let body = """

          // Stores the event durably before the caller gets 202; a duplicate id is ignored.
          async enqueue(id: string, body: string): Promise<void> {
            const seq = this.ctx.storage.sql.exec<{ n: number }>("SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM events").one().n;
            this.ctx.storage.sql.exec(
              "INSERT OR IGNORE INTO events (id, body, attempts, next_at, seq) VALUES (?, ?, 0, ?, ?)",
              id,
              body,
              Date.now(),
              seq,
            );
            if ((await this.ctx.storage.getAlarm()) === null) {
              await this.ctx.storage.setAlarm(Date.now() + 100);
            }
          }

          // Delivers the oldest event; on failure retries with exponential backoff, then moves it to dead letters.
          async alarm(): Promise<void> {
            const rows = this.ctx.storage.sql
              .exec<{ id: string; body: string; attempts: number }>("SELECT id, body, attempts FROM events ORDER BY seq LIMIT 1")
              .toArray();
            if (rows.length === 0) {
              return;
            }
            const head = rows[0];
            try {
              await this.deliver(head.id, head.body);
              this.ctx.storage.sql.exec("DELETE FROM events WHERE id = ?", head.id);
            } catch (error) {
              const attempts = head.attempts + 1;
              if (attempts < MAX_ATTEMPTS) {
                const delay = Math.min(1000 * 2 ** attempts, 3_600_000);
                this.ctx.storage.sql.exec("UPDATE events SET attempts = ?, next_at = ? WHERE id = ?", attempts, Date.now() + delay, head.id);
                await this.ctx.storage.setAlarm(Date.now() + delay);
                return;
              }
              this.ctx.storage.transactionSync(() => {
                this.ctx.storage.sql.exec("INSERT OR REPLACE INTO dead_letters (id, body, error) VALUES (?, ?, ?)", head.id, head.body, String(error));
                this.ctx.storage.sql.exec("DELETE FROM events WHERE id = ?", head.id);
              });
            }
            const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n;
            if (left > 0) {
              await this.ctx.storage.setAlarm(Date.now() + 100);
            }
          }

          // The receiver should treat the Idempotency-Key header as the event's identity: alarms are at-least-once.
          private async deliver(id: string, body: string): Promise<void> {
            const response = await fetch(this.env.TARGET_URL, {
              method: "POST",
              headers: { "Content-Type": "application/json", "Idempotency-Key": id },
              body,
            });
            if (!response.ok) {
              throw new Error(`Delivery failed with status ${response.status}`);
            }
          }
        """
        return (["TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, seq INTEGER NOT NULL)",
                 "INDEX events_by_seq ON events(seq)",
                 "TABLE dead_letters (id TEXT PRIMARY KEY, body TEXT NOT NULL, error TEXT)"],
                front, body.replacingOccurrences(of: "MAX_ATTEMPTS", with: "8"))
    }

    // MARK: - Lease lock with fencing token

    static func lock(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const holder = url.searchParams.get("holder");
            if (!holder) {
              return new Response("holder is required", { status: 400 });
            }
            const stub = \(c.namespace).getByName(\(c.name()));
            if (request.method === "DELETE") {
              const token = Number(url.searchParams.get("token") ?? "0");
              return Response.json({ released: await stub.release(holder, token) });
            }
            const lease = await stub.acquire(holder, 30_000);
            return Response.json(lease, { status: lease.acquired ? 200 : 409 });
        """
        let body = """

          // Grants the lease unless another holder's lease is still valid; the token grows with every new holder.
          async acquire(holder: string, ttlMs: number): Promise<{ acquired: boolean; token: number }> {
            const now = Date.now();
            const lease = this.ctx.storage.sql
              .exec<{ holder: string | null; token: number; expires_at: number | null }>("SELECT holder, token, expires_at FROM lease WHERE id = 1")
              .one();
            if (lease.holder !== null && lease.holder !== holder && (lease.expires_at ?? 0) > now) {
              return { acquired: false, token: lease.token };
            }
            const token = lease.holder === holder ? lease.token : lease.token + 1;
            this.ctx.storage.sql.exec("UPDATE lease SET holder = ?, token = ?, expires_at = ? WHERE id = 1", holder, token, now + ttlMs);
            await this.ctx.storage.setAlarm(now + ttlMs);
            return { acquired: true, token };
          }

          async release(holder: string, token: number): Promise<boolean> {
            const lease = this.ctx.storage.sql.exec<{ holder: string | null; token: number }>("SELECT holder, token FROM lease WHERE id = 1").one();
            if (lease.holder !== holder || lease.token !== token) {
              return false;
            }
            this.ctx.storage.sql.exec("UPDATE lease SET holder = NULL, expires_at = NULL WHERE id = 1");
            return true;
          }

          // Expires the lease if its holder did not renew it.
          async alarm(): Promise<void> {
            const lease = this.ctx.storage.sql
              .exec<{ holder: string | null; expires_at: number | null }>("SELECT holder, expires_at FROM lease WHERE id = 1")
              .one();
            if (lease.holder === null) {
              return;
            }
            if (lease.expires_at !== null && lease.expires_at > Date.now()) {
              await this.ctx.storage.setAlarm(lease.expires_at);
              return;
            }
            this.ctx.storage.sql.exec("UPDATE lease SET holder = NULL, expires_at = NULL WHERE id = 1");
          }
        """
        return (["TABLE lease (id INTEGER PRIMARY KEY CHECK (id = 1), holder TEXT, token INTEGER NOT NULL, expires_at INTEGER); INSERT INTO lease (id, holder, token, expires_at) VALUES (1, NULL, 0, NULL)"],
                front, body)
    }

    // MARK: - Leaderboard (sharded by player, merged top N)

    static func leaderboard(_ c: SkeletonContext) -> ([String], String, String) {
        let front: String
        if c.shards > 1 {
            front = """
                const SHARDS = \(c.shards);
            \(c.readId)
                if (request.method === "POST") {
                  const { player, score } = await request.json<{ player: string; score: number }>();
                  const shard = shardOf(player);
                  await \(c.namespace).getByName(\(c.name(shard: "shard"))).submit(player, score);
                  return new Response(null, { status: 204 });
                }
                const reads = [];
                for (let shard = 0; shard < SHARDS; shard++) {
                  reads.push(\(c.namespace).getByName(\(c.name(shard: "shard"))).top(100));
                }
                const merged = (await Promise.all(reads)).flat().sort((a, b) => b.score - a.score).slice(0, 100);
                return Response.json(merged);

                function shardOf(player: string): number {
                  let hash = 0;
                  for (let i = 0; i < player.length; i++) {
                    hash = (hash * 31 + player.charCodeAt(i)) >>> 0;
                  }
                  return hash % SHARDS;
                }
            """
        } else {
            front = """
            \(c.readId)
                const stub = \(c.namespace).getByName(\(c.name()));
                if (request.method === "POST") {
                  const { player, score } = await request.json<{ player: string; score: number }>();
                  await stub.submit(player, score);
                  return new Response(null, { status: 204 });
                }
                return Response.json(await stub.top(100));
            """
        }
        let body = """

          // Keeps each player's best score; the index on score serves the top N.
          async submit(player: string, score: number): Promise<void> {
            this.ctx.storage.sql.exec(
              "INSERT INTO scores (player, score, at) VALUES (?, ?, ?) ON CONFLICT(player) DO UPDATE SET score = MAX(score, excluded.score), at = excluded.at",
              player,
              score,
              Date.now(),
            );
          }

          async top(limit: number): Promise<{ player: string; score: number }[]> {
            return this.ctx.storage.sql
              .exec<{ player: string; score: number }>("SELECT player, score FROM scores ORDER BY score DESC LIMIT ?", Math.min(limit, 1000))
              .toArray();
          }
        """
        return (["TABLE scores (player TEXT PRIMARY KEY, score INTEGER NOT NULL, at INTEGER NOT NULL)",
                 "INDEX scores_by_score ON scores(score DESC)"],
                front, body)
    }
}
