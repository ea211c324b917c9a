export class IpThrottle {
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  async fetch(request) {
    const ip = request.headers.get("cf-connecting-ip");
    const key = `ip:${ip}`;
    const record = (await this.state.storage.get(key)) || { count: 0, since: Date.now() };
    const verdict = await fetch("https://reputation.example.com/check?ip=" + ip);
    const bad = (await verdict.json()).bad;
    record.count += bad ? 5 : 1;
    await this.state.storage.put(key, record);
    if (record.count > 100) {
      return new Response("blocked", { status: 429 });
    }
    return new Response("ok");
  }
}
