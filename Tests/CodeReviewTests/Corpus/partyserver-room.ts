import { Server, type Connection } from "partyserver";

export class Cursors extends Server {
  static options = { hibernate: true };

  onConnect(connection: Connection) {
    connection.setState({ x: 0, y: 0 });
  }

  onMessage(connection: Connection, message: string) {
    const { x, y } = JSON.parse(message);
    connection.setState({ x, y });
    this.broadcast(JSON.stringify({ id: connection.id, x, y }), [connection.id]);
  }
}
