// The modem driver on the real interpreter: an STM32 board's bundle booted
// from Storage on its board's pool (host/dut/suiteBinary.ts), UART1 and its
// RI/DCD/DTR pins wired to a simulated modem and phone line running in real
// time (Japanese cadence: 1 s on, 2 s off).
import { afterEach, describe, expect, it } from "vitest";
import { realDut, RealDut } from "../host/dut/realDut";
import { wireModem, wireModems, RealModemRig } from "../host/dut/realModem";
import { realSite } from "../host/dut/realSite";
import { suiteBinary } from "../host/dut/suiteBinary";
import { realSuiteGate, waitFor } from "../host/real";
import { USER, PASSWORD, UNIT_FAST } from "./scenarios/common";
import { BINARIES_TITLE, boardBinariesGate, lineupTitle, linksLineup, unitBoard } from "./support/boardSites";

const run = boardBinariesGate(realSuiteGate().run);
const UNIT = unitBoard(0);
// The backup needs link B (the primary's cable): an Original.
const BACKUP = linksLineup(2, false, 1);

describe.skipIf(!run)(`the modem on the real interpreter (${BINARIES_TITLE})`, () => {
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

  it(`initialises the modem, answers on the second ring, serves the call, and ends it on carrier loss; the next call works [${UNIT}]`, async () => {
    dut = await realDut(UNIT, { ...UNIT_FAST, modem: "hayes", answerRings: 2 }, undefined, { bootBin: suiteBinary(UNIT).path });
    rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") });
    const term = () => rig!.terminal.text;
    await dut.waitConsole("MODEM ready", 10000);
    expect(rig.siteModem.commands).toEqual(["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D2", "ATS0=0", "ATS2=128", "AT&W"]);
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 15000);
    expect(rig.siteModem.answeredAtRing).toBe(2);
    await dut.waitConsole("CALL connected at 9600", 5000);
    rig.terminal.clear();
    rig.terminal.write(`AUTH ${USER} ${PASSWORD}\r`);
    await until(term, "OK\r\n", 5000);
    expect(term()).toBe(`AUTH ${USER} ${"*".repeat(String(PASSWORD).length)}\r\nID 7\r\nOK\r\n`);
    rig.terminal.clear();
    rig.terminal.write("STATUS\r");
    await until(term, "\r\nOK\r\n", 5000);
    expect(term()).toMatch(new RegExp(`^STATUS\r\nID 7\r\nFW \\S+ ${UNIT}\r\nPOWER OFF\r\nUPTIME \\d+\r\nTEMP \\S+\r\nCONFIG stored\r\nBOOTS 1 LAST first boot\r\n(IN [^\r]+\r\n)*LINKS [^\r]+\r\nMODEM online 9600\r\nOK\r\n$`));
    rig.consoleModem.lineLost();
    await dut.waitConsole("CALL ended: carrier lost", 5000);
    await dut.waitConsole("LOGOUT carrier lost", 5000);
    rig.terminal.clear();
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 15000);
    rig.terminal.clear();
    rig.terminal.write("STATUS\r");
    await until(term, "ERR 6 not authenticated\r\n", 5000);
    expect(term()).toBe("STATUS\r\nERR 6 not authenticated\r\n");
  });

  // Seed embodiment 3 on two interpreter processes: SMC 1's modem on the wall
  // jack answers on ring 1, SMC 2's on its phone-out on ring 2, and SMC 2
  // knows SMC 1 is its primary.
  it("backup modem: the primary answers while alive; with the primary SMC dead, the backup answers on its own ring" + lineupTitle(BACKUP), async () => {
    // The ring count starts over 4 s after a ring cycle's start without
    // another: more than this cadence's period (3 s, with room for a loaded
    // machine's timing; 3 s on the dot made the 2nd ring a new call now and
    // then). The wait for the primary's link to go down (3.5 s) and the
    // redial then also end the first call's count at the backup.
    site = await realSite({ size: 2, ring: false, t: { ringSilenceMs: 4000 }, hayes: { 0: { answerRings: 1 }, 1: { answerRings: 2, primaryId: 1 } } }, { boards: BACKUP });
    const s = site;
    rig = wireModems(s.boards.map((b, u) => ({ board: b, pins: { ri: s.pinNumber(u, "ri"), dcd: s.pinNumber(u, "dcd"), dtr: s.pinNumber(u, "dtr") } })));
    const term = () => rig!.terminal.text;
    await site.waitConsole(0, "MODEM ready", 10000);
    await site.waitConsole(1, "MODEM ready", 10000);
    await site.waitConsole(1, "LINK B up", 10000);
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 15000);
    expect(rig.siteModems[0].answeredAtRing).toBe(1);
    expect(rig.siteModems[1].commands).not.toContain("ATA");
    rig.consoleModem.lineLost();
    await site.waitConsole(0, "CALL ended: carrier lost", 5000);

    await site.kill(0);
    await site.waitConsole(1, "LINK B down", 10000);
    rig.terminal.clear();
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 20000);
    expect(rig.siteModems[1].answeredAtRing).toBe(2);
    await site.waitConsole(1, "CALL connected at 9600", 5000);
    rig.terminal.clear();
    rig.terminal.write("AUTH admin pw-2\r");
    await until(term, "OK\r\n", 5000);
    expect(term()).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
  }, 60000);
});
