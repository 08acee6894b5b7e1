// Every board's built bundle runs the terminal scenarios in the emulation,
// so a board-specific pin map or port that breaks the firmware shows here.
import { readdirSync } from "node:fs";
import { virtualDut } from "../host/dut/virtualDut";
import { UNIT } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";
import { scenarioSuite } from "./support/suite";

const boards = readdirSync(new URL("../boards", import.meta.url))
  .map((f) => f.replace(/\.json$/, ""))
  .filter((b) => b !== "linux");

for (const board of boards) {
  scenarioSuite(`dist/${board}.js in the emulation`, terminalScenarios, (s) => virtualDut("emu", board, UNIT, undefined, s.stored));
}
