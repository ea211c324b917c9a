import { DurableObject } from "cloudflare:workers";

type Handler<T extends Record<string, unknown> = Record<string, unknown>> = (input: T) => Promise<Partial<T>>;
type Routes = { [K in "create" | "update"]: Handler };

export class Registry<TEnv extends { LOG: Fetcher } = { LOG: Fetcher }> extends DurableObject<TEnv> {
  private readonly routes: Routes = {
    create: async (input) => ({ ...input, created: Date.now() }),
    update: async (input) => input,
  };

  async call<K extends keyof Routes>(name: K, input: Parameters<Routes[K]>[0]): Promise<Awaited<ReturnType<Routes[K]>>> {
    const result = await this.routes[name](input);
    await this.ctx.storage.put<Partial<Record<string, unknown>>>(`last:${String(name)}`, result);
    return result as Awaited<ReturnType<Routes[K]>>;
  }

  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as { name: keyof Routes; input: Record<string, unknown> };
    return Response.json(await this.call(body.name, body.input));
  }
}
