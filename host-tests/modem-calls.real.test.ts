// modem-calls.test.ts on the real interpreter: the STM32 boards' bundles
// in turn, each booted from Storage on its board's pool
// (host/dut/suiteBinary.ts), UART1 and RI/DCD/DTR wired to a simulated modem and phone line in
// real time (Japanese cadence: a ring cycle every 3 s). Waits are for bytes
// and console lines with deadlines; the only pauses are the guard silences a
// "+++" needs and a caller's pause before redialling.
import { afterEach, describe, expect, it } from "vitest";
import { realDut, RealDut } from "../host/dut/realDut";
import { wireModem, wireModems, RealModemRig } from "../host/dut/realModem";
import { realSite } from "../host/dut/realSite";
import { suiteBinary } from "../host/dut/suiteBinary";
import { realSuiteGate, waitFor } from "../host/real";
import { USER, PASSWORD, UNIT_FAST } from "./scenarios/common";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup, unitBoard } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
/** The single-unit tests' boards, in turn. */
let turn = 0;
const nextBoard = () => unitBoard(turn++);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** UNIT_FAST, but an authenticated call may pause longer than its 1.5 s idle time-out. */
const T = { ...UNIT_FAST.t, idleMs: 60000 };

function ringLines(console: string): string[] {
  return console
    .split(/\r?\n/)
    .filter((l) => l.split(" ")[2] === "RING")
    .map((l) => l.split(" ").slice(3).join(" "));
}

