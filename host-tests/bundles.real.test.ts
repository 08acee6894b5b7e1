// Every other board's bundle boots and serves a terminal on the real
// interpreter, its pin names aliased onto the Linux build's D pins.
import { readdirSync } from "node:fs";
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";
import { scenarioSuite } from "./support/suite";

const skip = !realSuiteGate().run;
const boards = readdirSync(new URL("../boards", import.meta.url))
  .map((f) => f.replace(/\.json$/, ""))
  .filter((b) => b !== "linux");
// A cross-section: boot, credentials and STATUS, a timed output, the REPL.
const PICKED = [/^boots/, /^AUTH with/, /^RESET pulses/, /^the REPL/];
const scenarios = terminalScenarios.filter((s) => PICKED.some((p) => p.test(s.name)));

for (const board of boards) {
  scenarioSuite(`dist/${board}.js on the real interpreter`, scenarios, (s) => realDut(board, UNIT_FAST, s.stored), skip);
}
