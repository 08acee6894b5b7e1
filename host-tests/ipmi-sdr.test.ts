// Get SDR's exact bytes (scenarios/ipmiSdr.ts) on the TypeScript sources and the bundle in the emulation.
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { SDR_ANSWERS, sdrScenario } from "./scenarios/ipmiSdr";
import { scenarioSuite } from "./support/suite";

for (const backend of ["ts", "emu"] as const) {
  for (const board of Object.keys(SDR_ANSWERS)) {
    scenarioSuite(`Get SDR's bytes (${backend === "ts" ? "TypeScript sources" : `dist/${board}.js in the emulation`})`, [sdrScenario(board)], () => virtualDut(backend, board, UNIT));
  }
}
