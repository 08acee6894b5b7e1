// The console port's framed answers on one SMC: TypeScript sources on the
// mocked HAL and the built bundle in the Espruino emulation.
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { consolePortScenarios } from "./scenarios/consolePort";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  scenarioSuite(
    `the console port (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`,
    consolePortScenarios,
    (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored),
  );
}
