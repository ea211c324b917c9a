interface Env { ROOMS: DurableObjectNamespace }

async function createRoom(env: Env, title: string) {
  const id = env.ROOMS.newUniqueId();
  const room = env.ROOMS.get(id);
  await room.setTitle(title);
  return room;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST") {
      const room = await createRoom(env, url.searchParams.get("title") ?? "untitled");
      return Response.json({ ok: true, title: await room.title() });
    } else if (request.method === "GET") {
      return new Response("use POST to create a room");
    }
  },
};
