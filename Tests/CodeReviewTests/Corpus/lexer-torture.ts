import { DurableObject } from "cloudflare:workers";

function logged<T extends (...args: any[]) => any>(target: T, _ctx: ClassMethodDecoratorContext): T {
  return target;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i;
const COMMENTISH = /\/\/ not a comment/;
const half = (n: number) => n / 2 / 1;

export class Parser extends DurableObject {
  private readonly patterns: ReadonlyArray<RegExp> = [/a\/b/g, /[/]{2}/];

  @logged
  async describe<T extends Record<string, unknown>>(input: T): Promise<string> {
    const nested = `outer ${`inner ${input["x"] ?? `deep ${"}"}`}`} done`;
    const ratio = Object.keys(input).length / 3;
    const valid = SLUG.test(String(input["slug"])) && !COMMENTISH.test(nested);
    await this.ctx.storage.put("last", { nested, ratio, valid, half: half(ratio) });
    return nested;
  }

  async fetch(request: Request): Promise<Response> {
    const body = (await request.json()) as { slug?: string };
    const text = await this.describe(body as Record<string, unknown>);
    return new Response(text satisfies string, { status: 200 });
  }
}
