// The soak's short form on real interpreters (wall clock): a ring of 4
// processes, the primary and backup modems on a simulated phone line.
import { describe, expect, it } from "vitest";
import { realSuiteGate } from "../host/real";
import { soak } from "../host/soak/soak";
import { REAL_SOAK } from "../host/soak/realSoak";
import { realSoakSite } from "../host/soak/realSoakSite";

const gate = realSuiteGate();

describe.skipIf(!gate.run)("soak on the real interpreter", () => {
  it("a ring of 4 processes: nothing runs twice, no wrong answer, no access outlives its call, every guess counted; memory does not grow", async () => {
    const site = await realSoakSite(REAL_SOAK.size, REAL_SOAK.t);
    try {
      const r = await soak(site, { ...REAL_SOAK.options, seed: 3 });
      expect(r.findings).toEqual([]);
      expect([r.executedTwice, r.wrongAnswers, r.outlivedPermissions, r.uncountedGuesses, r.hung]).toEqual([0, 0, 0, 0, 0]);
      expect(r.callsAnswered).toBe(REAL_SOAK.options.calls);
      expect(r.commands).toBeGreaterThan(256);
      expect(r.carrierLosses + r.guesses).toBeGreaterThan(0);
      // Flat memory: a call's working set is returned (a few variables of log and timers may differ).
      expect(r.variablesEnd! - r.variablesStart!).toBeLessThan(60);
    } finally {
      await site.close();
    }
  }, 400000);
});
