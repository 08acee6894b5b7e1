// A virtual clock: time moves only when a test (or the real-time pump of
// `npm start`) advances it, and timers fire in due order.

/** Told of every exception a timer callback throws, on any clock, with its virtual time. */
export type ClockErrorListener = (error: unknown, at: number, clock: VirtualClock) => void;
const errorListeners: ClockErrorListener[] = [];

/**
 * Subscribes `fn` to the exceptions caught by every clock (the test harness
 * fails any test during which one was caught: host-tests/support/clockErrors.ts).
 * Returns the unsubscriber.
 */
export function onClockError(fn: ClockErrorListener): () => void {
  errorListeners.push(fn);
  return () => {
    const i = errorListeners.indexOf(fn);
    if (i >= 0) errorListeners.splice(i, 1);
  };
}

interface Timer {
  id: number;
  due: number;
  period: number;
  fn: () => void;
}

export class VirtualClock {
  private t = 0;
  private nextId = 1;
  private timers: Timer[] = [];
  /**
   * Exceptions thrown by timer callbacks: a board prints "Uncaught" and goes
   * on, and so does the clock, so nothing but this list and the listeners
   * of onClockError would show them.
   */
  readonly errors: unknown[] = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): number {
    return this.add(fn, ms, 0);
  }

  setInterval(fn: () => void, ms: number): number {
    return this.add(fn, ms, Math.max(1, ms));
  }

  clearTimeout(id: number): void {
    const i = this.timers.findIndex((x) => x.id === id);
    if (i >= 0) this.timers.splice(i, 1);
  }

  clearInterval(id: number): void {
    this.clearTimeout(id);
  }

  pending(): number {
    return this.timers.length;
  }

  /** Time of the next timer, if any. */
  nextDue(): number | undefined {
    return this.timers.length ? this.timers[0].due : undefined;
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }

  advanceTo(end: number): void {
    for (;;) {
      const next = this.timers[0];
      if (!next || next.due > end) break;
      this.t = Math.max(this.t, next.due);
      this.timers.shift();
      if (next.period) {
        next.due += next.period;
        this.insert(next);
      }
      try {
        next.fn();
      } catch (e) {
        this.caught(e);
      }
    }
    this.t = Math.max(this.t, end);
  }

  /** Records an exception a callback threw, as the clock does for its timers' (the emulation's event handlers report theirs here). */
  caught(e: unknown): void {
    this.errors.push(e);
    for (const l of errorListeners.slice()) l(e, this.t, this);
  }

  /**
   * Advances event by event until `cond` holds or `maxMs` has passed;
   * returns whether it held. Checks between events, so the time at which
   * it returns true is the exact time the condition became true.
   */
  runUntil(cond: () => boolean, maxMs: number): boolean {
    const end = this.t + maxMs;
    if (cond()) return true;
    while (this.t < end) {
      const due = this.nextDue();
      this.advanceTo(due === undefined ? end : Math.min(due, end));
      if (cond()) return true;
    }
    return false;
  }

  private add(fn: () => void, ms: number, period: number): number {
    const timer = { id: this.nextId++, due: this.t + Math.max(0, ms), period, fn };
    this.insert(timer);
    return timer.id;
  }

  private insert(timer: Timer): void {
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1].due > timer.due) i--;
    this.timers.splice(i, 0, timer);
  }
}
