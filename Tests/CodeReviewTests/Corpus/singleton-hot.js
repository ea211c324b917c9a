export default {
  async fetch(request, env) {
    const id = env.LEADERBOARD.idFromName("leaderboard");
    const board = env.LEADERBOARD.get(id);
    const score = Number(new URL(request.url).searchParams.get("score"));
    await board.submit(request.headers.get("x-user"), score);
    return new Response("submitted");
  },
};
