// The timers the console library uses: Node's in a real call, the site's
// VirtualClock in tests and the benchmark (same shape), so a whole call can
// run in virtual time.

export interface ConsoleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: never): void;
}

export const realClock: ConsoleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Resolves after `ms` on `clock`. */
export function sleep(clock: ConsoleClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Cancels a timer of `clock` (the handle type differs per clock). */
export function cancel(clock: ConsoleClock, handle: unknown): void {
  if (handle !== undefined) clock.clearTimeout(handle as never);
}
