// Issue 14: the Original serves a whole call with at least 25 % of its
// 2,756 variables free at the worst moment, measured, not sampled between
// events (host/bench/truePeak.ts, docs/bench.md "True peak"). A quarter of
// the pool is held as ballast from .boot0, before the firmware boots; the
// call (every command, a login of each of three accounts, CONFIG SHOW)
// must then still answer every command as expected, with no sign on the
// console of running short. Before the login scanned the packed accounts,
// CONFIG SHOW printed from the running configuration and the hash's
// constants were a string, this ran out in the first AUTH.
import { describe, expect, it } from "vitest";
import { ballastRun } from "../host/bench/truePeak";
import { suiteBinaryMissing } from "../host/dut/suiteBinary";
import { realSuiteGate } from "../host/real";

const gate = realSuiteGate();
const skip = !gate.run || !!suiteBinaryMissing(["original"]);

/** A run with `n` elements of ballast (~1 variable each, ~10 for the array and its names: measured on the board, not assumed), retried once: under load the Linux build's pseudo-terminals now and then lose a byte. */
async function run(n: number) {
  const r = await ballastRun("original", n, false, "espruino-original");
  return r.ok ? r : ballastRun("original", n, false, "espruino-original");
}

describe.skipIf(skip)("the true worst moment of a call on espruino-original (ballast)", () => {
  it("with the pool less 2,340 variables held as ballast, the Original's bundle boots and serves the whole call with three accounts (its true peak was 2,529, now ~2,316)", async () => {
    const r = await run(406);
    expect(r.pool).toBe(2756);
    expect(r.cost!).toBeGreaterThanOrEqual(2756 - 2340);
    expect(r.ok, r.why).toBe(true);
  }, 120000);
  // Issue 14's target, reached by the hoist pass (a call creates only the
  // locals its path reaches) and the resident cuts (docs/bench.md,
  // "Resident variables": boot-only functions and constructors dropped
  // after boot) together.
  it("with a quarter of the pool held as ballast, the whole call still answers (25 % free at the worst moment)", async () => {
    const r = await run(680);
    expect(r.cost!).toBeGreaterThanOrEqual(2756 / 4);
    expect(r.ok, r.why).toBe(true);
  }, 120000);
});
