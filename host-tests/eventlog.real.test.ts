// Power cuts (SIGKILL) while the real interpreter writes its event log:
// every record a console read before a cut is read after it, unchanged, the
// records of commands that answered before the cut are there, and the
// numbers run on without a gap or a repeat. (Read with LOG, as a console
// reads it: after a cut in the middle of a Storage compaction the tests'
// flash-image reader, host/real/storageFile.ts, can take a stale copy of a
// file that the interpreter itself does not.)
import { describe, expect, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import type { Dut } from "../host/dut/dut";
import { login, typed, UNIT_FAST } from "./scenarios/common";
import { noise } from "./support/noise";

const gate = realSuiteGate();
const CUTS = Number(process.env.LOG_CUTS ?? 20);

/** Every kept record, walking LOG pages by <next> from record 1. */
async function walk(dut: Dut): Promise<string[]> {
  const out: string[] = [];
  let from = 1;
  for (let pages = 0; pages < 40; pages++) {
    const lines = (await typed(dut, `LOG ${from} 20`, undefined, 15000)).split("\r\n").slice(1, -2);
    const m = /^LOG (\d+) of \d+$/.exec(lines[lines.length - 1] ?? "");
    if (!m) throw new Error("no LOG summary line in " + JSON.stringify(lines));
    const body = lines.slice(0, -1).map((l) => l.slice(4));
    if (!body.length) return out;
    out.push(...body);
    from = Number(m[1]);
  }
  throw new Error("LOG pages never ended");
}

describe.skipIf(!gate.run)("power cuts while the event log is written (real interpreter)", () => {
  it("cuts at seeded moments during RESETs and CONFIG writes: nothing written before a cut is lost, numbering has no gap", async () => {
    const dut = await realDut("linux", UNIT_FAST);
    const rand = noise(1207);
    try {
      let seen: string[] = [];
      for (let cut = 0; cut <= CUTS; cut++) {
        await dut.waitConsole("BOOT SMC 7", 15000);
        await login(dut);
        const now = await walk(dut);
        const what = `after cut ${cut}: ${now.length} records, ${seen.length} read before`;
        // Everything read before the cut is there, byte for byte, and so are
        // the 3 RESETs that answered OK before it.
        expect(now.slice(0, seen.length), what).toEqual(seen);
        if (cut > 0) expect(now.slice(seen.length).filter((r) => / RESET commanded$/.test(r)).length, what).toBeGreaterThanOrEqual(3);
        const numbers = now.map((r) => Number(r.split(" ")[0]));
        expect(numbers, what).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0] + i));
        expect(numbers[0], what).toBe(1);
        seen = now;
        if (cut === CUTS) break;
        for (let i = 0; i < 3; i++) await typed(dut, "RESET");
        // The next command's records are written as its line arrives (a
        // CONFIG write also rewrites a configuration slot, and now and then
        // makes Storage compact): the cut comes at a seeded moment around
        // them (injection timing, not a wait for a result).
        dut.send("modem", cut % 2 ? "RESET\r" : `CONFIG RINGS ${2 + (cut % 5)}\r`);
        await new Promise((r) => setTimeout(r, rand.int(40)));
        await dut.real.powerOff();
        await dut.real.powerOn();
      }
    } finally {
      await dut.close();
    }
  }, 300000);
});
