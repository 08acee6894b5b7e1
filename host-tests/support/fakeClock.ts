// A HAL clock whose time moves only when a test says so; timers run in
// time order (ties in the order they were set). For a part tested on its
// own (the modem's chat engine, the server body), without a whole site.
import type { Clock } from "../../firmware/hal/types";

export class FakeClock implements Clock {
  t = 0;
  private next = 1;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  constructor(private who = "this part") {}
  now(): number {
    return this.t;
  }
  after(fn: () => void, ms: number): number {
    this.timers.push({ id: this.next, at: this.t + ms, fn });
    return this.next++;
  }
  cancel(id: number): void {
    this.timers = this.timers.filter((x) => x.id !== id);
  }
  every(): number {
    throw new Error(`${this.who} needs no interval`);
  }
  /** Timers set and not yet run. */
  pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.cancel(due.id);
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}
