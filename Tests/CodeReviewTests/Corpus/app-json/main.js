import { DurableObject } from "cloudflare:workers";

export class Tracker extends DurableObject {
  async fetch(request) {
    const url = new URL(request.url);
    const event = url.searchParams.get("event") ?? "view";
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS events (name TEXT, at INTEGER)"
    );
    this.ctx.storage.sql.exec("INSERT INTO events VALUES (?, ?)", event, Date.now());
    const { n } = this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM events").one();
    return Response.json({ n });
  }
}

export default {
  async fetch(request, env) {
    const site = request.headers.get("host") ?? "unknown";
    return env.TRACKER.getByName(site).fetch(request);
  },
};
