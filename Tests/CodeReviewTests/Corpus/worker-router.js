export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/doc/")) {
      const docId = url.pathname.split("/")[2];
      const stub = env.DOCS.get(env.DOCS.idFromName(docId));
      return stub.fetch(request);
    }
    if (url.pathname === "/stats") {
      const stats = env.STATS.get(env.STATS.idFromName("all-stats"));
      return stats.fetch(request);
    }
    if (url.pathname === "/new") {
      const id = env.DOCS.newUniqueId();
      return Response.redirect(`${url.origin}/doc/${id.toString()}`, 302);
    }
    return new Response("not found", { status: 404 });
  },
};
