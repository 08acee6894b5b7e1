// RealBoard.evaluate, the harness's one way to ask the real interpreter's
// REPL a figure (host/bench reads memory with it), when the REPL's input
// line is not what evaluate expects: the Linux build's standard input now
// and then loses a byte under load (host/real/board.ts), and a lost Ctrl-P,
// Enter or bracket leaves the REPL echoing a line or holding half of one.
// bundles.real's fit figures read NaN in the full suite: an echoed line
// was taken for the answer. Each case leaves the REPL in such a state by
// typing a half line first, then asks; the answer must be exact.
import { afterEach, describe, expect, it } from "vitest";
import { RealBoard, realSuiteGate, startRealBoard } from "../host/real";

const gate = realSuiteGate();

describe.skipIf(!gate.run)("evaluate() on the real interpreter's REPL", () => {
  let board: RealBoard | undefined;
  afterEach(async () => {
    await board?.kill();
    board = undefined;
  });
  const start = async () => {
    board = await startRealBoard({ bundle: "var booted=1;", uarts: [], pins: [], boot0Extra: "var wired=1;" });
    // The REPL answers: what follows starts from a clean line.
    expect(await board.evaluate("booted+1")).toBe("2");
    return board;
  };

  it("a line the REPL echoes (its Ctrl-P not at a line's start) is not taken for the answer", async () => {
    const b = await start();
    // The REPL holds "1+": the Ctrl-P that follows does not turn echo off, and the asking line is echoed before it runs.
    b.typeConsole("1+");
    expect(await b.evaluate("6*7", 6000)).toBe("42");
  }, 30000);

  it("a half line in an open bracket is erased by the retry, not added to", async () => {
    const b = await start();
    // Every line after "(" only extends it while the bracket stays open: the first try never answers.
    b.typeConsole("(");
    expect(await b.evaluate("6*7", 3000)).toBe("42");
    // And the REPL is clean afterwards.
    expect(await b.evaluate('"a"+"b"', 3000)).toBe("ab");
  }, 40000);

  it("an answer that is not what `valid` says is retried, then refused", async () => {
    const b = await start();
    await expect(b.evaluate('"12 x"', 3000, undefined, /^\d+ \d+$/)).rejects.toThrow(/is "12 x", not/);
    expect(await b.evaluate('12+" "+34', 3000, undefined, /^\d+ \d+$/)).toBe("12 34");
  }, 40000);
});
