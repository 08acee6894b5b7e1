// The terminal session on one SMC: TypeScript sources on the mocked HAL and
// the built bundle in the Espruino emulation, both on the virtual clock.
import { afterEach, describe, it } from "vitest";
import type { Dut } from "../host/dut/dut";
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";

for (const backend of ["ts", "emu"] as const) {
  describe(`one SMC at a terminal (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`, () => {
    let dut: Dut | undefined;
    afterEach(async () => {
      await dut?.close();
      dut = undefined;
    });
    for (const s of terminalScenarios) {
      it(s.name, async () => {
        dut = virtualDut(backend, "linux", UNIT, undefined, s.stored);
        await s.run(dut);
      });
    }
  });
}
