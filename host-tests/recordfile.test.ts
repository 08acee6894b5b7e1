// The event log's record file: a bounded ring in flash that survives a
// power cut in the middle of a write.
import { describe, expect, it } from "vitest";
import { storeOver } from "../firmware/hal/recordFile";

function flash() {
  const files = new Map<string, string>();
  return {
    files,
    store: storeOver({ read: (n) => files.get(n), write: (n, t) => (files.set(n, t), true), erase: (n) => void files.delete(n) }),
  };
}

describe("the record ring", () => {
  it("keeps the newest 256 records in 8 files, numbered from the first ever", () => {
    const { files, store } = flash();
    for (let i = 0; i < 300; i++) store.append("log", "r" + i);
    expect(store.recordCount("log")).toBe(300);
    expect(store.firstRecord("log")).toBe(64);
    expect([...files.keys()].length).toBe(8);
    expect(store.records("log", 0, 3)).toEqual(["r64", "r65", "r66"]);
    expect(store.records("log", 290, 20)).toEqual(["r290", "r291", "r292", "r293", "r294", "r295", "r296", "r297", "r298", "r299"]);
    expect(store.records("log", 100, 2)).toEqual(["r100", "r101"]);
  });
  it("a write cut off by a power failure loses at most the record being written", () => {
    const { files, store } = flash();
    for (let i = 0; i < 40; i++) store.append("log", "r" + i);
    const last = [...files.entries()].find(([, t]) => t.startsWith("#1\n"))!;
    files.set(last[0], last[1].slice(0, -2));
    expect(store.recordCount("log")).toBe(39);
    store.append("log", "after");
    expect(store.records("log", 37, 5)).toEqual(["r37", "r38", "after"]);
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
    const halClock = { now: () => clock.now(), after: () => 0, cancel: () => undefined, every: () => 0, cancelEvery: () => undefined };
    const log = new EventLog(store, halClock, (l) => echoed.push(l));
    for (let i = 0; i < 100; i++) log.add("INPUT", "flap " + i);
    expect(store.recordCount("evlog")).toBe(30);
    expect(echoed.length).toBe(100);
    clock.advance(4000);
    log.add("INPUT", "flap 100");
    // Timestamps are ms since boot (the log was made at 1 ms).
    expect(store.records("evlog", 30, 5)).toEqual(["31 4000 LOG 70 events not written (rate limit)", "32 4000 INPUT flap 100"]);
    expect(files.size).toBe(1);
  });
});
