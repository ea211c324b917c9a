import { DurableObject } from "cloudflare:workers";

export class InventoryGate extends DurableObject {
  async reserve(sku: string, qty: number): Promise<boolean> {
    let ok = false;
    await this.ctx.blockConcurrencyWhile(async () => {
      const stock = (await this.ctx.storage.get<number>(`stock:${sku}`)) ?? 0;
      if (stock >= qty) {
        await this.ctx.storage.put(`stock:${sku}`, stock - qty);
        ok = true;
      }
    });
    return ok;
  }

  async restock(sku: string, qty: number): Promise<void> {
    await this.ctx.storage.transaction(async (txn) => {
      const stock = (await txn.get<number>(`stock:${sku}`)) ?? 0;
      await txn.put(`stock:${sku}`, stock + qty);
    });
  }
}
