import { Agent, type Connection } from "agents";

interface Env { AI: Ai }

type State = { messages: { role: string; content: string }[] };

export class SupportAgent extends Agent<Env, State> {
  initialState: State = { messages: [] };

  async onMessage(connection: Connection, message: string) {
    const messages = [...this.state.messages, { role: "user", content: message }];
    const reply = await this.env.AI.run("@cf/meta/llama-3.1-8b-instruct", { messages });
    const next = [...messages, { role: "assistant", content: String((reply as { response: string }).response) }];
    this.setState({ messages: next.slice(-50) });
    connection.send(JSON.stringify(next.at(-1)));
  }

  async onRequest(request: Request): Promise<Response> {
    return Response.json(this.state.messages);
  }
}
