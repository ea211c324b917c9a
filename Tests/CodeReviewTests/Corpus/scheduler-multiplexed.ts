import { DurableObject } from "cloudflare:workers";

type Task = { id: string; at: number; payload: string };

export class Scheduler extends DurableObject {
  async schedule(task: Task): Promise<void> {
    await this.ctx.storage.put(`task:${task.at.toString().padStart(15, "0")}:${task.id}`, task);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || task.at < current) {
      await this.ctx.storage.setAlarm(task.at);
    }
  }

  async alarm(alarmInfo?: AlarmInvocationInfo): Promise<void> {
    const now = Date.now();
    const due = await this.ctx.storage.list<Task>({ prefix: "task:", end: `task:${now.toString().padStart(15, "0")};`, limit: 100 });
    for (const [key, task] of due) {
      await this.run(task);
      await this.ctx.storage.delete(key);
    }
    const rest = await this.ctx.storage.list<Task>({ prefix: "task:", limit: 1 });
    const next = [...rest.values()][0];
    if (next) await this.ctx.storage.setAlarm(next.at);
  }

  private async run(task: Task): Promise<void> {
    console.log("running", task.id, task.payload);
  }
}
