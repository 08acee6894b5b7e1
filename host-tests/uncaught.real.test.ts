// What the interpreter prints for an exception nobody caught in a timer,
// and that it goes on: the emulation (host/sim/emulation.ts) prints the
// same first line, so `npm start` and a test's console show what a board
// would. The same code runs in the interpreter's file mode and in the
// emulation.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBoard } from "../host/dut/virtualDut";
import { findInterpreter, loadedDeadline, realSuiteGate } from "../host/real";
import { VirtualClock } from "../host/sim/clock";
import { Emulation } from "../host/sim/emulation";
import { VirtualBoard } from "../host/sim/hardware";
import { VirtualStorage } from "../host/sim/storage";
import { takeClockErrors } from "./support/clockErrors";

const gate = realSuiteGate();

// Far apart, so that each callback runs in an event-loop pass of its own.
const CODE = [
  'setTimeout(function () { throw new Error("x"); }, 1);',
  'setTimeout(function () { console.log("after x"); }, 300);',
  'setTimeout(function () { throw "y"; }, 600);',
  'setTimeout(function () { console.log("after y"); }, 900);',
].join("\n");

/** The lines that matter: the reports and what ran after them (stack lines and prompts left out). */
function reports(out: string): string[] {
  return out
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, "")
    .split(/[\r\n]+/)
    .filter((l) => /^(Uncaught |after )/.test(l));
}

function runFile(code: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "smc-uncaught-"));
  writeFileSync(path.join(dir, "run.js"), code + "\n");
  return new Promise((resolve, reject) => {
    const p = spawn(findInterpreter().bin!, ["run.js"], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    // File mode exits when no timer is left: about a second.
    const timer = setTimeout(() => p.kill("SIGKILL"), loadedDeadline(2000));
    p.on("exit", () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve(out);
    });
    p.on("error", reject);
  });
}

function runEmulated(code: string): string {
  const clock = new VirtualClock();
  const hw = new VirtualBoard(clock, loadBoard("linux"), new VirtualStorage());
  const emu = new Emulation(hw);
  emu.run(code);
  clock.advance(1000);
  emu.stop();
  expect(() => takeClockErrors()).toThrow(/2 exception\(s\)[^]*Error: x[^]*y/);
  return hw.console.output;
}

describe.skipIf(!gate.run)("an exception nobody caught, on the real interpreter and in the emulation", () => {
  it("both print `Uncaught <value>` on the console and go on", async () => {
    const real = reports(await runFile(CODE));
    expect(real.filter((l) => l.startsWith("Uncaught "))).toEqual(["Uncaught Error: x", "Uncaught y"]);
    expect(real).toContain("after y");
    expect(reports(runEmulated(CODE))).toEqual(["Uncaught Error: x", "after x", "Uncaught y", "after y"]);
  });
});
