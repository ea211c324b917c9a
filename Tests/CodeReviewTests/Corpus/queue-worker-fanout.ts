interface Env {
  QUEUE: DurableObjectNamespace;
  AUDIT: DurableObjectNamespace;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const body = await request.json<{ tenant: string; event: unknown }>();
    const queue = env.QUEUE.get(env.QUEUE.idFromName(body.tenant));
    const audit = env.AUDIT.get(env.AUDIT.idFromName(body.tenant));
    queue.enqueue(body.event);
    ctx.waitUntil(audit.record(body.event));
    return new Response("queued", { status: 202 });
  },

  async queue(batch: MessageBatch<{ tenant: string }>, env: Env): Promise<void> {
    for (const msg of batch.messages) {
      const stub = env.QUEUE.get(env.QUEUE.idFromName(msg.body.tenant));
      await stub.enqueue(msg.body);
      msg.ack();
    }
  },
};
