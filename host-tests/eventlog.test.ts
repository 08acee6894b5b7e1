// The event log as a console reads it: records numbered from 1, pages
// walked by <next> meet every kept record once (across the ring's wrap
// too), at least 256 kept, and a power cut in any log write loses at most
// the record being written, never a gap that does not show.
import { takeExpectedClockErrors } from "./support/clockErrors";
import { describe, expect, it } from "vitest";
import { storeOver } from "../firmware/hal/recordFile";
import { virtualDut, VirtualDut } from "../host/dut/virtualDut";
import { login, typed, UNIT } from "./scenarios/common";

/** A unit whose flash already holds `n` records (as if it had run a while), booted. */
function unitWithRecords(backend: "ts" | "emu", n: number): { dut: VirtualDut; before: number } {
  const dut = virtualDut(backend, "linux", UNIT);
  dut.unit.powerOff();
  const storage = dut.unit.hw.storage;
  for (const name of storage.list()) if (name.startsWith("evlog")) storage.erase(name);
  const store = storeOver(storage);
  for (let i = 1; i <= n; i++) store.append("evlog", `${i} 0 TEST record ${i}`);
  const before = dut.console().length;
  dut.unit.powerOn();
  return { dut, before };
}

/** Every record LOG gives, walking pages of 20 by <next> from record 1. */
async function walk(dut: VirtualDut): Promise<{ records: string[]; kept: number; next: number }> {
  const records: string[] = [];
  let from = 1;
  let kept = 0;
  for (let pages = 0; pages < 100; pages++) {
    const page = (await typed(dut, `LOG ${from} 20`)).split("\r\n").slice(1, -1);
    expect(page[page.length - 1]).toBe("OK");
    const m = /^LOG (\d+) of (\d+)$/.exec(page[page.length - 2])!;
    expect(m, page.join("|")).not.toBeNull();
    const body = page.slice(0, -2);
    for (const l of body) expect(l.startsWith("LOG ")).toBe(true);
    records.push(...body.map((l) => l.slice(4)));
    kept = Number(m[2]);
    if (!body.length) return { records, kept, next: Number(m[1]) };
    from = Number(m[1]);
  }
  throw new Error("LOG pages never ended");
}

const number = (r: string) => Number(r.split(" ")[0]);

for (const backend of ["ts", "emu"] as const) {
  describe(`LOG paging (${backend})`, () => {
    it("after 600 records: the last 10 by default, from is a record number, <next> the record after the page, every kept record once", async () => {
      const { dut } = unitWithRecords(backend, 600);
      await login(dut);
      // 600 prefilled, then BOOT and AUTH.
      const newest = 602;
      const last = (await typed(dut, "LOG")).split("\r\n").slice(1, -1);
      expect(last.slice(0, 10).map((l) => number(l.slice(4)))).toEqual(Array.from({ length: 10 }, (_, i) => newest - 9 + i));
      const summary = /^LOG (\d+) of (\d+)$/.exec(last[10])!;
      expect(Number(summary[1])).toBe(newest + 1);
      const kept = Number(summary[2]);
      expect(kept).toBeGreaterThanOrEqual(256);
      expect(kept).toBeLessThanOrEqual(288);
      // A page from record 500: records 500..519, next 520.
      const page = (await typed(dut, "LOG 500 20")).split("\r\n").slice(1, -1);
      expect(page[0]).toBe("LOG 500 0 TEST record 500");
      expect(page[19]).toBe("LOG 519 0 TEST record 519");
      expect(page[20]).toBe(`LOG 520 of ${kept}`);
      // From before the oldest kept: the page starts at the oldest.
      const all = await walk(dut);
      expect(all.records.length).toBe(kept);
      expect(all.records.map(number)).toEqual(Array.from({ length: kept }, (_, i) => newest - kept + 1 + i));
      expect(all.next).toBe(newest + 1);
      expect(await typed(dut, "LOG 0")).toBe("LOG 0\r\nERR 2 bad arguments\r\n");
      await dut.close();
    });
  });

  describe(`a power cut while the event log is written (${backend})`, () => {
    // The RESET record lands at the end of a chunk, at the start of the next
    // (the full chunk is sealed into the ring first: two writes), and where
    // the ring wraps.
    const cases: Array<{ resetAt: number; skip: number }> = [];
    for (const resetAt of [32, 33, 34, 288, 289, 290]) for (const skip of resetAt % 32 === 1 ? [0, 1] : [0]) cases.push({ resetAt, skip });
    it("at any of its bytes loses at most the record being written; numbering goes on with no gap", async () => {
      for (const { resetAt, skip } of cases) {
        // Prefilled, then BOOT and AUTH, then RESET.
        const probe = unitWithRecords(backend, resetAt - 3);
        await login(probe.dut);
        let size = 0;
        const storage = probe.dut.unit.hw.storage;
        const mark = storage.writes.length;
        await typed(probe.dut, "RESET");
        size = storage.writes.slice(mark).filter((w) => w.name.startsWith("evlog"))[skip].bytes;
        await probe.dut.close();
        for (const bytes of [0, 1, Math.floor(size / 2), size - 1]) {
          const what = `RESET as record ${resetAt}, write ${skip}, cut after ${bytes} of ${size} bytes`;
          const { dut } = unitWithRecords(backend, resetAt - 3);
          await login(dut);
          let left = skip;
          dut.unit.hw.storage.powerCut = { match: (n) => n.startsWith("evlog") && left-- <= 0, bytes, cut: () => dut.unit.powerOff() };
          dut.send("modem", "RESET\r");
          dut.clock.advance(1000);
          expect(dut.unit.hw.storage.powerCut, what).toBeUndefined();
          // The cut stops the firmware where it was, as an exception out of its handler.
          expect(takeExpectedClockErrors(/^power cut$/), what).toBeLessThanOrEqual(1);
          dut.unit.powerOn();
          await dut.waitFor("modem", () => false, 100).catch(() => undefined);
          dut.clear("modem");
          await login(dut);
          const { records, kept } = await walk(dut);
          const numbers = records.map(number);
          // Contiguous from the oldest kept to the newest: nothing lost that was written.
          expect(numbers, what).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0] + i));
          expect(kept, what).toBe(records.length);
          expect(kept, what).toBeGreaterThanOrEqual(Math.min(resetAt, 256));
          for (const r of records) if (number(r) <= resetAt - 3) expect(r, what).toBe(`${number(r)} 0 TEST record ${number(r)}`);
          expect(records.find((r) => number(r) === resetAt - 2)!, what).toMatch(/ BOOT SMC 7 /);
          expect(records.find((r) => number(r) === resetAt - 1)!, what).toMatch(/ AUTH /);
          // Then the RESET (if it landed whole), the new BOOT and AUTH.
          const after = records.filter((r) => number(r) >= resetAt).map((r) => r.split(" ")[2]);
          expect([["RESET", "BOOT", "AUTH"], ["BOOT", "AUTH"]], what).toContainEqual(after);
          await dut.close();
        }
      }
    }, 60000);
  });
}
