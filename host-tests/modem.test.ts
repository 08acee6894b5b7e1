// The Hayes modem driver and the backup modem (seed embodiment 3) against a
// simulated modem and phone line, on the virtual clock: TypeScript sources
// and the built bundle in the emulation.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { CADENCES } from "../host/sim/modem";
import { Site, SiteSpec, SITE_NUMBER, sitePassword } from "../host/sim/site";

import { BACKUP_SITE, dial, events, waitLog, waitText } from "./support/modemSite";

const board = loadBoard("linux");

/** Dials the site from the console modem; returns once the whole CONNECT line has arrived. */
const call = dial;

function say(site: Site, line: string, final = "OK\r\n", ms = 20000): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  const done = () => (final === "OK\r\n" ? /(^|\r\n)OK\r\n$/.test(site.terminal.text) : site.terminal.text.endsWith(final)) || /ERR [^\r]*\r\n$/.test(site.terminal.text);
  if (!site.clock.runUntil(done, ms)) {
    throw new Error(`no answer to ${line}: ${JSON.stringify(site.terminal.text)}`);
  }
  return site.terminal.text;
}

/** STATUS of SMC `id` as a caller sees it, echo included; `modem`: the MODEM line's state, for an SMC with a modem. */
const STATUS_OF = (id: number, modem: string | null) =>
  new RegExp(
    `^STATUS\\r\\nID ${id}\\r\\nFW \\S+ linux\\r\\nPOWER OFF\\r\\nUPTIME \\d+\\r\\nTEMP \\S+\\r\\nCONFIG stored\\r\\nBOOTS 1 LAST first boot\\r\\n(IN [^\\r]+\\r\\n)*LINKS [^\\r]+\\r\\n` +
      (modem ? `MODEM ${modem}\\r\\n` : "") +
      "OK\\r\\n$",
  );

/** The call works: AUTH and STATUS to SMC `id` answer exactly what the protocol says, echo included. */
function served(site: Site, id = 1, modem: string | null = "online 9600"): void {
  expect(say(site, `AUTH admin ${sitePassword(id)}`)).toBe(`AUTH admin ${"*".repeat(String(sitePassword(id)).length)}\r\nID ${id}\r\nOK\r\n`);
  expect(say(site, "STATUS")).toMatch(STATUS_OF(id, modem));
}

