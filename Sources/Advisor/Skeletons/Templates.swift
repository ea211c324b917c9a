/// The per-template parts of a skeleton: schema, front Worker body and class members.
enum Templates {
    static let day = "86_400_000"

    static func parts(_ template: UseCase.Template, _ c: SkeletonContext) -> (schema: [String], front: String, body: String) {
        switch template {
        case .room: room(c)
        case .counter: counter(c)
        case .rateLimiter: rateLimiter(c)
        case .entityState: entityState(c)
        case .ledger: ledger(c)
        case .inventory: inventory(c)
        case .scheduler: scheduler(c)
        case .webhookQueue: webhookQueue(c)
        case .lock: lock(c)
        case .leaderboard: leaderboard(c)
        }
    }

    /// Picks a shard: a hash of a stable key, so one caller always lands on the same shard.
    static func shardFunction(_ c: SkeletonContext) -> String {
        c.shards > 1 ? """

            function shardOf(key: string): number {
              let hash = 0;
              for (let i = 0; i < key.length; i++) {
                hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
              }
              return hash % SHARDS;
            }
        """ : ""
    }

    // MARK: - WebSocket room (chat, game, document, presence, topic, auction)

    static func room(_ c: SkeletonContext) -> ([String], String, String) {
        let retention = c.retentionDays.map { Int($0.rounded(.up)) } ?? 30
        let pick = c.shards > 1
            ? "    const shard = shardOf(member);\n    const stub = \(c.namespace).getByName(\(c.name(shard: "shard")));"
            : "    const stub = \(c.namespace).getByName(\(c.name()));"
        let plainFront = """
            if (request.headers.get("Upgrade") !== "websocket") {
              return new Response("Expected a WebSocket upgrade", { status: 426 });
            }
        \(c.readId)
            const member = url.searchParams.get("member") ?? "anonymous";
        \(pick)
            return stub.fetch(request);
        """
        let alarmSetup = c.usesAlarms ? """

            if ((await this.ctx.storage.getAlarm()) === null) {
              await this.ctx.storage.setAlarm(Date.now() + \(day));
            }
        """ : ""
        let alarm = c.usesAlarms ? """

          // Daily clean-up: drop events older than the retention, and stop when the object holds none.
          async alarm(): Promise<void> {
            const cutoff = Date.now() - \(retention) * \(day);
            this.ctx.storage.sql.exec("DELETE FROM events WHERE at < ?", cutoff);
            const left = this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM events").one().n;
            if (left > 0) {
              await this.ctx.storage.setAlarm(Date.now() + \(day));
            }
          }
        """ : ""
        let body = """

          async fetch(request: Request): Promise<Response> {
            const member = new URL(request.url).searchParams.get("member") ?? "anonymous";
            const pair = new WebSocketPair();
            const [client, server] = Object.values(pair);
            // Hibernation API: the runtime holds the socket, so an idle object is not billed for duration.
            this.ctx.acceptWebSocket(server, [member]);
            server.serializeAttachment({ member, joinedAt: Date.now() });
            const recent = this.ctx.storage.sql
              .exec<{ sender: string; body: string; at: number }>("SELECT sender, body, at FROM events ORDER BY id DESC LIMIT 50")
              .toArray();
            server.send(JSON.stringify({ type: "history", events: recent.reverse() }));
            return new Response(null, { status: 101, webSocket: client });
          }

          async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
            const attachment = ws.deserializeAttachment() as { member: string } | null;
            const sender = attachment?.member ?? "anonymous";
            const body = typeof message === "string" ? message : new TextDecoder().decode(message);
            const at = Date.now();
            // Persist first, then broadcast: the output gate holds the sends until the write is durable.
            this.ctx.storage.sql.exec("INSERT INTO events (sender, body, at) VALUES (?, ?, ?)", sender, body, at);
            this.broadcast(JSON.stringify({ type: "event", sender, body, at }));\(alarmSetup)
          }

          async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
            const attachment = ws.deserializeAttachment() as { member: string } | null;
            this.broadcast(JSON.stringify({ type: "left", member: attachment?.member ?? "anonymous", code, reason }));
          }

          private broadcast(text: string): void {
            for (const socket of this.ctx.getWebSockets()) {
              try {
                socket.send(text);
              } catch {
                // A socket that cannot take the message is closing; the others still get it.
              }
            }
          }\(alarm)
        """
        return (["TABLE events (id INTEGER PRIMARY KEY, sender TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL)",
                 "INDEX events_by_time ON events(at)"],
                withShards(c, plainFront), body)
    }

