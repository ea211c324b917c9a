import { DurableObject } from "cloudflare:workers";

interface Env {
  ROOMS: DurableObjectNamespace<ChatRoom>;
}

interface Member {
  user: string;
  joined: number;
}

// A room: members join by WebSocket (hibernatable, tagged with their name and "room"), every text message is
// broadcast, "ping" is answered by the runtime while the room sleeps. /standard opens a standard socket instead.
export class ChatRoom extends DurableObject<Env> {
  private wakes: number;
  private log: string[] = [];

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.wakes = 0;
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    ctx.blockConcurrencyWhile(async () => {
      const constructions = ((await ctx.storage.get<number>("constructions")) ?? 0) + 1;
      await ctx.storage.put("constructions", constructions);
    });
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected Upgrade: websocket", { status: 426 });
    }
    const [client, server] = Object.values(new WebSocketPair());
    if (url.pathname === "/unaccepted") return new Response(null, { status: 101, webSocket: client });
    if (url.pathname === "/standard") {
      server.accept();
      server.addEventListener("message", (event: MessageEvent) => {
        if (event.data === "close me") server.close(4001, "asked to");
        else server.send(`echo:${event.data}`);
      });
      server.addEventListener("close", (event: CloseEvent) => {
        this.ctx.storage.put("standardClose", `${event.code} ${event.reason} ${event.wasClean}`);
      });
      return new Response(null, { status: 101, webSocket: client });
    }
    const user = url.searchParams.get("user") ?? "anonymous";
    this.ctx.acceptWebSocket(server, [user, "room"]);
    server.serializeAttachment({ user, joined: this.ctx.getWebSockets().length } satisfies Member);
    server.send(JSON.stringify({ type: "welcome", members: this.ctx.getWebSockets().length }));
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.wakes++;
    const member = ws.deserializeAttachment() as Member;
    if (typeof message !== "string") {
      ws.send(new Uint8Array(message).reverse());
      return;
    }
    if (message === "whoami") {
      ws.send(JSON.stringify({ ...member, tags: this.ctx.getTags(ws), handled: this.wakes }));
    } else if (message.startsWith("rename:")) {
      ws.serializeAttachment({ ...member, user: message.slice(7) });
      ws.send("renamed");
    } else if (message === "bye") {
      ws.close(4000, `bye ${member.user}`);
    } else if (message.startsWith("slow:")) {
      // Awaits a call to another object (I/O that opens the input gate) between two log entries.
      this.log.push(`start ${message.slice(5)}`);
      await this.env.ROOMS.getByName("elsewhere").members();
      this.log.push(`end ${message.slice(5)}`);
    } else if (message === "throw") {
      throw new RangeError(`boom from ${member.user}`);
    } else {
      const count = ((await this.ctx.storage.get<number>("messages")) ?? 0) + 1;
      await this.ctx.storage.put("messages", count);
      for (const socket of this.ctx.getWebSockets("room")) {
        socket.send(JSON.stringify({ from: member.user, text: message, n: count }));
      }
    }
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): Promise<void> {
    ws.close(code, "echoed"); // the pattern of older compatibility dates: a no-op on a closed socket
    ws.send("too late"); // dropped: the client went away
    const member = ws.deserializeAttachment() as Member;
    await this.ctx.storage.put("lastClose", { user: member.user, code, reason, wasClean });
    for (const socket of this.ctx.getWebSockets("room")) {
      if (socket !== ws) socket.send(JSON.stringify({ type: "left", user: member.user }));
    }
  }

  async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    await this.ctx.storage.put("lastError", String(error));
  }

  async lastError(): Promise<string | null> {
    return (await this.ctx.storage.get<string>("lastError")) ?? null;
  }

  handled(): string[] {
    return this.log;
  }

  members(): string[] {
    return this.ctx.getWebSockets().map((ws) => (ws.deserializeAttachment() as Member).user).sort();
  }

  tagged(tag: string): number {
    return this.ctx.getWebSockets(tag).length;
  }

  async state(): Promise<Record<string, unknown>> {
    const [constructions, lastClose, standardClose] = await Promise.all([
      this.ctx.storage.get("constructions"),
      this.ctx.storage.get("lastClose"),
      this.ctx.storage.get("standardClose"),
    ]);
    return { constructions, lastClose: lastClose ?? null, standardClose: standardClose ?? null, wakes: this.wakes };
  }

  autoResponse(): { request: string; response: string; times: (number | null)[] } | null {
    const pair = this.ctx.getWebSocketAutoResponse();
    if (pair === null) return null;
    const times = this.ctx.getWebSockets().map((ws) => this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? null);
    return { request: pair.request, response: pair.response, times };
  }

  // The Hibernation API's refusals, each as its message.
  limits(): string[] {
    const refusals: string[] = [];
    const attempt = (body: () => void) => {
      try {
        body();
        refusals.push("accepted");
      } catch (error) {
        refusals.push(`${(error as Error).name}: ${(error as Error).message}`);
      }
    };
    attempt(() => this.ctx.acceptWebSocket(new WebSocketPair()[1], Array.from({ length: 11 }, (_, i) => `t${i}`)));
    attempt(() => this.ctx.acceptWebSocket(new WebSocketPair()[1], ["x".repeat(257)]));
    attempt(() => {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1], ["probe"]);
      pair[1].serializeAttachment("x".repeat(17 * 1024));
    });
    attempt(() => this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("x".repeat(2049), "r")));
    attempt(() => {
      const pair = new WebSocketPair();
      pair[1].accept();
      try {
        this.ctx.acceptWebSocket(pair[1]);
      } finally {
        pair[1].close(1000, "probe done");
      }
    });
    attempt(() => new WebSocketPair()[1].send("too early"));
    attempt(() => new WebSocket("wss://example.com/"));
    for (const ws of this.ctx.getWebSockets("probe")) ws.close(1000, "probe done");
    return refusals;
  }

  async timer(ms: number): Promise<void> {
    setTimeout(() => {}, ms);
  }

  private alarmFailures = 0;

  // Sets the alarm; its handler then throws `failures` times (counted in memory) before it succeeds.
  async armAlarm(at: number, failures: number): Promise<void> {
    this.alarmFailures = failures;
    await this.ctx.storage.setAlarm(at);
  }

  async alarm(info?: { retryCount: number; isRetry: boolean }): Promise<void> {
    if (this.alarmFailures > 0) {
      this.alarmFailures--;
      throw new Error(`alarm failure, ${this.alarmFailures} left`);
    }
    await this.ctx.storage.put("alarmRetryCount", info?.retryCount ?? -1);
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/echo") {
      // A socket accepted by the Worker itself (not by an object): refused here.
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      return new Response(null, { status: 101, webSocket: client });
    }
    const match = url.pathname.match(/^\/rooms\/([^/]+)(\/.*)?$/);
    if (match === null) return new Response("not found", { status: 404 });
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected Upgrade: websocket", { status: 426 });
    }
    const room = env.ROOMS.getByName(decodeURIComponent(match[1]));
    return room.fetch(new Request(`https://room${match[2] ?? "/"}${url.search}`, request));
  },
};
