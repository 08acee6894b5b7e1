// The event log's record file: a bounded ring in flash that survives a
// power cut in the middle of a write.
import { describe, expect, it } from "vitest";
import { storeOver } from "../firmware/hal/recordFile";

/**
 * A write as Espruino's Storage.write does it: offset 0 (or none) makes a
 * new file of `size` bytes (default the text's), the rest erased (0xFF); a
 * later offset writes into that file. An append writes its tail in two such
 * parts (the lines as read, then the record at its offset).
 */
function put(files: Map<string, string>, n: string, t: string, o = 0, size?: number): boolean {
  const old = files.get(n);
  if (o > 0) {
    if (old === undefined || o + t.length > old.length) return false;
    files.set(n, old.substr(0, o) + t + old.substr(o + t.length));
  } else files.set(n, t + "\xff".repeat(Math.max(0, (size ?? t.length) - t.length)));
  return true;
}

function flash() {
  const files = new Map<string, string>();
  return {
    files,
    store: storeOver({ read: (n) => files.get(n), write: (n, t, o, sz) => put(files, n, t, o, sz), erase: (n) => void files.delete(n) }),
  };
}

// The oldest record kept: the records here end with their index ("r32",
// "record number 32"; the firmware's event log reads its oldest record's
// number from its text the same way).
function firstKept(store: { records(file: string, from: number, count: number): string[] }): number {
  const r = store.records("log", 0, 1)[0];
  return r ? Number(/\d+$/.exec(r)![0]) : 0;
}

