// Challenge-response AUTH on the real interpreter: one SMC at a terminal,
// and a chain of three processes whose search carries the proof.
import { afterEach, describe, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { challengeScenarios, challengeSiteScenarios } from "./scenarios/challenge";
import { UNIT_FAST } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";

const gate = realSuiteGate();
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

scenarioSuite("challenge-response AUTH, one SMC at a terminal (dist/linux.js on the real interpreter)", challengeScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);

describe.skipIf(!gate.run)("challenge-response AUTH on a chain of real interpreters", () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  for (const s of challengeSiteScenarios) {
    it(`chain of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, t: FAST });
      await s.run(site);
    }, 60000);
  }
});
