// IPMI Terminal Mode on one SMC: TypeScript sources on the mocked HAL and
// the built bundle in the Espruino emulation.
import { afterEach, describe, it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { UNIT } from "./scenarios/common";
import { bridgeScenario, ipmiScenarios } from "./scenarios/ipmi";
import { hasIpmitool } from "./support/ipmitool";
import { ipmitoolScenarios } from "./scenarios/ipmitool";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `IPMI Terminal Mode (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`,
    ipmiScenarios,
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
  );
}

for (const backend of ["ts", "emu"] as const) {
  describe(`IPMI bridged along the chain (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    const chain = bridgeScenario();
    it(`chain of 3: ${chain.name}`, async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await chain.run(site);
    });
    const ring = bridgeScenario(1);
    it(`ring of 4: ${ring.name}`, async () => {
      site = virtualSite(backend, { size: 4, ring: true });
      await ring.run(site);
    });
  });
}

// The real ipmitool binary against the simulated SMC (TypeScript sources and the bundle in the emulation).
for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `ipmitool against the simulated SMC (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`,
    ipmitoolScenarios,
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
    !hasIpmitool,
  );
}
