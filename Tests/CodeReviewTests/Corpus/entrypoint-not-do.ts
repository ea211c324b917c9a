import { WorkerEntrypoint } from "cloudflare:workers";

export class Api extends WorkerEntrypoint {
  private calls = 0;

  async fetch(request: Request): Promise<Response> {
    this.calls++;
    return new Response(`call ${this.calls}`);
  }

  async add(a: number, b: number): Promise<number> {
    return a + b;
  }
}
