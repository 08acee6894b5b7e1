// Roles (docs/protocol.md, "Roles") on the real interpreter: one SMC at a
// terminal with three accounts, and a chain of three processes whose far
// SMC enforces its own account's role on requests from the head.
import { afterEach, describe, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { roleScenarios, roleSiteScenarios } from "./scenarios/roles";
import { scenarioSuite } from "./support/suite";

const gate = realSuiteGate();

scenarioSuite("roles, one SMC at a terminal (dist/linux.js on the real interpreter)", roleScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);

describe.skipIf(!gate.run)("roles on a chain of real interpreters", () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  for (const s of roleSiteScenarios) {
    it(s.name, async () => {
      site = await realSite({ ...s.shape, t: { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 8000 } });
      await s.run(site);
    }, 60000);
  }
});
