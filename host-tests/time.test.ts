// The wall clock (issue 17) on the virtual clock: the TypeScript sources on
// the mocked HAL and the built bundle in the Espruino emulation; one SMC at
// a terminal, a chain of 3 and a ring of 4, and the real ipmitool binary.
import { afterEach, describe, it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { UNIT } from "./scenarios/common";
import { timeIpmitoolScenarios, timeScenarios, timeSiteScenario } from "./scenarios/time";
import { hasIpmitool } from "./support/ipmitool";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`wall clock, one SMC at a terminal (${title})`, timeScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));
  scenarioSuite(`wall clock, ipmitool against the simulated SMC (${title})`, timeIpmitoolScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored), !hasIpmitool);

  describe(`wall clock along the chain (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const shape of [{ size: 3, ring: false }, { size: 4, ring: true }]) {
      it(`${shape.ring ? "ring" : "chain"} of ${shape.size}: ${timeSiteScenario.name}`, async () => {
        site = virtualSite(backend, shape);
        await timeSiteScenario.run(site);
      });
    }
  });
}