describe.skipIf(!run)(`a call's end and the modem's own state on the real interpreter (${BINARIES_TITLE})`, () => {
  let dut: RealDut | undefined;
  let rig: RealModemRig | undefined;
  let site: Awaited<ReturnType<typeof realSite>> | undefined;
  afterEach(async () => {
    rig?.stop();
    await dut?.close();
    await site?.close();
    dut = rig = site = undefined;
  });

  const until = (text: () => string, needle: string, ms: number) => waitFor(() => text().includes(needle), ms, () => `${JSON.stringify(needle)} in ${JSON.stringify(text())}`);

  async function unit(board: string, settings: Record<string, unknown>): Promise<{ dut: RealDut; rig: RealModemRig; term: () => string }> {
    dut = await realDut(board, { ...UNIT_FAST, modem: "hayes", ...settings, t: { ...T, ...(settings.t as object) } }, undefined, { bootBin: suiteBinary(board).path });
    rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") });
    await dut.waitConsole("MODEM ready", 10000);
    return { dut, rig, term: () => rig!.terminal.text };
  }

  async function call(r: RealModemRig, ms = 20000): Promise<void> {
    r.terminal.clear();
    r.dial();
    await until(() => r.terminal.text, "CONNECT 9600\r\n", ms);
    r.terminal.clear();
  }

  async function say(r: RealModemRig, line: string, final: string, ms = 8000): Promise<string> {
    r.terminal.clear();
    r.terminal.write(line + "\r");
    await until(() => r.terminal.text, final, ms);
    return r.terminal.text;
  }

  // Issue 12, item 1, as it was seen on real interpreters.
  const chain = linksLineup(3, false, 1);
  it("lines queued behind a running command die with the call: no RESET after the hang-up, the next call not authenticated" + lineupTitle(chain), async () => {
    site = await realSite({ size: 3, ring: false, t: T, hayes: { 0: { answerRings: 1 } } }, { boards: chain });
    rig = wireModems([{ board: site.boards[0], pins: { ri: site.pinNumber(0, "ri"), dcd: site.pinNumber(0, "dcd"), dtr: site.pinNumber(0, "dtr") } }]);
    await site.waitConsole(0, "MODEM ready", 10000);
    await site.waitConsole(0, "LINK A up", 10000);
    await site.waitConsole(2, "LINK B up", 10000);
    // SMC 1's server is on: POWER OFF holds the button, then waits for power-good.
    site.setInput(0, "powerGood", true);
    await call(rig);
    expect(await say(rig, "AUTH admin pw-1", "OK\r\n")).toBe("AUTH admin ****\r\nID 1\r\nOK\r\n");
    rig.terminal.clear();
    rig.terminal.write("POWER OFF\rAUTH admin pw-3\r@3 RESET\r");
    // Every line queued (its echo back) behind the running POWER OFF: the carrier goes.
    await until(() => rig!.terminal.text, "@3 RESET\r\n", 3000);
    rig.consoleModem.lineLost();
    await site.waitConsole(0, "CALL ended: carrier lost", 5000);
    // The POWER OFF ends (power-good never falls) with nobody on the line.
    await site.waitConsole(0, "POWER OFF failed", T.holdMs! + T.powerGoodMs! + 5000);
    await call(rig);
    expect(await say(rig, "STATUS", "ERR 6 not authenticated\r\n")).toBe("STATUS\r\nERR 6 not authenticated\r\n");
    expect(await say(rig, "@3 STATUS", "ERR 6 not authenticated\r\n")).toBe("@3 STATUS\r\nERR 6 not authenticated\r\n");
    expect(site.console(2)).not.toContain("RESET commanded");
    expect(site.console(2)).not.toContain("AUTH granted");
  }, 60000);

  // Issue 12 item 8 and issue 13: the modem's NO CARRIER was run as a
  // command, its ERROR spoiled the hang-up, and the redial lost rings.
  {
    const board = nextBoard();
    it(`a caller's hang-up is clean: NO CARRIER is not console input, no +++, and an immediate redial is answered on its 2nd ring [${board}]`, async () => {
      const { dut, rig } = await unit(board, { answerRings: 2 });
      await call(rig);
      const before = rig.siteModem.commands.length;
      rig.consoleModem.hangup(false);
      await dut.waitConsole("CALL ended: carrier lost", 5000);
      await call(rig);
      expect(rig.siteModem.answeredAtRing).toBe(2);
      expect(rig.siteModem.commands.slice(before)).toEqual(["AT", "ATA"]);
      expect(dut.console()).not.toMatch(/MODEM (no OK|DTR)/);
    }, 40000);
  }

  {
    const board = nextBoard();
    it(`a caller's +++ between pauses changes nothing, and the site modem's escape is off [${board}]`, async () => {
      const { rig } = await unit(board, { answerRings: 1 });
      expect(rig.siteModem.sreg(2)).toBe(128);
      rig.terminal.write("ATS2=128\r");
      await until(() => rig.terminal.text, "OK\r\n", 2000);
      await call(rig);
      expect(await say(rig, `AUTH ${USER} ${PASSWORD}`, "OK\r\n")).toBe(`AUTH ${USER} ${"*".repeat(String(PASSWORD).length)}\r\nID 7\r\nOK\r\n`);
      rig.terminal.clear();
      await sleep(1500);
      rig.terminal.write("+++");
      await sleep(1500);
      expect(rig.terminal.text).toBe("");
      expect(await say(rig, "", "ERR 1 unknown command\r\n")).toBe("+++\r\nERR 1 unknown command\r\n");
      expect(await say(rig, "POWER STATE", "OK\r\n")).toBe("POWER STATE\r\nPOWER OFF\r\nOK\r\n");
    }, 40000);
  }

  {
    const board = nextBoard();
    it(`a call that never authenticates is hung up after t.unauthMs [${board}]`, async () => {
      const { dut, rig, term } = await unit(board, { answerRings: 1, t: { unauthMs: 3000 } });
      await call(rig);
      expect((await say(rig, "HELP", "BYE\r\nOK\r\n")).startsWith("HELP\r\nHELP\r\n")).toBe(true);
      await until(term, "NO CARRIER\r\n", 10000);
      await dut.waitConsole("CALL ended: not authenticated", 2000);
    }, 30000);
  }

  {
    const board = nextBoard();
    it(`a caller who hangs up at ring 2 and redials is a new call; the health check does not restart the count [${board}]`, async () => {
      const { dut, rig } = await unit(board, { answerRings: 3, t: { healthMs: 1000 } });
      rig.dial();
      await dut.waitConsole("RING 2", 10000);
      rig.consoleModem.hangup(false);
      // 2 s: inside the ring silence (8 s), off the 3 s cadence.
      await sleep(2000);
      await call(rig);
      expect(rig.siteModem.answeredAtRing).toBe(3);
      expect(ringLines(dut.console())).toEqual(["1", "2", "1", "2", "3"]);
    }, 40000);
  }
});
