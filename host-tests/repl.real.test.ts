// Issue 16, "The REPL": nothing on any UART reaches the interpreter's REPL,
// in any state, on the real interpreter. Each case sends on every UART a
// statement that would raise a pin nobody else drives (D20), plain and
// with the prefixes the REPL knows (Ctrl-C, Ctrl-P for echo off), and one
// that would move the console onto that UART first; the pin must stay low.
// The positive control, the same statement on the REPL's own console
// (standard input, the board's USB), raises it: so the REPL was there and
// alive all along, and the test can fail.
//
// Cases: the boot (bytes from the moment the process starts, before and
// while the firmware runs); after an uncaught exception in a timer; after
// CONFIG REBOOT (the process ends, its supervisor starts it again); after
// a reset without warning. The Linux build cannot model a watchdog reset:
// its E.enableWatchdog does nothing (targets/linux/jshardware.c has an
// empty jshEnableWatchDog), and the board file says "watchdog": false. To
// the firmware a watchdog reset is a reset with no clean mark, the same as
// a power cut (app/smc.ts: "power cut or watchdog"): a SIGKILL and a new
// start on the same flash stands in for it, and the boot record says so.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { boardBytesPath } from "../host/build/build";
import { loadBoard } from "../host/dut/virtualDut";
import { unitSlot } from "../host/flash/units";
import { realDut, RealDut } from "../host/dut/realDut";
import { boardBinary, RealBoard, realSuiteGate, startRealBoard, waitFor } from "../host/real";
import { UNIT } from "./scenarios/common";

const gate = realSuiteGate();

/** A pin the firmware does not use: only an evaluated statement can raise it. */
const WATCHED = 20;
const STMT = `digitalWrite(D${WATCHED},1)`;
const PROBES = [
  STMT + "\r",
  "\x03" + STMT + "\r",
  "\x10" + STMT + "\r",
  "\x03\x10" + STMT + "\n",
  // Were the REPL there, these would first move it onto the UART they came from.
  "\r\x10E.setConsole(Serial1,{force:true});" + STMT + "\r",
  "\rSerial2.setConsole();Serial3.setConsole();" + STMT + "\r",
];
const UARTS = [1, 2, 3];
const PASSWORD = "repl-pw-7";

