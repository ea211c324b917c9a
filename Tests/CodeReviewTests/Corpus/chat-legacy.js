// Older-style chat room: plain class, constructor(state, env), standard WebSockets.
export class LegacyChat {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.sockets = [];
  }

  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/history") {
      const history = (await this.state.storage.get("history")) || [];
      return new Response(JSON.stringify(history), { headers: { "content-type": "application/json" } });
    }
    const pair = new WebSocketPair();
    const server = pair[1];
    server.accept();
    this.sockets.push(server);
    server.addEventListener("message", async (event) => {
      const history = (await this.state.storage.get("history")) || [];
      history.push(event.data);
      await this.state.storage.put("history", history.slice(-100));
      this.sockets.forEach((s) => s.send(event.data));
    });
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}
