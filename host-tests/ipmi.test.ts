// IPMI Terminal Mode on one SMC: TypeScript sources on the mocked HAL and
// the built bundle in the Espruino emulation.
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { ipmiScenarios } from "./scenarios/ipmi";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `IPMI Terminal Mode (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`,
    ipmiScenarios,
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
  );
}
