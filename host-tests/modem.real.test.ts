// The modem driver on the real interpreter: dist/linux.js booted from
// Storage, UART1 and its RI/DCD/DTR pins wired to a simulated modem and
// phone line running in real time (Japanese cadence: 1 s on, 2 s off).
import { afterEach, describe, expect, it } from "vitest";
import { realDut, RealDut } from "../host/dut/realDut";
import { wireModem, RealModemRig } from "../host/dut/realModem";
import { realSuiteGate, waitFor } from "../host/real";
import { USER, PASSWORD, UNIT_FAST } from "./scenarios/common";

const gate = realSuiteGate();

describe.skipIf(!gate.run)("the modem on the real interpreter", () => {
  let dut: RealDut | undefined;
  let rig: RealModemRig | undefined;
  afterEach(async () => {
    rig?.stop();
    await dut?.close();
    dut = rig = undefined;
  });

  const until = (text: () => string, needle: string, ms: number) => waitFor(() => text().includes(needle), ms, () => `${JSON.stringify(needle)} in ${JSON.stringify(text())}`);

  it("initialises the modem, answers on the second ring, serves the call, and ends it on carrier loss; the next call works", async () => {
    dut = await realDut("linux", { ...UNIT_FAST, modem: "hayes", answerRings: 2 });
    rig = wireModem(dut.real, { ri: dut.pinNumber("ri"), dcd: dut.pinNumber("dcd"), dtr: dut.pinNumber("dtr") });
    const term = () => rig!.terminal.text;
    await dut.waitConsole("MODEM ready", 10000);
    expect(rig.siteModem.commands).toEqual(["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D2", "ATS0=0", "AT&W"]);
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 15000);
    expect(rig.siteModem.answeredAtRing).toBe(2);
    await dut.waitConsole("CALL connected at 9600", 5000);
    rig.terminal.clear();
    rig.terminal.write(`AUTH ${USER} ${PASSWORD}\r`);
    await until(term, "OK\r\n", 5000);
    expect(term()).toBe(`AUTH ${USER} ${PASSWORD}\r\nID 7\r\nOK\r\n`);
    rig.terminal.clear();
    rig.terminal.write("STATUS\r");
    await until(term, "\r\nOK\r\n", 5000);
    expect(term()).toContain("MODEM online 9600\r\n");
    rig.consoleModem.lineLost();
    await dut.waitConsole("CALL ended: carrier lost", 5000);
    await dut.waitConsole("LOGOUT carrier lost", 5000);
    rig.terminal.clear();
    rig.dial();
    await until(term, "CONNECT 9600\r\n", 15000);
    rig.terminal.clear();
    rig.terminal.write("STATUS\r");
    await until(term, "ERR 6 not authenticated\r\n", 5000);
  });
});
