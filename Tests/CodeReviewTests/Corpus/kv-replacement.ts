import { DurableObject } from "cloudflare:workers";

export class KeyValue extends DurableObject {
  async getValue(key: string): Promise<string | undefined> {
    return this.ctx.storage.get<string>(key);
  }

  async setValue(key: string, value: string): Promise<void> {
    await this.ctx.storage.put(key, value);
  }

  async remove(key: string): Promise<void> {
    await this.ctx.storage.delete(key);
  }
}

interface Env { KV_DO: DurableObjectNamespace<KeyValue> }

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const key = new URL(request.url).pathname.slice(1);
    const stub = env.KV_DO.get(env.KV_DO.idFromName(key));
    if (request.method === "PUT") {
      await stub.setValue(key, await request.text());
      return new Response("stored");
    }
    return new Response((await stub.getValue(key)) ?? "", { status: 200 });
  },
};
