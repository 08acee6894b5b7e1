// Runs the console library against a simulated site in-process, in the
// site's virtual time: the terminal end of the site as the byte stream,
// and a driver that moves the virtual clock while a promise is pending.
import type { VirtualClock } from "../sim/clock";
import type { Site } from "../sim/site";
import type { ConsoleClock } from "./clock";
import { uartStream } from "./streams/uart";

/** The site's virtual clock as the console's clock. */
export function consoleClock(clock: VirtualClock): ConsoleClock {
  return clock as unknown as ConsoleClock;
}

/** The terminal of a simulated site (the console-side modem, or SMC 1's modem port) as a byte stream. */
export function siteStream(site: Site) {
  return uartStream(site.terminal, "sim://" + (site.consoleModem ? "console-modem" : "smc-modem-port"), {
    after: (fn, ms) => site.clock.setTimeout(fn, ms),
  });
}

/**
 * Resolves with `p`'s value, advancing `clock` event by event while `p` is
 * pending, letting promise callbacks run between events, so the library
 * sees each byte at its virtual time. Throws after `maxMs` of virtual time.
 */
export async function drive<T>(clock: VirtualClock, p: Promise<T>, maxMs = 600000): Promise<T> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  const end = clock.now() + maxMs;
  for (;;) {
    // Several turns: an await chain takes a few microtask rounds per step.
    await new Promise<void>((r) => setImmediate(r));
    if (settled) return p;
    if (clock.now() >= end) throw new Error(`still pending after ${maxMs} ms of virtual time (at ${clock.now().toFixed(0)} ms)`);
    const due = clock.nextDue();
    clock.advanceTo(due === undefined ? end : Math.min(due, end));
  }
}