describe("the record ring", () => {
  it("keeps at least the newest 256 records (257-288 once full), numbered from the first ever", () => {
    const { files, store } = flash();
    for (let i = 0; i < 300; i++) store.append("log", "r" + i);
    expect(store.recordCount("log")).toBe(300);
    // 8 sealed chunks (32-39 = records 32..287) and the tail (288..299).
    expect(firstKept(store)).toBe(32);
    expect([...files.keys()].sort()).toEqual(["log.0", "log.1", "log.2", "log.3", "log.4", "log.5", "log.6", "log.7", "log.t0", "log.t1"]);
    expect(store.records("log", 0, 3)).toEqual(["r32", "r33", "r34"]);
    expect(store.records("log", 290, 20)).toEqual(["r290", "r291", "r292", "r293", "r294", "r295", "r296", "r297", "r298", "r299"]);
    expect(store.records("log", 100, 2)).toEqual(["r100", "r101"]);
    // Never fewer than 256 kept, at any count past the first wrap.
    for (let i = 300; i < 700; i++) {
      store.append("log", "r" + i);
      const kept = store.recordCount("log") - firstKept(store);
      expect(kept, `after ${i + 1}`).toBeGreaterThanOrEqual(257);
      expect(kept, `after ${i + 1}`).toBeLessThanOrEqual(288);
    }
  });
  it("a write cut off by a power failure loses at most the record being written", () => {
    const { files, store } = flash();
    for (let i = 0; i < 40; i++) store.append("log", "r" + i);
    const newest = [...files.entries()].filter(([n]) => n.startsWith("log.t")).find(([, t]) => t.split("\n").length === 10)!;
    files.set(newest[0], newest[1].slice(0, -2));
    expect(store.recordCount("log")).toBe(39);
    store.append("log", "after");
    expect(store.records("log", 37, 5)).toEqual(["r37", "r38", "after"]);
  });
  it("a power cut at any byte of any write, across two wraps of the ring, loses nothing written before it", () => {
    // The flash as a board's: a cut leaves the file being written truncated
    // (0 bytes: gone, as when Storage had erased the old copy first); the
    // cut is a write that throws.
    const N = 600;
    // Count the writes a run of N appends makes, and their sizes.
    const sizes: number[] = [];
    {
      const files = new Map<string, string>();
      const s = storeOver({ read: (n) => files.get(n), write: (n, t, o, sz) => (sizes.push(t.length), put(files, n, t, o, sz)), erase: (n) => void files.delete(n) });
      for (let i = 0; i < N; i++) s.append("log", "record number " + i);
    }
    let cuts = 0;
    for (let w = 0; w < sizes.length; w += w < 300 ? 1 : 7) {
      for (const bytes of [0, 1, Math.floor(sizes[w] / 2), sizes[w] - 1]) {
        const files = new Map<string, string>();
        let writes = 0;
        const s = storeOver({
          read: (n) => files.get(n),
          write: (n, t, o, sz) => {
            if (writes++ === w) {
              // Only the first `bytes` land; a new file's rest stays erased.
              put(files, n, t.substr(0, bytes), o, o ? undefined : (sz ?? t.length));
              throw new Error("power cut");
            }
            return put(files, n, t, o, sz);
          },
          erase: (n) => void files.delete(n),
        });
        // The store takes a throwing write as a refused one (a board's full
        // flash throws): the append that met the cut answers false, and the
        // power is off from then on.
        let done = 0;
        for (; done < N; done++) {
          if (!s.append("log", "record number " + done)) {
            cuts++;
            break;
          }
        }
        // Power on again: what was appended before the cut is all there, the record being written may be.
        const after = storeOver({ read: (n) => files.get(n), write: (n, t, o, sz) => put(files, n, t, o, sz), erase: (n) => void files.delete(n) });
        const count = after.recordCount("log");
        expect(count === done || count === done + 1, `write ${w}, ${bytes} bytes: ${count} records after ${done} appends`).toBe(true);
        const first = firstKept(after);
        expect(done - first >= 256 || first === 0, `write ${w}: oldest kept ${first}`).toBe(true);
        const all: string[] = [];
        for (let at = first; at < count; at += 20) all.push(...after.records("log", at, 20));
        expect(all, `write ${w}, ${bytes} bytes`).toEqual(Array.from({ length: count - first }, (_, i) => "record number " + (first + i)));
        // And it goes on where it stopped.
        after.append("log", "next");
        expect(after.records("log", count, 1)).toEqual(["next"]);
        expect(after.recordCount("log")).toBe(count + 1);
      }
    }
    expect(cuts).toBeGreaterThan(400);
  });
  it("a flash that throws (full or worn, on a board) is a refused write: write and append answer false", () => {
    const files = new Map<string, string>();
    let full = false;
    const s = storeOver({
      read: (n) => files.get(n),
      write: (n, t, o, sz) => {
        if (full) throw new Error("Not enough free space");
        return put(files, n, t, o, sz);
      },
      erase: (n) => void files.delete(n),
    });
    expect(s.append("log", "r0")).toBe(true);
    full = true;
    expect(s.write("doc", "x")).toBe(false);
    expect(s.append("log", "r1")).toBe(false);
    full = false;
    expect(s.records("log", 0, 5)).toEqual(["r0"]);
  });
  it("an append writes the tail's lines as read and the record at its offset: no string of the whole chunk is built (docs/bench.md, True peak)", () => {
    const files = new Map<string, string>();
    const writes: Array<[string, string, number | undefined, number | undefined]> = [];
    const s = storeOver({ read: (n) => files.get(n), write: (n, t, o, sz) => (writes.push([n, t, o, sz]), put(files, n, t, o, sz)), erase: (n) => void files.delete(n) });
    for (let i = 0; i < 10; i++) s.append("log", "r" + i);
    const before = files.get("log.t1")!;
    expect(before).toBe("#0\n" + Array.from({ length: 10 }, (_, i) => "r" + i + "\n").join(""));
    writes.splice(0);
    s.append("log", "r10");
    expect(writes).toEqual([
      ["log.t0", before, 0, before.length + 4],
      ["log.t0", "r10\n", before.length, undefined],
    ]);
    expect(files.get("log.t0")).toBe(before + "r10\n");
  });
  it("erasing removes every record", () => {
    const { files, store } = flash();
    for (let i = 0; i < 70; i++) store.append("log", "r" + i);
    store.eraseRecords("log");
    expect(files.size).toBe(0);
    expect(store.recordCount("log")).toBe(0);
  });
});

describe("the event log's write rate", () => {
  it("a flapping input writes at most a burst, then one record per 2 s with a count of what was left out", async () => {
    const { EventLog } = await import("../firmware/log/eventLog");
    const { VirtualClock } = await import("../host/sim/clock");
    const clock = new VirtualClock();
    clock.advance(1);
    const { files, store } = flash();
    const echoed: string[] = [];
    const halClock = { now: () => clock.now(), after: () => 0, cancel: () => undefined, every: () => 0 };
    const log = new EventLog(store, halClock, { log: (l: string) => echoed.push(l) });
    for (let i = 0; i < 100; i++) log.add("INPUT", "flap " + i);
    expect(store.recordCount("evlog")).toBe(30);
    expect(echoed.length).toBe(100);
    clock.advance(4000);
    log.add("INPUT", "flap 100");
    // Timestamps are ms since boot (the log was made at 1 ms).
    expect(store.records("evlog", 30, 5)).toEqual(["31 4000 LOG 70 events not written (rate limit)", "32 4000 INPUT flap 100"]);
    // The two copies of the newest chunk.
    expect(files.size).toBe(2);
  });
});
