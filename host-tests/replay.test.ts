// The record of granted challenges (firmware/auth/replay.ts): what a
// proof replayed on a cable between SMCs meets.
import { describe, expect, it } from "vitest";
import { granted } from "../firmware/auth";

const ch = (boot: number, count: number, rnd = "abcdef") => boot.toString(16).padStart(4, "0") + count.toString(16).padStart(6, "0") + rnd;

describe("granted: a proof opens once", () => {
  it("a new challenge is granted and kept, newest first", () => {
    const r1 = granted("", 1, ch(5, 1), 100)!;
    expect(r1).toBe(`01${ch(5, 1)}:100,`);
    const r2 = granted(r1, 2, ch(5, 2), 101)!;
    expect(r2).toBe(`02${ch(5, 2)}:101,01${ch(5, 1)}:100,`);
    // A later grant of the same head's boot stands for that boot.
    expect(granted(r2, 1, ch(5, 7), 102)).toBe(`01${ch(5, 7)}:102,02${ch(5, 2)}:101,`);
  });
  it("the same challenge in another call is a replay; in the same call, still up, it is the search asked again; once that call is over, or with no call (0), a replay", () => {
    const r = granted("", 1, ch(5, 1), 100)!;
    expect(granted(r, 1, ch(5, 1), 200, true)).toBeUndefined();
    expect(granted(r, 1, ch(5, 1), 100, true)).toBe(r);
    expect(granted(r, 1, ch(5, 1), 100, false)).toBeUndefined();
    expect(granted(r, 1, ch(5, 1), 0)).toBeUndefined();
    const p = granted("", 0, ch(5, 1), 0)!;
    expect(granted(p, 0, ch(5, 1), 0)).toBeUndefined();
  });
  it("an earlier count of the same head's boot is a replay, however many grants came since", () => {
    let r = granted("", 1, ch(5, 3), 100)!;
    for (let i = 0; i < 20; i++) r = granted(r, 2, ch(9, 100 + i), 300 + i)!;
    expect(granted(r, 1, ch(5, 2, "123456"), 400)).toBeUndefined();
    expect(granted(r, 1, ch(5, 4), 401)).toBeDefined();
  });
  it("another head's counts, and a head's new boot with a lower boot count (a new board), are not refused", () => {
    const r = granted("", 1, ch(5, 9), 100)!;
    expect(granted(r, 2, ch(5, 1), 101)).toBeDefined();
    expect(granted(r, 1, ch(1, 1), 102)).toBeDefined();
  });
  it("keeps the latest grant of each of the 8 latest heads' boots", () => {
    let r = "";
    for (let i = 0; i < 12; i++) r = granted(r, i + 1, ch(1, 1), i)!;
    expect(r.split(",").filter(Boolean)).toHaveLength(8);
    expect(r.startsWith(`0c${ch(1, 1)}:11,`)).toBe(true);
    // The oldest kept is the fifth's; the first's is gone.
    expect(r).toContain(`05${ch(1, 1)}:4,`);
    expect(r).not.toContain(`01${ch(1, 1)}:0,`);
  });
});
