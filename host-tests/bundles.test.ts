// Every board's built bundle runs the terminal scenarios in the emulation,
// so a board-specific pin map or port that breaks the firmware shows here.
import { readdirSync } from "node:fs";
import { afterEach, describe, it } from "vitest";
import { UNIT } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";
import type { Dut } from "../host/dut/dut";
import { virtualDut } from "../host/dut/virtualDut";

const boards = readdirSync(new URL("../boards", import.meta.url))
  .map((f) => f.replace(/\.json$/, ""))
  .filter((b) => b !== "linux");

for (const board of boards) {
  describe(`dist/${board}.js in the emulation`, () => {
    let dut: Dut | undefined;
    afterEach(async () => {
      await dut?.close();
      dut = undefined;
    });
    for (const s of terminalScenarios) {
      it(s.name, async () => {
        dut = virtualDut("emu", board, UNIT, undefined, s.stored);
        await s.run(dut);
      });
    }
  });
}
