// The terminal scenarios on the real Espruino interpreter: dist/linux.js
// booted from Storage with its UARTs on pseudo-terminals and its pins as
// files, in real time, with the unit's timings shortened by its stored config.
import { afterEach, describe, it } from "vitest";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";
import type { Dut } from "../host/dut/dut";
import { realDut } from "../host/dut/realDut";

const gate = realSuiteGate();

describe.skipIf(!gate.run)("one SMC at a terminal (dist/linux.js on the real interpreter)", () => {
  let dut: Dut | undefined;
  afterEach(async () => {
    await dut?.close();
    dut = undefined;
  });
  for (const s of terminalScenarios) {
    it(s.name, async () => {
      dut = await realDut("linux", UNIT_FAST, s.stored);
      await s.run(dut);
    });
  }
});
