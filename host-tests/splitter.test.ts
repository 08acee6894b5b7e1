// The pass-through splitter (firmware/passthrough/splitter.ts): which SMC a
// line belongs to, and how long its first bytes are held before the next
// SMC gets them. Fed one byte at a time, as a person types.
import { describe, expect, it } from "vitest";
import { LineSplitter } from "../firmware/passthrough/splitter";

/** Feeds `line` byte by byte into SMC `id`'s splitter; returns, per byte fed, what had gone on to the next SMC so far. */
function typed(id: number, line: string, own = "") {
  const mine: string[] = [];
  let theirs = "";
  const s = new LineSplitter(id, { mine: (b) => mine.push(b), theirs: (b) => (theirs += b), ownAuth: (l) => l === own });
  const progress: string[] = [];
  for (const ch of line) {
    s.feed(ch);
    progress.push(theirs);
  }
  return { progress, theirs, mine: mine.join("") };
}

describe("the pass-through splitter", () => {
  it("passes a line for an SMC further on as soon as its ID cannot be this one's", () => {
    // SMC 5 knows at "@3" that the line is not its own.
    expect(typed(5, "@32 STATUS\r").progress.slice(0, 3)).toEqual(["", "@3", "@32"]);
    // SMC 3 holds "@3" one byte longer: "@32" is not "@3".
    expect(typed(3, "@32 STATUS\r").progress.slice(0, 3)).toEqual(["", "", "@32"]);
    expect(typed(3, "@32 STATUS\r").theirs).toBe("@32 STATUS\r");
  });

  it("keeps a line naming this SMC, and the next SMC sees none of it", () => {
    const r = typed(3, "@3 RESET\r");
    expect(r.theirs).toBe("");
    expect(r.mine).toBe("@3 RESET\r");
  });

  it("passes a line without a target at its first byte that cannot start AUTH", () => {
    expect(typed(3, "STATUS\r").progress[0]).toBe("S");
    expect(typed(3, "ADMIN\r").progress.slice(0, 3)).toEqual(["", "AD", "ADM"]);
  });

  it("holds an AUTH whole, then keeps it if the credentials are this SMC's, else passes it on whole", () => {
    const other = typed(3, "AUTH admin pw-9\r", "AUTH admin pw-3");
    expect(other.progress.slice(0, -1).every((p) => p === "")).toBe(true);
    expect(other.theirs).toBe("AUTH admin pw-9\r");
    const own = typed(3, "auth admin pw-3\r", "auth admin pw-3");
    expect(own.theirs).toBe("");
    expect(own.mine).toBe("auth admin pw-3\r");
  });

  it("holds a framed line's seq until the first word is whole; pluses go on at once", () => {
    const framed = typed(5, "!12 @3 STATUS*ABCD\r");
    expect(framed.progress.slice(0, 5)).toEqual(["", "", "", "", ""]);
    expect(framed.progress[5]).toBe("!12 @3");
    const pluses = typed(5, "+++\r");
    expect(pluses.progress).toEqual(["+", "++", "+++", "+++\r"]);
  });
});
