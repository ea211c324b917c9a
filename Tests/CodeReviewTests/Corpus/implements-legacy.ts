interface Env { HISTORY: KVNamespace }

export class Presence implements DurableObject {
  private storage: DurableObjectStorage;
  private online = new Set<string>();

  constructor(private state: DurableObjectState, private env: Env) {
    this.storage = state.storage;
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const user = url.searchParams.get("user") ?? "";
    if (url.pathname === "/join") {
      this.online.add(user);
      await this.storage.put(`seen:${user}`, Date.now());
    } else if (url.pathname === "/leave") {
      this.online.delete(user);
    }
    return Response.json([...this.online]);
  }
}