    /// Prepends the shard count and hash function to the front Worker when the design is sharded.
    static func withShards(_ c: SkeletonContext, _ front: String) -> String {
        guard c.shards > 1 else { return front }
        return """
            const SHARDS = \(c.shards);\(shardFunction(c))
        \(front)
        """
    }

    // MARK: - Counter

    static func counter(_ c: SkeletonContext) -> ([String], String, String) {
        let front: String
        if c.shards > 1 {
            front = """
                const SHARDS = \(c.shards);
            \(c.readId)
                if (request.method === "POST") {
                  // Spread increments over the shards at random; each shard is an exact counter.
                  const shard = Math.floor(Math.random() * SHARDS);
                  const value = await \(c.namespace).getByName(\(c.name(shard: "shard"))).increment(1);
                  return Response.json({ shard, value });
                }
                const reads = [];
                for (let shard = 0; shard < SHARDS; shard++) {
                  reads.push(\(c.namespace).getByName(\(c.name(shard: "shard"))).read());
                }
                const values = await Promise.all(reads);
                return Response.json({ value: values.reduce((sum, value) => sum + value, 0) });
            """
        } else {
            front = """
            \(c.readId)
                const stub = \(c.namespace).getByName(\(c.name()));
                if (request.method === "POST") {
                  return Response.json({ value: await stub.increment(1) });
                }
                return Response.json({ value: await stub.read() });
            """
        }
        let body = """

          async increment(by: number): Promise<number> {
            // One statement: atomic, with no read-modify-write across an await.
            return this.ctx.storage.sql
              .exec<{ value: number }>("UPDATE counter SET value = value + ? WHERE id = 1 RETURNING value", by)
              .one().value;
          }

          async read(): Promise<number> {
            return this.ctx.storage.sql.exec<{ value: number }>("SELECT value FROM counter WHERE id = 1").one().value;
          }
        """
        return (["TABLE counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL); INSERT INTO counter (id, value) VALUES (1, 0)"], front, body)
    }

    // MARK: - Rate limiter

    static func rateLimiter(_ c: SkeletonContext) -> ([String], String, String) {
        let front = """
        \(c.readId)
            const verdict = await \(c.namespace).getByName(\(c.name())).check(100, 60);
            if (!verdict.allowed) {
              return new Response("Too many requests", { status: 429, headers: { "Retry-After": "1" } });
            }
            return Response.json({ remaining: verdict.remaining });
        """
        let body = """

          // Token bucket: `limit` tokens refilled evenly over `windowSeconds`.
          async check(limit: number, windowSeconds: number): Promise<{ allowed: boolean; remaining: number }> {
            const now = Date.now();
            const rows = this.ctx.storage.sql
              .exec<{ tokens: number; updated_at: number }>("SELECT tokens, updated_at FROM bucket WHERE id = 1")
              .toArray();
            const refillPerMs = limit / (windowSeconds * 1000);
            const current = rows.length > 0 ? Math.min(limit, rows[0].tokens + (now - rows[0].updated_at) * refillPerMs) : limit;
            const allowed = current >= 1;
            const tokens = allowed ? current - 1 : current;
            this.ctx.storage.sql.exec(
              "INSERT INTO bucket (id, tokens, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at",
              tokens,
              now,
            );
            return { allowed, remaining: Math.floor(tokens) };
          }
        """
        return (["TABLE bucket (id INTEGER PRIMARY KEY CHECK (id = 1), tokens REAL NOT NULL, updated_at INTEGER NOT NULL)"], front, body)
    }
}
