// The terminal session on one SMC: TypeScript sources on the mocked HAL and
// the built bundle in the Espruino emulation, both on the virtual clock.
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { configScenarios, serverScenarios } from "./scenarios/server";
import { terminalScenarios } from "./scenarios/terminal";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `one SMC at a terminal (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`,
    [...terminalScenarios, ...serverScenarios, ...configScenarios],
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
  );
}
