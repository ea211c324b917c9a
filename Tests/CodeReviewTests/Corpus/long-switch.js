export class Commands {
  constructor(state, env) {
    this.state = state;
  }

  async fetch(request) {
    const { cmd, arg } = await request.json();
    switch (cmd) {
      case "get":
        return new Response(JSON.stringify(await this.state.storage.get(arg)));
      case "set":
        await this.state.storage.put(arg.key, arg.value);
        return new Response("ok");
      case "keys": {
        const page = await this.state.storage.list({ limit: 100, startAfter: arg });
        return new Response(JSON.stringify([...page.keys()]));
      }
      default:
        return new Response("unknown command", { status: 400 });
    }
  }
}
