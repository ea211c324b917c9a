import { DurableObject } from "cloudflare:workers";
import { renderToString } from "react-dom/server";

type Stat = { label: string; value: number };

function Panel({ stats, title }: { stats: Stat[]; title: string }) {
  return (
    <section className="panel">
      <h1>{title}</h1>
      <ul>
        {stats.map((s) => (
          <li key={s.label}>
            {s.label}: <b>{s.value > 1000 ? `${(s.value / 1000).toFixed(1)}k` : s.value}</b>
          </li>
        ))}
      </ul>
      <p>Ratio: {stats.length / 2} items / page</p>
    </section>
  );
}

export class Dashboard extends DurableObject {
  async fetch(request: Request): Promise<Response> {
    const rows = this.ctx.storage.sql.exec<Stat>("SELECT label, value FROM stats ORDER BY label LIMIT 100").toArray();
    const html = renderToString(<Panel stats={rows} title="Live" />);
    return new Response(`<!doctype html>${html}`, { headers: { "content-type": "text/html" } });
  }

  async record(label: string, delta: number): Promise<void> {
    this.ctx.storage.sql.exec(
      "INSERT INTO stats (label, value) VALUES (?, ?) ON CONFLICT(label) DO UPDATE SET value = value + excluded.value",
      label, delta
    );
  }
}
