// The soak's size on real interpreters, where it runs in wall time: shared
// by `npm run soak -- --backends real` and the suite's short soak.
import type { Timings } from "../../firmware/config";
import type { SoakOptions } from "./types";

export const REAL_SOAK: { size: number; t: Partial<Timings>; options: Partial<SoakOptions> } = {
  size: 4,
  // Short server actions and lockout, so a call takes seconds.
  t: { resetMs: 150, pressMs: 100, holdMs: 300, cycleGapMs: 150, powerGoodMs: 600, lockoutMs: 3000, failDelayMs: 1, requestMs: 5000, ringSilenceMs: 4000, heartbeatMs: 250, linkDownMs: 900 },
  options: { calls: 4, commandsPerCall: 6, longCallEvery: 4, longCallOps: 256, settleMs: 2500, afterDropMs: 3000 },
};
