import { Agent } from "agents";

export class WatchAgent extends Agent<{ FEED: string }> {
  async watch(): Promise<void> {
    while (true) {
      const seen = this.sql`SELECT COUNT(*) AS n FROM items`;
      if (Array.isArray(seen) && seen.length > 1000) {
        console.log("plenty of items");
      }
    }
  }

  async check(): Promise<void> {
    while (true) {
      const res = await fetch(this.env.FEED);
      if (res.status === 304) break;
      await this.schedule(60, "check");
      return;
    }
  }
}
