export class VisitCounter {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.visits = 0;
  }

  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/hit") {
      this.visits++;
      return new Response(String(this.visits));
    }
    if (url.pathname === "/saved") {
      const saved = await this.state.storage.get("visits");
      return new Response(String(saved || 0));
    }
    return new Response("not found", { status: 404 });
  }
}
