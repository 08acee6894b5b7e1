// The soak's size on real interpreters, where it runs in wall time: shared
// by `npm run soak -- --backends real` and the suite's short soak.
import type { Timings } from "../../firmware/config";
import type { SoakOptions } from "./types";

export const REAL_SOAK: { size: number; t: Partial<Timings>; options: Partial<SoakOptions> } = {
  size: 4,
  // Short server actions and lockout, so a call takes seconds. The links'
  // liveness is the firmware's own (heartbeatMs 1000, linkDownMs 3500, as
  // shipped), not shortened: a link goes down, and an SMC's call flags
  // expire, after linkDownMs without a neighbour's frame, so any stall of an
  // interpreter, its socat or this process longer than linkDownMs -
  // heartbeatMs cuts the call, an ERR 10 to the next AUTH. The 250/900 this
  // had left 650 ms, which the soak's 4 interpreters, 8 socats and 2 modems
  // on a loaded 2-core machine exceed (cables silent 0.7-9 s at load 19,
  // measured on the tap). The soak's faults need settleMs to see a kill or
  // a cut: linkDownMs + one heartbeat + room.
  t: { resetMs: 150, pressMs: 100, holdMs: 300, cycleGapMs: 150, powerGoodMs: 600, lockoutMs: 3000, failDelayMs: 1, requestMs: 5000, ringSilenceMs: 4000, heartbeatMs: 1000, linkDownMs: 3500 },
  options: { calls: 4, commandsPerCall: 6, longCallEvery: 4, longCallOps: 256, settleMs: 6000, afterDropMs: 3000 },
};
