interface Env { USERS: DurableObjectNamespace; NOTIFY: DurableObjectNamespace }

export async function handleSignup(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const { email } = await request.json<{ email: string }>();
  const user = env.USERS.getByName(email);
  const created = await user.create(email);
  const notifier = env.NOTIFY.getByName(email);
  notifier.welcome(email).catch((err: unknown) => console.error(err));
  env.NOTIFY.get(env.NOTIFY.idFromName("audit-" + email)).log("signup");
  ctx.waitUntil(notifier.track("signup"));
  return Response.json(created);
}

export async function handleDelete(request: Request, env: Env): Promise<Response> {
  const email = new URL(request.url).searchParams.get("email") ?? "";
  const user = env.USERS.getByName(email);
  return user.remove();
}
