export default {
  async fetch(request, env) {
    const id = env.CART.newUniqueId();
    const cart = env.CART.get(id);
    const item = await request.json();
    await cart.add(item);
    return new Response("added to cart");
  },
};

export class Cart {
  constructor(state, env) {
    this.state = state;
  }

  async add(item) {
    const items = (await this.state.storage.get("items")) || [];
    items.push(item);
    await this.state.storage.put("items", items);
  }
}
