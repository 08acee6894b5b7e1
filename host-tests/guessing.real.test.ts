// Guessing on the real interpreter (docs/protocol.md, "Guessing"): the
// waits of failures in a row (each answer waited for with a deadline, and
// not before its wait), a lockout reaching the backup modem's SMC over a
// real link, and a redial during a failure's wait refused.
import { afterEach, describe, expect, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { wireModem, wireModems, RealModemRig } from "../host/dut/realModem";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { loadBoard } from "../host/dut/virtualDut";
import { realSuiteGate, waitFor } from "../host/real";
import { guessingScenarios } from "./scenarios/guessing";
import { PASSWORD, UNIT_FAST, USER } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";
import { terminalOf } from "./support/realTerminal";

const gate = realSuiteGate();

scenarioSuite("failed AUTHs wait, one SMC at a terminal (dist/linux.js on the real interpreter)", guessingScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);

describe.skipIf(!gate.run)("the site's lockout on real interpreters", () => {
  let site: (SiteDut & { boards?: unknown }) | undefined;
  let dut: Awaited<ReturnType<typeof realDut>> | undefined;
  let rig: RealModemRig | undefined;
  afterEach(async () => {
    rig?.stop();
    await site?.close();
    await dut?.close();
    site = dut = rig = undefined;
  });

  /** Two SMCs, each with a modem on one line (SMC 2's a backup, answering at the second ring), both ready. */
  async function backupSite() {
    const board = loadBoard("linux");
    const pin = (role: string) => Number(board.pins[role].slice(1));
    const s = await realSite({ size: 2, ring: false, t: { ringSilenceMs: 4000, lockoutMs: 90000 }, hayes: { 0: { answerRings: 1 }, 1: { answerRings: 2, primaryId: 1 } } });
    site = s;
    const r = wireModems(s.boards.map((b) => ({ board: b, pins: { ri: pin("ri"), dcd: pin("dcd"), dtr: pin("dtr") } })));
    rig = r;
    for (const u of [0, 1]) await s.waitConsole(u, "MODEM ready", 10000);
    await s.waitConsole(1, "LINK B up, neighbour 1", 10000);
    const t = terminalOf(r);
    /** The primary SMC dies; the caller dials again and the line rings on to the backup, whose SMC refuses the right password. */
    const ringOnToBackup = async () => {
      await s.kill(0);
      await s.waitConsole(1, "LINK B down", 10000);
      r.terminal.clear();
      r.dial();
      await t.until("CONNECT 9600\r\n", 30000);
      expect(r.siteModems[1].answeredAtRing).toBe(2);
      await t.say("AUTH admin pw-2", "ERR 8 locked out\r\n");
    };
    return { s, r, ringOnToBackup, ...t };
  }

  it("a lockout at the primary reaches the backup modem's SMC: the call the backup answers refuses its right password", async () => {
    const { s, r, until, say, ringOnToBackup } = await backupSite();
    r.dial();
    await until("CONNECT 9600\r\n", 20000);
    expect(r.siteModems[0].answeredAtRing).toBe(1);
    await s.waitConsole(0, "CALL connected at 9600", 5000);
    for (const guess of ["a", "b", "c"]) await say(`AUTH admin ${guess}`, "ERR 7 authentication failed\r\n");
    await s.waitConsole(1, "AUTH lockout heard: ", 5000);
    // The caller hangs up; the primary SMC dies; the line rings on to the backup.
    r.consoleModem.lineLost();
    await s.waitConsole(0, "CALL ended: carrier lost", 5000);
    await ringOnToBackup();
    await s.waitConsole(1, "AUTHFAIL refused, locked out (admin) call 1", 5000);
  }, 120000);

  it("the backup modem's SMC, dead while the caller guessed, hears the lockout when it comes back: the call it answers refuses its right password", async () => {
    const { s, r, until, say, ringOnToBackup } = await backupSite();
    await s.kill(1);
    await s.waitConsole(0, "LINK A down", 10000);
    r.dial();
    await until("CONNECT 9600\r\n", 20000);
    await s.waitConsole(0, "CALL connected at 9600", 5000);
    for (const guess of ["a", "b", "c"]) await say(`AUTH admin ${guess}`, "ERR 10 unreachable\r\n");
    r.consoleModem.lineLost();
    await s.waitConsole(0, "CALL ended: carrier lost", 5000);
    await s.powerOn(1);
    // The line's end, not its start: the console is read as it comes, and a
    // wait for "heard: " once saw "AUTH lockout heard: 8" and no more.
    await s.waitConsole(1, " failures in a row", 15000);
    expect(s.console(1)).toMatch(/AUTH lockout heard: \d+ ms, 3 failures in a row/);
    await ringOnToBackup();
  }, 120000);

  it("a redial during a failure's wait is refused; once the wait is over the right password opens", async () => {
    // The first failure waits 10 s: time enough to hang up and dial again.
    dut = await realDut("linux", { ...UNIT_FAST, modem: "hayes", answerRings: 1, t: { ...UNIT_FAST.t, lockoutMs: 60000, failDelayMs: 10000 } });
    const d = dut;
    const r = wireModem(d.real, { ri: d.pinNumber("ri"), dcd: d.pinNumber("dcd"), dtr: d.pinNumber("dtr") });
    rig = r;
    const t = terminalOf(r);
    const { until, say } = t;
    const dial = () => t.dial(d);
    await d.waitConsole("MODEM ready", 10000);
    await dial();
    r.terminal.clear();
    r.terminal.write(`AUTH ${USER} wrong\r`);
    await d.waitConsole("AUTHFAIL no SMC has these credentials (admin) call 1, wait 10000 ms", 5000);
    const failedAt = Date.now();
    r.consoleModem.lineLost();
    await d.waitConsole("CALL ended: carrier lost", 5000);
    await dial();
    expect(Date.now() - failedAt).toBeLessThan(9000);
    await say(`AUTH ${USER} ${PASSWORD}`, "ERR 8 locked out\r\n");
    await d.waitConsole("AUTHFAIL refused, locked out (admin) call 2", 5000);
    // Until the documented end of the wait (10 s after the failure), then it opens.
    await waitFor(() => Date.now() >= failedAt + 10500, 15000, () => "the end of the wait");
    await say(`AUTH ${USER} ${PASSWORD}`, `ID ${UNIT_FAST.id}\r\nOK\r\n`);
  }, 90000);
});
