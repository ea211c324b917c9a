export class Checkout {
  constructor(state, env) {
    this.state = state;
    this.env = env;
  }

  async fetch(request) {
    const { sku, qty } = await request.json();
    let result;
    await this.state.blockConcurrencyWhile(async () => {
      const stock = (await this.state.storage.get(sku)) || 0;
      if (stock < qty) {
        result = new Response("out of stock", { status: 409 });
        return;
      }
      await this.state.storage.put(sku, stock - qty);
      result = new Response("reserved");
    });
    return result;
  }
}
