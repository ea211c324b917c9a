import { ChatRoom } from "./chat-hibernating";
export { ChatRoom };

interface Env {
  CHAT: DurableObjectNamespace<ChatRoom>;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/rooms\/([a-z0-9-]{1,64})$/);
    if (!match) return new Response("Not found", { status: 404 });
    if (request.headers.get("Upgrade") !== "websocket") {
      return new Response("Expected WebSocket", { status: 426 });
    }
    const stub = env.CHAT.getByName(match[1]);
    return stub.fetch(request);
  },
} satisfies ExportedHandler<Env>;
