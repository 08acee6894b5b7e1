// The AUTH policy on the real interpreter: one SMC at a terminal, a broken
// ring and chain of processes, and the backup modem's calls.
import { afterEach, describe, expect, it } from "vitest";
import { realDut } from "../host/dut/realDut";
import { wireModem, wireModems, RealModemRig } from "../host/dut/realModem";
import { realSite } from "../host/dut/realSite";
import type { SiteDut } from "../host/dut/siteDut";
import { loadBoard } from "../host/dut/virtualDut";
import { realSuiteGate } from "../host/real";
import { authScenarios, cutInChain, deadInRing, failedAuthEndsCall } from "./scenarios/auth";
import { ask } from "./scenarios/chain";
import { PASSWORD, UNIT_FAST, USER } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";
import { terminalOf } from "./support/realTerminal";

const gate = realSuiteGate();
const FAST = { resetMs: 150, heartbeatMs: 250, linkDownMs: 900, requestMs: 4000, idleMs: 6000 };

scenarioSuite("AUTH policy, one SMC at a terminal (dist/linux.js on the real interpreter)", authScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !gate.run);

describe.skipIf(!gate.run)("AUTH policy on a broken site of real interpreters", () => {
  let site: (SiteDut & { boards?: unknown }) | undefined;
  let rig: RealModemRig | undefined;
  afterEach(async () => {
    rig?.stop();
    await site?.close();
    site = rig = undefined;
  });
  const ring = deadInRing(4, 1);
  it(`${ring.name} (process killed)`, async () => {
    site = await realSite({ size: 4, ring: true, t: FAST });
    await ring.run(site);
  }, 60000);
  const chain = cutInChain(3, 0);
  it(chain.name, async () => {
    site = await realSite({ size: 3, ring: false, t: FAST });
    await chain.run(site);
  }, 60000);
  it(failedAuthEndsCall.name, async () => {
    site = await realSite({ size: 3, ring: false, t: FAST });
    await failedAuthEndsCall.run(site);
  });

  it("pass-through chain of 3 processes: every SMC on the way counts the guesses no SMC holds", async () => {
    site = await realSite({ size: 3, ring: false, wiring: "passthrough", t: { resetMs: 150, requestMs: 4000, idleMs: 8000, modemCmdMs: 1000 } });
    for (const u of [1, 2]) await site.waitConsole(u, "MODEM ready", 10000);
    for (const guess of ["a", "b", "c"]) expect(await ask(site, `AUTH admin ${guess}`)).toBe("ERR 7 authentication failed\r\n");
    await site.waitConsole(2, "AUTHFAIL no SMC has these credentials, AUTH locked (admin)", 5000);
    // Every SMC on the way counted: the first refuses, even an earlier SMC's right password.
    expect(await ask(site, "AUTH admin pw-2")).toBe("ERR 8 locked out\r\n");
    await site.waitConsole(0, "AUTHFAIL refused, locked out (admin)", 5000);
  }, 60000);

  it("the backup modem's calls count every failed search, and the fifth failure of a call hangs it up", async () => {
    const board = loadBoard("linux");
    const pin = (role: string) => Number(board.pins[role].slice(1));
    const s = await realSite({ size: 2, ring: false, t: { ringSilenceMs: 4000 }, hayes: { 0: { answerRings: 1 }, 1: { answerRings: 2, primaryId: 1 } } });
    site = s;
    rig = wireModems(s.boards.map((b) => ({ board: b, pins: { ri: pin("ri"), dcd: pin("dcd"), dtr: pin("dtr") } })));
    const { until, say } = terminalOf(rig);
    await s.waitConsole(1, "MODEM ready", 10000);
    await s.kill(0);
    await s.waitConsole(1, "LINK B down", 10000);
    rig.dial();
    await until("CONNECT 9600\r\n", 20000);
    expect(rig.siteModems[1].answeredAtRing).toBe(2);
    await s.waitConsole(1, "CALL connected at 9600", 5000);
    for (const guess of ["a", "b", "c"]) await say(`AUTH admin ${guess}`, "ERR 10 unreachable\r\n");
    await say("AUTH admin pw-2", "ERR 8 locked out\r\n");
    await say("AUTH admin d", "ERR 8 locked out\r\n");
    await s.waitConsole(1, "CALL ended: auth failures", 5000);
    await until("NO CARRIER", 10000);
  }, 90000);
});

describe.skipIf(!gate.run)("AUTH policy over the modem on the real interpreter", () => {
  let dut: Awaited<ReturnType<typeof realDut>> | undefined;
  let rig: RealModemRig | undefined;
  afterEach(async () => {
    rig?.stop();
    await dut?.close();
    dut = rig = undefined;
  });

  it("the failures toward the lockout, and the lockout, survive a hang-up and a redial", async () => {
    dut = await realDut("linux", { ...UNIT_FAST, modem: "hayes", answerRings: 1, t: { ...UNIT_FAST.t, lockoutMs: 60000 } });
    const d = dut;
    const r = wireModem(d.real, { ri: d.pinNumber("ri"), dcd: d.pinNumber("dcd"), dtr: d.pinNumber("dtr") });
    rig = r;
    const t = terminalOf(r);
    const { until, say } = t;
    const dial = () => t.dial(d);
    await d.waitConsole("MODEM ready", 10000);
    await dial();
    await say(`AUTH ${USER} a`, "ERR 7 authentication failed\r\n");
    await say(`AUTH ${USER} b`, "ERR 7 authentication failed\r\n");
    r.consoleModem.lineLost();
    await d.waitConsole("CALL ended: carrier lost", 5000);
    await dial();
    await say(`AUTH ${USER} c`, "ERR 7 authentication failed\r\n");
    await say(`AUTH ${USER} ${PASSWORD}`, "ERR 8 locked out\r\n");
    r.consoleModem.lineLost();
    await d.waitConsole("CALL ended: carrier lost", 5000);
    await dial();
    await say(`AUTH ${USER} ${PASSWORD}`, "ERR 8 locked out\r\n");
  }, 90000);
});