for (const backend of ["ts", "emu"] as const) {
  const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
  const make = (spec: Partial<SiteSpec>) => {
    const site = new Site({ size: 1, ring: false, board, firmware, ...spec });
    site.powerOn();
    return site;
  };

  describe(`the modem (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    for (const [country, cadence] of Object.entries(CADENCES)) {
      for (const [how, riPin, ringLines] of [
        ["RI only", true, false],
        ["RING only", false, true],
        ["RI and RING", true, true],
      ] as const) {
        it(`counts ${country} ring cycles from ${how} once each and answers on the third`, () => {
          site = make({ modems: { units: [0], cadence, riPin, ringLines }, answerRings: [3] });
          waitLog(site, 0, "MODEM ready", 10000);
          call(site);
          expect(site.modems.get(0)!.answeredAtRing).toBe(3);
          expect(events(site, 0, "RING")).toEqual(["1", "2", "3"]);
          expect(site.modems.get(0)!.commands.filter((c) => c === "ATA").length).toBe(1);
          served(site);
        });
      }
    }

    it("ignores RI spikes shorter than the debounce", () => {
      site = make({ modems: { units: [0], ringLines: false }, answerRings: [2] });
      waitLog(site, 0, "MODEM ready", 10000);
      for (let i = 0; i < 10; i++) {
        site.units[0].hw.setInput("ri", true);
        site.clock.advance(5);
        site.units[0].hw.setInput("ri", false);
        site.clock.advance(3000);
      }
      expect(events(site, 0, "RING")).toEqual([]);
      call(site);
      expect(site.modems.get(0)!.answeredAtRing).toBe(2);
    });

    it("carrier lost in the middle of a multi-hop command: flags cleared everywhere, modem back to waiting, the next call works", () => {
      site = make({ size: 3, modems: { units: [0] }, servers: true });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
      site.terminal.clear();
      site.terminal.write("@3 POWER ON\r");
      site.clock.advance(100);
      site.consoleModem!.lineLost();
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      waitLog(site, 2, "LOGOUT call ended", 5000);
      waitLog(site, 1, "CALL flags cleared: call ended", 5000);
      site.clock.advance(5000);
      call(site);
      expect(say(site, "@3 STATUS")).toBe("@3 STATUS\r\nERR 6 not authenticated\r\n");
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
    });

    // On a busy board a carrier that rises and falls within the pin's
    // debounce leaves no falling edge to see: the level is checked too.
    it("a carrier lost within the debounce of its rise still ends the call, and the next call is answered", () => {
      site = make({ size: 1, modems: { units: [0] } });
      waitLog(site, 0, "MODEM ready", 10000);
      site.terminal.clear();
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitLog(site, 0, "CALL connected", 120000);
      site.consoleModem!.lineLost();
      const lostAt = site.clock.now();
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      expect(site.clock.now() - lostAt).toBeLessThanOrEqual(2100);
      site.clock.advance(10000);
      call(site);
      served(site);
    });

    // nc sends LF only: the simulated line must still be usable from it.
    it("a terminal that ends lines with LF only dials, logs in and reads STATUS", () => {
      site = make({ size: 2, modems: { units: [0] } });
      waitLog(site, 0, "MODEM ready", 10000);
      site.terminal.clear();
      site.terminal.write(`ATDT${SITE_NUMBER}\n`);
      waitText(site, "CONNECT 9600\r\n", 120000);
      expect(site.terminal.text).toBe(`ATDT${SITE_NUMBER}\n\r\nCONNECT 9600\r\n`);
      site.terminal.clear();
      site.terminal.write("AUTH admin pw-2\n");
      waitText(site, "OK\r\n", 5000);
      expect(site.terminal.text).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
    });

    it("BYE ends the call and hangs up: the console modem sees NO CARRIER", () => {
      site = make({ size: 2, modems: { units: [0] } });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      expect(say(site, "AUTH admin pw-2")).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
      site.terminal.clear();
      site.terminal.write("BYE\r");
      waitText(site, "NO CARRIER\r\n", 5000);
      expect(site.terminal.text).toBe("BYE\r\nOK\r\n\r\nNO CARRIER\r\n");
      waitLog(site, 1, "LOGOUT call ended", 5000);
    });

    // A modem that stays connected when DTR drops: modem-calls.test.ts.

    it("an idle call is ended and hung up after the idle time-out", () => {
      site = make({ size: 2, modems: { units: [0] }, t: { idleMs: 30000 } });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      expect(say(site, "AUTH admin pw-2")).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
      const at = site.clock.now();
      site.terminal.clear();
      waitText(site, "NO CARRIER\r\n", 40000);
      expect(site.clock.now() - at).toBeGreaterThanOrEqual(30000 - 100);
      waitLog(site, 1, "LOGOUT call ended", 1000);
    });

    it("a call that drops while being answered is hung up and the modem waits for the next", () => {
      site = make({ modems: { units: [0], connectDelayMs: 3000 } });
      waitLog(site, 0, "MODEM ready", 10000);
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitLog(site, 0, "MODEM answering", 30000);
      site.consoleModem!.hangup(false);
      waitLog(site, 0, "MODEM answer failed", 60000);
      site.clock.advance(2000);
      site.terminal.clear();
      call(site);
      served(site);
    });

    it("a modem answering ERROR to init is retried with back-off and logged; the SMC serves the chain meanwhile", () => {
      site = make({ size: 2, modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      modem.errorOn = ["AT&C1"];
      waitLog(site, 0, "MODEM init: AT&C1 answered ERROR; retry in 2 s", 10000);
      waitLog(site, 0, "MODEM init: AT&C1 answered ERROR; retry in 4 s", 10000);
      expect(site.units[0].hw.console.output).toContain("LINK A up");
      modem.errorOn = [];
      waitLog(site, 0, "MODEM recovered", 20000);
      call(site);
      expect(say(site, "AUTH admin pw-2")).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
    });

    it("a modem that stops answering fails its health check, and is recovered without a reboot", () => {
      site = make({ modems: { units: [0] }, t: { healthMs: 10000 } });
      const modem = site.modems.get(0)!;
      waitLog(site, 0, "MODEM ready", 10000);
      modem.dead = true;
      waitLog(site, 0, "MODEM no OK to the health check", 15000);
      waitLog(site, 0, "retry in", 30000);
      modem.dead = false;
      waitLog(site, 0, "MODEM recovered", 60000);
      expect(events(site, 0, "BOOT").length).toBe(1);
      call(site);
      served(site);
    });

    // About 120 bytes every 150 ms: most of what a 9600-baud line carries.
    it("a modem flooding garbage and near-miss result lines neither confuses the driver nor makes it answer", () => {
      site = make({ modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      const t0 = site.clock.now();
      const flood = site.clock.setInterval(() => modem.garbage("\x00\xff~#RI NG\r\nRINGO\r\nCONNECTED 2\r\n\x1bOKAY\r" + "T".repeat(90)), 150);
      waitLog(site, 0, "MODEM ready", 30000);
      site.clock.advance(20000);
      expect(events(site, 0, "RING")).toEqual([]);
      expect(modem.commands).not.toContain("ATA");
      site.clock.clearInterval(flood);
      // The stray lines are counted and logged, a record a minute at most.
      site.clock.advance(60000);
      const noise = events(site, 0, "NOISE");
      expect(noise.length).toBeGreaterThanOrEqual(1);
      expect(noise.length).toBeLessThanOrEqual(Math.ceil((site.clock.now() - t0) / 60000));
      for (const n of noise) expect(n).toMatch(/^modem: [1-9]\d* stray lines$/);
      call(site);
      served(site);
    });
  });

  describe(`the backup modem, embodiment 3 (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });
    const spec = BACKUP_SITE;

    it("the primary answers at n rings; the backup does not", () => {
      site = make(spec);
      waitLog(site, 0, "MODEM ready", 10000);
      waitLog(site, 1, "MODEM ready", 10000);
      call(site);
      expect(site.modems.get(0)!.answeredAtRing).toBe(2);
      expect(site.modems.get(1)!.commands).not.toContain("ATA");
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
    });

    it("with the primary SMC dead, the backup answers at m rings and reaches the chain", () => {
      site = make(spec);
      site.units[0].powerOff();
      waitLog(site, 1, "LINK B down", 10000);
      call(site);
      expect(site.modems.get(1)!.answeredAtRing).toBe(4);
      expect(events(site, 1, "RING")).toEqual(["1", "2", "3", "4"]);
      served(site, 3, null);
    });

    it("with the primary SMC alive but its modem silent, the backup never steals the call", () => {
      site = make(spec);
      waitLog(site, 1, "LINK B up", 10000);
      waitLog(site, 1, "MODEM ready", 10000);
      site.modems.get(0)!.dead = true;
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitText(site, "NO CARRIER", 120000);
      expect(site.modems.get(1)!.commands).not.toContain("ATA");
      expect(events(site, 1, "RING")).toContain("primary SMC 1 is alive: leaving the call to it");
    });
  });
}