describe.skipIf(!gate.run)("the REPL is unreachable from every UART (real interpreter, Linux board)", () => {
  let board: RealBoard | undefined;
  let sampler: ReturnType<typeof setInterval> | undefined;
  let rose = false;
  afterEach(async () => {
    clearInterval(sampler);
    await board?.kill();
    board = undefined;
  });

  async function boot(): Promise<RealBoard> {
    const linux = loadBoard("linux");
    const b = await startRealBoard({
      bundle: readFileSync(boardBytesPath("linux"), "latin1"),
      files: { "smc.a": unitSlot({ name: "pi", board: "linux", port: "tcp://pi:2323", id: 7, user: "admin", passwordEnv: "PW", modem: "direct" }, { PW: PASSWORD }) },
      uarts: UARTS,
      pins: [...Object.values(linux.pins).map((p) => Number(p.slice(1))), WATCHED],
      supervise: true,
    });
    board = b;
    // Every few ms, so a pin raised and lowered again is seen too.
    rose = false;
    sampler = setInterval(() => {
      if (b.readPin(WATCHED) === 1) rose = true;
    }, 2);
    return b;
  }

  const probeAll = (b: RealBoard) => {
    for (const n of UARTS) for (const p of PROBES) b.uart(n).write(p);
  };

  /** Probes every UART, again and again, until `done` holds (a boot seen) and a little after. */
  async function probeUntil(b: RealBoard, done: () => boolean, what: () => string): Promise<void> {
    const t = setInterval(() => probeAll(b), 25);
    try {
      // A raised pin ends the wait at once: a REPL on a UART may also keep the SMC from booting.
      await waitFor(() => rose || done(), 15000, what);
      expect(rose, "a statement sent on a UART raised the pin").toBe(false);
      // The firmware past its boot: a few more rounds at the running SMC.
      for (let i = 0; i < 10; i++) {
        probeAll(b);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      clearInterval(t);
    }
  }

  async function ask(b: RealBoard, line: string, want: string): Promise<void> {
    const modem = b.uart(1);
    modem.clear();
    modem.write(line + "\r");
    await waitFor(() => modem.received().toString("latin1").includes(want), 10000, () => `${JSON.stringify(want)} after ${line}; got ${JSON.stringify(modem.received().toString("latin1"))}`);
  }

  /**
   * The SMC answered the modem after every probe (its bytes were read and
   * refused), the pin never rose; then the console's REPL raises it.
   */
  async function expectUnreachedThenControl(b: RealBoard): Promise<void> {
    await ask(b, "STATUS", "ERR 6 not authenticated\r\n");
    // The links answer nothing to a REPL line: no echo, no prompt, no "=".
    for (const n of [2, 3]) expect(b.uart(n).received().toString("latin1")).not.toMatch(/[=>]|digitalWrite/);
    expect(b.console()).not.toMatch(/digitalWrite|Uncaught SyntaxError|=undefined/);
    expect(rose).toBe(false);
    expect(b.readPin(WATCHED)).toBe(0);
    await b.evaluate(`${STMT},"raised"`);
    await waitFor(() => b.readPin(WATCHED) === 1, 5000, "the positive control: the console's REPL raises the pin");
  }

  it("at boot: bytes on every UART from the moment the process starts", async () => {
    const b = await boot();
    await probeUntil(b, () => /BOOT SMC 7 linux[^\n]*\n/.test(b.console()), () => "the boot; console: " + JSON.stringify(b.console()));
    await expectUnreachedThenControl(b);
  }, 60000);

  it("after an uncaught exception in a timer", async () => {
    const b = await boot();
    await waitFor(() => /BOOT SMC 7 linux[^\n]*\n/.test(b.console()), 15000, () => "the boot; console: " + JSON.stringify(b.console()));
    await b.evaluate('setTimeout(function(){throw new Error("boom");},50),"armed"');
    await probeUntil(b, () => b.console().includes("Uncaught Error: boom"), () => "the exception; console: " + JSON.stringify(b.console()));
    await expectUnreachedThenControl(b);
  }, 60000);

  it("after CONFIG REBOOT: while the process ends, starts again and boots", async () => {
    const b = await boot();
    await waitFor(() => /BOOT SMC 7 linux[^\n]*\n/.test(b.console()), 15000, () => "the boot; console: " + JSON.stringify(b.console()));
    await ask(b, "AUTH admin " + PASSWORD, "ID 7\r\nOK\r\n");
    await ask(b, "CONFIG REBOOT", "OK\r\n");
    await probeUntil(b, () => b.restarts === 1 && /boot 2 after commanded reboot[^\n]*\n/.test(b.console()), () => "the boot after CONFIG REBOOT; console: " + JSON.stringify(b.console()));
    await expectUnreachedThenControl(b);
  }, 60000);

  it("after a reset without warning (what stands in for a watchdog reset here)", async () => {
    const b = await boot();
    await waitFor(() => /BOOT SMC 7 linux[^\n]*\n/.test(b.console()), 15000, () => "the boot; console: " + JSON.stringify(b.console()));
    await b.powerCycle();
    await probeUntil(b, () => /boot 2 after power cut or watchdog[^\n]*\n/.test(b.console()), () => "the boot after the reset; console: " + JSON.stringify(b.console()));
    await expectUnreachedThenControl(b);
  }, 60000);

  // The Original's own bundle on its board-layout binary (its 2,756-variable
  // pool, its pins aliased onto D pins by realDut): the smallest board, where
  // a console left on Serial1 (the modem) would face the phone line.
  it.skipIf(!boardBinary("espruino-original"))("the Original's bundle on its board-layout binary, at boot", async () => {
    let dut: RealDut | undefined;
    try {
      dut = await realDut("original", UNIT, undefined, { bootBin: boardBinary("espruino-original"), pins: [WATCHED] });
      const d = dut;
      rose = false;
      sampler = setInterval(() => {
        if (d.real.readPin(WATCHED) === 1) rose = true;
      }, 2);
      await probeUntil(d.real, () => d.console().includes("BOOT SMC"), () => "the boot; console: " + JSON.stringify(d.console()));
      d.clear("modem");
      d.send("modem", "STATUS\r");
      await d.waitFor("modem", "ERR 6 not authenticated\r\n", 10000);
      expect(d.console()).not.toMatch(/digitalWrite|=undefined/);
      expect(rose).toBe(false);
      await d.evaluate(`${STMT},"raised"`);
      await waitFor(() => d.real.readPin(WATCHED) === 1, 5000, "the positive control: the console's REPL raises the pin");
    } finally {
      await dut?.close();
    }
  }, 60000);
});
