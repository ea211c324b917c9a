export class Guestbook {
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  async fetch(request) {
    if (request.method === "POST") {
      const form = await request.formData();
      const entry = { name: String(form.get("name")), at: Date.now() };
      await this.state.storage.put(`entry:${entry.at}`, entry);
      return Response.redirect(new URL("/", request.url).toString(), 303);
    }
    const entries = await this.state.storage.list({ prefix: "entry:", reverse: true, limit: 20 });
    const html = [...entries.values()].map((e) => `<li>${e.name}</li>`).join("");
    return new Response(`<ul>${html}</ul>`, { headers: { "content-type": "text/html" } });
  }

  async alarm() {
    const old = await this.state.storage.list({ prefix: "entry:", end: `entry:${Date.now() - 864e5}` });
    await this.state.storage.delete([...old.keys()]);
  }
}
