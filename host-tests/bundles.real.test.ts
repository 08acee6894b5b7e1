// Every other board's bundle boots and serves a terminal on the real
// interpreter, its pin names aliased onto the Linux build's D pins.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VARS_AFTER_BOOT } from "../host/build/fit";
import { varsAfterBoot } from "../host/bench/realMemory";
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

// The fit check of `npm run build` and `npm run flash` (host/build/fit.ts)
// rests on a measured figure: it must still cover what every bundle holds
// after boot, as deployed with a Hayes modem, or a board would be let through
// that runs out of variables.
describe.skipIf(skip)("the fit check's figure", () => {
  for (const board of [...boards, "linux"]) {
    it(`covers dist/${board}.js after boot (VARS_AFTER_BOOT ${VARS_AFTER_BOOT})`, async () => {
      const used = await varsAfterBoot(board);
      expect(used).toBeGreaterThan(1000);
      expect(used).toBeLessThanOrEqual(VARS_AFTER_BOOT);
    });
  }
});
