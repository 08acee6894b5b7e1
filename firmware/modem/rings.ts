// Counts ring cycles. A cycle shows up as a rising RI edge, a RING line, or
// both, and some countries ring twice per cycle (UK: 0.4 s on, 0.2 s off,
// 0.4 s on, 2 s off): events closer than `ringMergeMs` to the previous one
// are the same cycle. After `ringSilenceMs` without any, the call has gone
// (Hayes S1 and mgetty reset their count after about 8 s).
//
// A caller who hangs up and redials within that silence is a new call with a
// new count: one call's cycles come at a steady period (the country's
// cadence), measured from its first two, and a cycle that comes more than a
// quarter of that period early or late starts a new count. (A redial that
// lands exactly on the old cadence cannot be told from it on the line.)
//
// Pure: time is an input; nothing but ring events changes the counter. The
// counter is a plain object and the count one top-level function (a class
// costs a board a constructor and a method). The driver reads `last` to keep
// its health check off a ringing line, and starts a new counter (a literal,
// `{ n: 0, last: -1e15, st: -1e15, pd: 0 }`) for the next call once one is
// answered.

export interface Rings {
  /** Ring cycles counted in this call. */
  n: number;
  /** The last event. */
  last: number;
  /** The start of the last counted cycle. */
  st: number;
  /** Time between this call's cycle starts; 0 until its second cycle. */
  pd: number;
}

/** The timings the counter uses (documented in config/types.ts). */
export interface RingTimings {
  ringMergeMs: number;
  ringSilenceMs: number;
}

/** A ring event at `now`; returns the ring cycles counted so far. */
export function countRing(r: Rings, now: number, t: RingTimings): number {
  const merged = now - r.last < t.ringMergeMs;
  r.last = now;
  if (merged) return r.n;
  const gap = now - r.st;
  const off = gap - r.pd;
  if (gap > t.ringSilenceMs || (r.pd && (off > r.pd / 4 || -off > r.pd / 4))) {
    r.n = 0;
    r.pd = 0;
  } else if (r.n === 1) r.pd = gap;
  r.st = now;
  return ++r.n;
}
