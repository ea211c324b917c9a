import { DurableObject } from "cloudflare:workers";

interface Env {
  CHAT: DurableObjectNamespace<ChatRoom>;
}

type Attachment = { user: string; joinedAt: number };

export class ChatRoom extends DurableObject<Env> {
  private sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user TEXT NOT NULL,
        body TEXT NOT NULL,
        at INTEGER NOT NULL
      )`);
    });
  }

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected a WebSocket", { status: 426 });
    }
    const user = new URL(request.url).searchParams.get("user") ?? "anonymous";
    const [client, server] = Object.values(new WebSocketPair());
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ user, joinedAt: Date.now() } satisfies Attachment);
    const history = this.sql
      .exec("SELECT user, body, at FROM messages ORDER BY id DESC LIMIT 50")
      .toArray()
      .reverse();
    server.send(JSON.stringify({ type: "history", history }));
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    const { user } = ws.deserializeAttachment() as Attachment;
    const body = typeof message === "string" ? message : new TextDecoder().decode(message);
    const at = Date.now();
    this.sql.exec("INSERT INTO messages (user, body, at) VALUES (?, ?, ?)", user, body, at);
    const frame = JSON.stringify({ type: "message", user, body, at });
    for (const peer of this.ctx.getWebSockets()) {
      try {
        peer.send(frame);
      } catch {
        peer.close(1011, "send failed");
      }
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string) {
    ws.close(code, reason);
  }
}
