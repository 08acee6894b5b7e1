// The wall clock (issue 17) on the real interpreter: one SMC at a terminal
// (dist/linux.js), the real ipmitool against it, and the head's time
// reaching every SMC of a chain of 3 and a ring of 4 processes (the STM32
// boards' bundles on their boards' pools, as chain.real.test.ts).
import { afterEach, describe, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { timeIpmitoolScenarios, timeScenarios, timeSiteScenario } from "./scenarios/time";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup } from "./support/boardSites";
import { hasIpmitool } from "./support/ipmitool";
import { scenarioSuite } from "./support/suite";

const gate = realSuiteGate();
scenarioSuite("wall clock, one SMC at a terminal (dist/linux.js on the real interpreter)", timeScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);
scenarioSuite("wall clock, ipmitool against dist/linux.js on the real interpreter", timeIpmitoolScenarios, (s) => realDut("linux", { ...UNIT_FAST, t: { ...UNIT_FAST.t, idleMs: 20000 } }, s.stored), !gate.run || !hasIpmitool);

const run = boardBinariesGate(gate.run);
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

describe.skipIf(!run)(`wall clock along the chain on the real interpreter (${BINARIES_TITLE})`, () => {
  let site: SiteDut | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });
  let turn = 0;
  for (const [size, ring] of [[3, false], [4, true]] as const) {
    const boards = linksLineup(size, ring, turn++);
    it(`${ring ? "ring" : "chain"} of ${size} processes: ${timeSiteScenario.name}${lineupTitle(boards)}`, async () => {
      site = await realSite({ size, ring, t: FAST }, { boards });
      await timeSiteScenario.run(site);
    }, 60000);
  }
});
