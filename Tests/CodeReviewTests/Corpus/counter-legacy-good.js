export class PageViews {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.views = 0;
    this.state.blockConcurrencyWhile(async () => {
      this.views = (await this.state.storage.get("views")) || 0;
    });
  }

  async fetch(request) {
    this.views += 1;
    await this.state.storage.put("views", this.views);
    return new Response(JSON.stringify({ views: this.views }), {
      headers: { "content-type": "application/json" },
    });
  }
}
