// Counts ring cycles. A cycle shows up as a rising RI edge, a RING line, or
// both, and some countries ring twice per cycle (UK: 0.4 s on, 0.2 s off,
// 0.4 s on, 2 s off): events closer than `mergeMs` to the previous one are
// the same cycle. After `silenceMs` without any, the call has gone (Hayes S1
// and mgetty reset their count after about 8 s). Pure: time is an input.

export class RingCounter {
  count = 0;
  private last = -1e15;

  constructor(private mergeMs: number, private silenceMs: number) {}

  /** A ring event at `now`; returns the ring cycles counted so far. */
  ring(now: number): number {
    if (now - this.last > this.silenceMs) this.count = 0;
    if (now - this.last >= this.mergeMs) this.count++;
    this.last = now;
    return this.count;
  }

  /** Whether the last ring is older than the silence that ends a call attempt. */
  silent(now: number): boolean {
    return now - this.last > this.silenceMs;
  }

  reset(): void {
    this.count = 0;
    this.last = -1e15;
  }
}
