// Every other board's bundle boots and serves a terminal on the real
// interpreter, its pin names aliased onto the Linux build's D pins: the
// STM32 boards' on the board-layout binary with that board's pool
// (espruino-pico for the Pico and the Nucleo, espruino-original for the
// Original), the ESP32's on bin/espruino. And the fit check's figures
// (host/build/fit.ts) are measured again there.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { doesNotFit, FREE_AT_PEAK, MEASURED, MEASURED_TOLERANCE } from "../host/build/fit";
import { boardCall } from "../host/bench/boardMemory";
import { realDut } from "../host/dut/realDut";
import { loadBoard } from "../host/dut/virtualDut";
import { suiteBinary, suiteBinaryMissing, suiteBinaryTitle } from "../host/dut/suiteBinary";
import { boardBinaryFor, realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { terminalScenarios } from "./scenarios/terminal";
import { scenarioSuite } from "./support/suite";

const gate = realSuiteGate();
const boards = readdirSync(new URL("../boards", import.meta.url))
  .map((f) => f.replace(/\.json$/, ""))
  .filter((b) => b !== "linux");
// A cross-section: boot, credentials and STATUS, a timed output, the REPL.
const PICKED = [/^boots/, /^AUTH with/, /^RESET pulses/, /^the REPL/];
const scenarios = terminalScenarios.filter((s) => PICKED.some((p) => p.test(s.name)));
const missingBinary = suiteBinaryMissing(boards);
if (gate.run && missingBinary) {
  if (process.env.CI === "true") throw new Error(`no ${missingBinary} beside the interpreter (../shared/espruino/bin)`);
  console.warn(`\n*** BOARD-LAYOUT SUITE SKIPPED: no ${missingBinary} beside the interpreter ***\n`);
}
const skip = !gate.run || !!missingBinary;

for (const board of boards) {
  // Where a bundle cannot boot on its own pool (fit.ts measured it on espruino-pico), its scenarios run there: host/dut/suiteBinary.ts.
  scenarioSuite(`dist/${board}.bootcde on the real interpreter (${suiteBinaryTitle(board)})`, scenarios, (s) => realDut(board, UNIT_FAST, s.stored, { bootBin: suiteBinary(board).path }), skip);
}

// The fit check of `npm run build` and `npm run flash` rests on measured
// figures: stale one way it lets through a board that runs out of
// variables, the other way it refuses one that fits.
describe.skipIf(skip)("the fit check's figures, on the board layout with every feature on", () => {
  for (const [board, m] of Object.entries(MEASURED)) {
    it(`dist/${board}.bootcde on ${m.binary}: ${m.afterBoot} variables after boot, ${m.peakInCall} at the peak of a call (fit.ts), within ${MEASURED_TOLERANCE * 100} %`, async () => {
      const c = await boardCall(board, 0, m.binary);
      expect(c.booted, c.console).toBe(true);
      expect(Math.abs(c.vars! - m.afterBoot), `after boot: ${c.vars}`).toBeLessThanOrEqual(m.afterBoot * MEASURED_TOLERANCE);
      expect(Math.abs(c.peakInCall! - m.peakInCall), `peak in call: ${c.peakInCall}`).toBeLessThanOrEqual(m.peakInCall * MEASURED_TOLERANCE);
      // Up to three boots (boardCall retries a run the harness spoiled), each with a call.
    }, 180000);
    const own = boardBinaryFor(board);
    if (own && own !== m.binary) {
      const pool = loadBoard(board).variables;
      it(`dist/${board}.bootcde cannot boot on ${own}'s ${pool} variables: it needs ${m.afterBoot} after boot and ${m.peakInCall} in a call, and the fit check refuses it`, async () => {
        expect(m.afterBoot).toBeGreaterThan(pool * (1 - FREE_AT_PEAK));
        expect(doesNotFit(loadBoard(board))).not.toBe("");
        // One try: not booting is the expected outcome, and a retry would only repeat it.
        const c = await boardCall(board, 0, own, 1);
        // When this fails, the bundle boots on its own pool: measure it there (npm run bench) and set fit.ts's binary to it.
        expect(c.booted, `booted on ${own}, holding ${c.vars}`).toBe(false);
      }, 60000);
    }
  }
});
