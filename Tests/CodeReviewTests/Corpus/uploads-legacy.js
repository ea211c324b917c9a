export class UploadTracker {
  constructor(state, env) {
    this.state = state;
    this.env = env;
    this.state.blockConcurrencyWhile(async () => {
      this.total = (await this.state.storage.get("total")) || 0;
    });
  }

  async fetch(request) {
    const size = Number(request.headers.get("content-length") || 0);
    this.total += size;
    await this.state.storage.put("total", this.total);
    if (this.total > 1e9) {
      await fetch(this.env.ALERT_URL, { method: "POST", body: `quota: ${this.total}` });
    }
    return new Response(JSON.stringify({ total: this.total }));
  }
}
