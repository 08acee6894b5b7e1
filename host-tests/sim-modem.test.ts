// The simulated Hayes modem's command parser (host/sim/modem.ts) as a
// dialler meets it at the console side: what stock diallers and modem
// manuals send answers as a real modem answers, and a keypress abandons a
// dial. On the virtual clock, with no firmware: the site end only rings.
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../host/sim/clock";
import { SimModem } from "../host/sim/modem";
import { PhoneLine } from "../host/sim/phoneLine";
import { Probe, connect } from "../host/sim/wire";

function rig() {
  const clock = new VirtualClock();
  const line = new PhoneLine();
  const site = new SimModem(clock, {});
  line.attach("5551234", site);
  const modem = new SimModem(clock, {});
  line.connectCaller(modem);
  const dte = new Probe("dte");
  connect(clock, modem.dte, dte);
  /** Types a line; returns everything the modem sent back within a second. */
  const type = (text: string, ms = 1000) => {
    dte.clear();
    dte.write(text);
    clock.advance(ms);
    return dte.text;
  };
  return { clock, site, modem, dte, type };
}

describe("the simulated modem's commands", () => {
  // Debian's /etc/chatscripts/provider, wvdial's default Init1/Init2, and
  // what modem manuals and diallers send besides.
  for (const cmd of [
    "ATZW2",
    "ATZ",
    "ATQ0 V1 E1 S0=0 &C1 &D2 +FCLASS=0",
    "AT&F",
    "AT&F0",
    "ATX3",
    "ATM0",
    "ATL0",
    "AT&K0",
    "AT&K3",
    "AT&S0",
    "AT\\N0",
    "AT%C0",
    "ATS7=60",
    "ATS2=128",
    "AT+IFC=2,2",
    "ATH0",
    "AT&C1&D2",
    "AT E1 Q0 V1",
    "AT&W",
  ]) {
    it(`answers OK to ${cmd}`, () => {
      const { type } = rig();
      expect(type(cmd + "\r")).toBe(cmd + "\r\r\nOK\r\n");
    });
  }

  it("answers ERROR to what a real modem refuses: an unknown letter, a value out of range, a fax class", () => {
    const { type } = rig();
    for (const cmd of ["ATJ", "ATE2", "ATX9", "AT&K9", "ATS7=300", "AT+FCLASS=1", "AT+NOSUCH", "HELLO"]) expect(type(cmd + "\r")).toBe(cmd + "\r\r\nERROR\r\n");
  });

  it("identifies itself to ATI and V.250's +GMI, and lists +FCLASS", () => {
    const { type } = rig();
    expect(type("ATI\r")).toBe("ATI\r\r\nsmc-chain-firmware simulated Hayes modem (host/sim/modem.ts), 9600 bps\r\n\r\nOK\r\n");
    expect(type("ATI3\r")).toBe("ATI3\r\r\nsmc-chain-firmware simulated Hayes modem (host/sim/modem.ts), 9600 bps\r\n\r\nOK\r\n");
    expect(type("AT+GMI\r")).toBe("AT+GMI\r\r\nsmc-chain-firmware\r\n\r\nOK\r\n");
    expect(type("AT+FCLASS?\r")).toBe("AT+FCLASS?\r\r\n+FCLASS: 0\r\n\r\nOK\r\n");
    expect(type("AT+FCLASS=?\r")).toBe("AT+FCLASS=?\r\r\n+FCLASS: (0)\r\n\r\nOK\r\n");
  });

  it("shows the active and the stored profile with AT&V", () => {
    const { type } = rig();
    type("ATX3 M0 &C1 &D2 S0=2\r");
    expect(type("AT&V\r")).toBe(
      "AT&V\r\r\n" +
        "ACTIVE PROFILE:\r\n" +
        "E1 Q0 V1 X3 M0 L2 W0 &C1 &D2 &K3 &S0\r\n" +
        "S00:002 S01:000 S02:043 S03:000 S04:000 S05:000 S06:000 S07:050 S08:000 S10:000 S12:050\r\n" +
        "\r\n" +
        "STORED PROFILE 0:\r\n" +
        "E1 Q0 V1 X4 M1 L2 W0 &C0 &D0 &K3 &S0\r\n" +
        "S00:000\r\n" +
        "\r\nOK\r\n",
    );
  });

  it("repeats the last command line on A/, at once, with no CR", () => {
    const { type } = rig();
    type("ATI\r");
    expect(type("A/")).toBe("A/\r\nsmc-chain-firmware simulated Hayes modem (host/sim/modem.ts), 9600 bps\r\n\r\nOK\r\n");
  });

  it("takes dial strings with punctuation and redials with ATDL", () => {
    const { type, site, modem } = rig();
    expect(type("ATDT 555-1234;\r", 100)).toBe("ATDT 555-1234;\r");
    expect(site.ringing).toBe(true);
    type("x", 100);
    expect(site.ringing).toBe(false);
    type("ATDL\r", 100);
    expect(site.ringing).toBe(true);
    expect(modem.online).toBe(false);
  });

  it("abandons a dial on a typed character, with NO CARRIER, and the site stops ringing", () => {
    const { type, site, modem, clock } = rig();
    expect(type("ATDT5551234\r\n", 100)).toBe("ATDT5551234\r");
    // The LF of the CR LF that ended the command is no keypress: still dialling.
    expect(site.ringing).toBe(true);
    expect(type(" ", 100)).toBe("\r\nNO CARRIER\r\n");
    expect(site.ringing).toBe(false);
    clock.advance(60000);
    expect(modem.online).toBe(false);
    // Back in command mode: the next line is a command again.
    expect(type("AT\r")).toBe("AT\r\r\nOK\r\n");
  });
});
