// Drives a virtual clock from the wall clock, for `npm start`.
import { VirtualClock } from "./clock";

/** Wall-clock interval between advances; the virtual time stays within it. */
const TICK_MS = 2;

export function runInRealTime(clock: VirtualClock): () => void {
  const t0 = performance.now() - clock.now();
  const timer = setInterval(() => clock.advanceTo(performance.now() - t0), TICK_MS);
  return () => clearInterval(timer);
}
