// The module esbuild gives a Worker for `cloudflare:workers` (aliased at bundle time). Our own code: the base
// classes a Worker extends, with the constructor signature of workerd's (`ctx`, `env`).
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class WorkerEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export class RpcTarget {}
// Lets the host tell RpcTargets (passed by reference in workerd) from plain results, and find the entrypoints of
// `ctx.exports`.
globalThis.__doHost?.setBaseClasses({ RpcTarget, WorkerEntrypoint });

export class WorkflowEntrypoint {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

// `import { env } from "cloudflare:workers"`: the Worker's bindings, set by the host before the bundle runs.
export const env = globalThis.__workerEnv;
