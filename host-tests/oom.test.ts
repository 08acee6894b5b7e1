// A command the interpreter stops for lack of memory (docs/troubleshooting.md,
// "Out of memory"): on a board its pool runs out in the middle of a handler,
// the running JavaScript stops where it is (no catch runs) and Espruino
// removes the UART receiver it was running. Before the fix the console port
// stayed "running" that command for good: no final line, every later line
// unheard. Here the interruption is raised at a read of the flash
// (host/sim/interrupt.ts: the mocked HAL and the emulation do what
// bin/espruino-original does); host-tests/oom.real.test.ts runs a real one.
import { describe, expect, it } from "vitest";
import { virtualDut, type VirtualDut } from "../host/dut/virtualDut";
import { TICK_MS } from "../firmware/app/unit";
import { echoOf } from "./support/echo";
import { login, typed, UNIT } from "./scenarios/common";
import { framed, reply } from "./scenarios/consolePort";

/** The next read of a file `match` accepts runs out of memory, once. */
function interruptNext(dut: VirtualDut, match: (name: string) => boolean): void {
  const storage = dut.unit.hw.storage;
  storage.interrupt = (name) => {
    if (!match(name)) return false;
    storage.interrupt = undefined;
    return true;
  };
}

const lines = (...l: string[]) => l.map((x) => x + "\r\n").join("");

for (const backend of ["ts", "emu"] as const) {
  describe(`a command stopped out of memory (${backend === "ts" ? "TypeScript sources, mocked HAL" : "dist/linux.js in the emulation"})`, () => {
    it("LOG stopped midway ends ERR 17 out of memory at the next tick; a line typed meanwhile runs next; the record and DIAG's count say so", async () => {
      const dut = virtualDut(backend, "linux", UNIT);
      try {
        await login(dut);
        dut.clear("modem");
        interruptNext(dut, (name) => name.startsWith("evlog"));
        dut.send("modem", "LOG\r");
        await dut.waitConsole("Execution Interrupted", 1000);
        expect(dut.console()).toContain("ERROR: Error processing Serial data handler - removing it.");
        // Typed while the port's receiver is gone: the interpreter holds it.
        await dut.pause(100);
        dut.send("modem", "POWER STATE\r");
        await dut.pause(100);
        expect(dut.text("modem")).toBe("LOG\r\n");
        // At the tick (every TICK_MS): the final line, then the held line runs.
        await dut.waitFor("modem", "OK\r\n", TICK_MS + 500);
        expect(dut.text("modem")).toBe("LOG\r\n" + lines("ERR 17 out of memory", "POWER STATE", "POWER OFF", "OK"));
        const log = await typed(dut, "LOG");
        expect(log).toMatch(/\r\nLOG \d+ \d+ MEMORY interrupted \(CALLBACK,LOW_MEMORY,MEMORY\), the command running ended ERR 17\r\n/);
        const diag = await typed(dut, "DIAG");
        expect(diag).toContain("\r\nDIAG MEMORY ok not measured in the simulation, interrupted since boot: 1\r\n");
        // Nothing left set: a framed request too is answered at once.
        const got = await typed(dut, "POWER STATE");
        expect(got).toBe(lines("POWER STATE", "POWER OFF", "OK"));
      } finally {
        await dut.close();
      }
    });

    it("a framed LOG so stopped: ERR 17 with its seq, kept: its retry is answered the same, not run again", async () => {
      const dut = virtualDut(backend, "linux", UNIT);
      try {
        await login(dut);
        dut.clear("modem");
        interruptNext(dut, (name) => name.startsWith("evlog"));
        dut.send("modem", framed("5", "LOG") + "\r");
        await dut.waitFor("modem", "\r\n", TICK_MS + 500);
        expect(dut.text("modem")).toBe(reply("5", "ERR 17 out of memory"));
        dut.clear("modem");
        // Were it run again, this read would run out once more.
        interruptNext(dut, (name) => name.startsWith("evlog"));
        dut.send("modem", framed("5", "LOG") + "\r");
        await dut.waitFor("modem", "\r\n", 1000);
        expect(dut.text("modem")).toBe(reply("5", "ERR 17 out of memory"));
        // Not run: the log was not read.
        expect(dut.unit.hw.storage.interrupt).toBeDefined();
        dut.unit.hw.storage.interrupt = undefined;
      } finally {
        await dut.close();
      }
    });

    it("AUTH stopped while reading the accounts ends ERR 17 and grants nothing; AUTH again logs in", async () => {
      const dut = virtualDut(backend, "linux", UNIT);
      try {
        const auth = `AUTH ${"admin"} ${"s3cret-pass"}`;
        interruptNext(dut, (name) => !name.startsWith("evlog") && name !== "smc.boot");
        dut.send("modem", auth + "\r");
        await dut.waitFor("modem", "out of memory\r\n", TICK_MS + 500);
        expect(dut.text("modem")).toBe(echoOf(auth) + "\r\n" + lines("ERR 17 out of memory"));
        expect(await typed(dut, "POWER STATE")).toBe(lines("POWER STATE", "ERR 6 not authenticated"));
        expect(await typed(dut, auth)).toBe(echoOf(auth) + "\r\n" + lines("ID 7", "OK"));
      } finally {
        await dut.close();
      }
    });

    it("stopped in a timer, no command running: nothing on the console port, the record and the count only", async () => {
      const dut = virtualDut(backend, "linux", UNIT);
      try {
        await login(dut);
        dut.clear("modem");
        // The idle time-out's LOGOUT record, written from its timer, runs out.
        interruptNext(dut, (name) => name.startsWith("evlog"));
        await dut.pause(dut.config.t.idleMs + TICK_MS + 100);
        expect(dut.console()).toContain("Execution Interrupted during event processing.");
        expect(dut.text("modem")).toBe("");
        await login(dut);
        const log = await typed(dut, "LOG");
        expect(log).toMatch(/\r\nLOG \d+ \d+ MEMORY interrupted \(LOW_MEMORY,MEMORY\)\r\n/);
        expect(await typed(dut, "DIAG")).toContain("\r\nDIAG MEMORY ok not measured in the simulation, interrupted since boot: 1\r\n");
      } finally {
        await dut.close();
      }
    });
  });
}
