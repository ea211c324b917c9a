interface Env {
  CONFIG: DurableObjectNamespace;
  STATS: DurableObjectNamespace;
}

export default {
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    // One config object by design: it is refreshed by cron, never on the request path.
    const config = env.CONFIG.getByName("config");
    await config.refresh();
  },

  async fetch(request: Request, env: Env): Promise<Response> {
    const tenant = request.headers.get("x-tenant") ?? "public";
    const stats = env.STATS.getByName(`tenant:${tenant}`);
    await stats.record(new URL(request.url).pathname);
    return new Response("ok");
  },
};
