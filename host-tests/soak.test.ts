// A short soak on the virtual clock (issue 12's findings 1-3 in one run):
// a ring of 8 SMCs with faults between calls, queued commands, long calls,
// the backup modem and lines dropped behind queued lines. Every figure that
// must be 0 is 0, and the schedule ran as planned (so 0 means something).
import { describe, expect, it } from "vitest";
import { soak } from "../host/soak/soak";
import { virtualSoakSite } from "../host/soak/virtualSoakSite";

const CALLS = 60;

for (const backend of ["ts", "emu"] as const) {
  describe(`soak (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    it(`${CALLS} calls to a ring of 8: nothing runs twice, no wrong answer, no access outlives its call, every guess counted`, async () => {
      const site = virtualSoakSite(backend, { size: 8 });
      const r = await soak(site, { calls: CALLS, seed: 7 });
      await site.close();
      expect(r.findings).toEqual([]);
      expect({ executedTwice: r.executedTwice, wrongAnswers: r.wrongAnswers, outlived: r.outlivedPermissions, uncounted: r.uncountedGuesses, hung: r.hung }).toEqual({
        executedTwice: 0,
        wrongAnswers: 0,
        outlived: 0,
        uncounted: 0,
        hung: 0,
      });
      expect(r.callsAnswered).toBe(CALLS);
      // The schedule did what the figures claim to have survived.
      expect(r.faults).toBeGreaterThanOrEqual(15);
      expect(r.carrierLosses).toBeGreaterThanOrEqual(15);
      expect(r.queuedBursts).toBeGreaterThanOrEqual(100);
      expect(r.guesses).toBe(4 * 20);
      expect(r.commands).toBeGreaterThan(10 * 256);
    });
  });
}
