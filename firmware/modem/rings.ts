// Counts ring cycles. A cycle shows up as a rising RI edge, a RING line, or
// both, and some countries ring twice per cycle (UK: 0.4 s on, 0.2 s off,
// 0.4 s on, 2 s off): events closer than `mergeMs` to the previous one are
// the same cycle. After `silenceMs` without any, the call has gone (Hayes S1
// and mgetty reset their count after about 8 s).
//
// A caller who hangs up and redials within that silence is a new call with a
// new count: one call's cycles come at a steady period (the country's
// cadence), measured from its first two, and a cycle that comes more than a
// quarter of that period early or late starts a new count. (A redial that
// lands exactly on the old cadence cannot be told from it on the line.)
// Pure: time is an input; nothing but ring events changes it. The driver
// reads `last` to keep its health check off a ringing line, and starts a
// new counter for the next call once one is answered (a method costs more
// memory than the object).

export class RingCounter {
  count = 0;
  /** The last event. */
  last = -1e15;
  /** The start of the last counted cycle. */
  private start = -1e15;
  /** Time between this call's cycle starts; 0 until its second cycle. */
  private period = 0;

  constructor(private mergeMs: number, private silenceMs: number) {}

  /** A ring event at `now`; returns the ring cycles counted so far. */
  ring(now: number): number {
    const merged = now - this.last < this.mergeMs;
    this.last = now;
    if (merged) return this.count;
    const gap = now - this.start;
    const off = gap - this.period;
    if (gap > this.silenceMs || (this.period && (off > this.period / 4 || -off > this.period / 4))) {
      this.count = 0;
      this.period = 0;
    } else if (this.count === 1) this.period = gap;
    this.start = now;
    return ++this.count;
  }
}
