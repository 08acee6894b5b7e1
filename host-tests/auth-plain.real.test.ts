// Plain AUTH's search carries a proof, not the password, on the real
// interpreter (dist/linux.js): a tap on every cable of a chain of 3, a ring
// of 4 and pass-through wiring of 3 processes (scenarios/plainProof.ts).
import { afterEach, describe, it } from "vitest";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { realDut } from "../host/dut/realDut";
import { plainLinkScenarios, plainPassScenarios, plainUnitScenarios } from "./scenarios/plainProof";
import { UNIT_FAST } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";

const gate = realSuiteGate();
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 8000 };

scenarioSuite("plain AUTH's verifier, one SMC at a terminal (dist/linux.js on the real interpreter)", plainUnitScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);

describe.skipIf(!gate.run)("plain AUTH's proof on real interpreters", () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  for (const shape of [{ size: 3, ring: false }, { size: 4, ring: true }]) {
    for (const s of plainLinkScenarios) {
      it(`${shape.ring ? "ring" : "chain"} of ${shape.size} processes: ${s.name}`, async () => {
        site = await realSite({ ...shape, t: FAST });
        await s.run(site);
      }, 90000);
    }
  }
  for (const s of plainPassScenarios) {
    it(`pass-through of 3 processes: ${s.name}`, async () => {
      site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: { ...FAST, modemCmdMs: 1000 } });
      await s.run(site);
    }, 90000);
  }
});
