// What belongs to a call ends with it, and nothing a caller sends (or the
// modem says) is taken for what it is not: the console port and the Hayes
// driver against a simulated modem and phone line, on the virtual clock,
// on the TypeScript sources and on the built bundle in the emulation.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { Site, SiteSpec, SITE_NUMBER } from "../host/sim/site";
import { countRing } from "../firmware/modem";

import { BACKUP_SITE, dial, events, waitLog, waitText } from "./support/modemSite";

const board = loadBoard("linux");

/** Dials the site; returns with the terminal cleared once CONNECT has arrived. */
function call(site: Site, ms = 120000): void {
  dial(site, ms);
  site.terminal.clear();
}

/** Types a line and returns everything the terminal got up to the final line. */
function say(site: Site, line: string, ms = 20000): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  const done = () => /(^|\r\n)(OK|ERR [^\r]*)\r\n$/.test(site.terminal.text);
  if (!site.clock.runUntil(done, ms)) throw new Error(`no answer to ${line}: ${JSON.stringify(site.terminal.text)}`);
  return site.terminal.text;
}

describe("ring counting (pure)", () => {
  it("a redial within the silence, off the cadence, is a new call's first ring", () => {
    const t = { ringMergeMs: 1000, ringSilenceMs: 8000 };
    const r = { n: 0, last: -1e15, st: -1e15, pd: 0 };
    // US cadence: a cycle every 6 s; the caller hangs up after the second
    // and redials 2 s later.
    expect([0, 6000, 8000, 14000, 20000, 26000].map((at) => countRing(r, at, t))).toEqual([1, 2, 1, 2, 3, 4]);
    // Japanese cadence (3 s) with a jitter of 100 ms stays one call.
    const j = { n: 0, last: -1e15, st: -1e15, pd: 0 };
    expect([0, 3000, 6100, 8950, 12000].map((at) => countRing(j, at, t))).toEqual([1, 2, 3, 4, 5]);
  });
});

for (const backend of ["ts", "emu"] as const) {
  const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
  const make = (spec: Partial<SiteSpec>) => {
    const site = new Site({ size: 1, ring: false, board, firmware, ...spec });
    site.powerOn();
    return site;
  };

  describe(`a call's end (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    // Issue 12, item 1, as seen: lines queued behind a running POWER OFF
    // ran after the hang-up, and the queued AUTH's flags were inherited by
    // the next caller.
    it("drops the lines queued behind a running command: no RESET after the hang-up, and the next call is not authenticated", () => {
      site = make({ size: 3, modems: { units: [0] }, servers: true });
      waitLog(site, 0, "MODEM ready", 10000);
      waitLog(site, 1, "LINK A up", 10000);
      call(site);
      expect(say(site, "AUTH admin pw-1")).toBe("AUTH admin ****\r\nID 1\r\nOK\r\n");
      expect(say(site, "POWER ON")).toBe("POWER ON\r\nPOWER ON\r\nOK\r\n");
      site.terminal.clear();
      site.terminal.write("POWER OFF\rAUTH admin pw-3\r@3 RESET\r");
      site.clock.advance(400);
      site.consoleModem!.lineLost();
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      // Longer than the POWER OFF (hold, power-good) and a search and a request.
      site.clock.advance(15000);
      expect(events(site, 2, "RESET")).toEqual([]);
      expect(events(site, 2, "AUTH")).toEqual([]);
      expect(events(site, 0, "AUTH")).toEqual(["granted"]);
      call(site);
      expect(say(site, "STATUS")).toBe("STATUS\r\nERR 6 not authenticated\r\n");
      expect(say(site, "@3 STATUS")).toBe("@3 STATUS\r\nERR 6 not authenticated\r\n");
      site.clock.advance(15000);
      expect(events(site, 2, "RESET")).toEqual([]);
    });

    it("a reply to a command of an ended call writes nothing into the next call and does not start its lines", () => {
      // The button is held 30 s: the reply comes in the middle of the next call.
      site = make({ size: 1, modems: { units: [0] }, servers: true, answerRings: [1], t: { holdMs: 30000 } });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      say(site, "AUTH admin pw-1");
      say(site, "POWER ON");
      site.terminal.write("POWER OFF\r");
      site.clock.advance(400);
      site.consoleModem!.lineLost();
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      // The next call is up while the old POWER OFF still holds the button.
      site.clock.advance(1000);
      call(site);
      // Its lines run at once, not after the old command.
      const help = say(site, "HELP", 2000);
      expect(help.startsWith("HELP\r\nHELP\r\nAUTH <user> <password>\r\n")).toBe(true);
      expect(help.endsWith("BYE\r\nOK\r\n")).toBe(true);
      site.terminal.clear();
      site.clock.advance(40000);
      expect(site.terminal.text).toBe("");
    });

    // Issue 12, item 8: the modem's own NO CARRIER arrives before the
    // carrier-detect debounce ends the call.
    it("the modem's NO CARRIER is not console input: not echoed, not answered", () => {
      site = make({ size: 1, modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      let toModem = "";
      modem.dte.onData((b) => (toModem += b));
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      expect(say(site, "HELP").startsWith("HELP\r\n")).toBe(true);
      toModem = "";
      const before = modem.commands.length;
      site.consoleModem!.hangup(false);
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      site.clock.advance(5000);
      expect(toModem).not.toContain("NO CARRIER");
      expect(toModem).not.toContain("ERR");
      expect(modem.commands.slice(before).filter((c) => !c.startsWith("AT"))).toEqual([]);
    });

    // Seen on the real interpreter: a caller who hangs up the moment CONNECT
    // shows drops the carrier before the SMC has read CONNECT, so DCD was
    // never seen up in the call, and the modem's NO CARRIER went to the
    // console as the caller's bytes (echoed into the modem, answered ERR).
    it("a carrier gone before CONNECT is read: the modem's NO CARRIER is still not console input", () => {
      site = make({ size: 1, modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      let toModem = "";
      modem.dte.onData((b) => (toModem += b));
      waitLog(site, 0, "MODEM ready", 10000);
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      // The site modem has raised DCD and is sending CONNECT: the caller hangs up now.
      expect(site.clock.runUntil(() => (modem as unknown as { mode: string }).mode === "online", 120000)).toBe(true);
      const before = modem.commands.length;
      toModem = "";
      site.consoleModem!.hangup(false);
      waitLog(site, 0, "CALL ended: carrier lost", 5000);
      site.clock.advance(5000);
      expect(toModem).not.toContain("NO CARRIER");
      expect(toModem).not.toContain("ERR");
      expect(modem.commands.slice(before).filter((c) => !c.startsWith("AT"))).toEqual([]);
      // The next call is answered and works.
      call(site);
      expect(say(site, "STATUS")).toBe("STATUS\r\nERR 6 not authenticated\r\n");
    });
  });

  describe(`the modem's state is the SMC's own (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });
    const backup = BACKUP_SITE;

    // Issue 13: a caller's "+++" between pauses, echoed, was the site
    // modem's own escape from its DTE, and the call went deaf.
    it("a caller's +++ between pauses changes nothing: held back in the echo, the call goes on", () => {
      site = make({ size: 1, modems: { units: [0] } });
      waitLog(site, 0, "MODEM ready", 10000);
      // The caller's own modem takes no escape either: the pluses are data.
      site.terminal.write("ATS2=128\r");
      waitText(site, "OK\r\n", 2000);
      call(site);
      expect(say(site, "AUTH admin pw-1")).toBe("AUTH admin ****\r\nID 1\r\nOK\r\n");
      site.terminal.clear();
      site.clock.advance(1500);
      site.terminal.write("+++");
      site.clock.advance(1500);
      expect(site.terminal.text).toBe("");
      expect(say(site, "")).toBe("+++\r\nERR 1 unknown command\r\n");
      expect(say(site, "POWER STATE")).toBe("POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      expect(site.units[0].hw.console.output).not.toContain("CALL ended");
    });

    it("the init disables the site modem's escape: +++ from its DTE between pauses is data", () => {
      site = make({ size: 1, modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      waitLog(site, 0, "MODEM ready", 10000);
      expect(modem.commands).toEqual(["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D2", "ATS0=0", "ATS2=128", "AT&W"]);
      expect(modem.sreg(2)).toBe(128);
      site.terminal.write("ATS2=128\r");
      waitText(site, "OK\r\n", 2000);
      call(site);
      site.clock.advance(1500);
      site.units[0].hw.port("modem").write("+++");
      site.clock.advance(1500);
      expect(site.terminal.text).toBe("+++");
      const help = say(site, "HELP");
      expect(help.startsWith("HELP\r\nHELP\r\n")).toBe(true);
      expect(help.endsWith("BYE\r\nOK\r\n")).toBe(true);
    });

    for (const how of ["the caller hangs up", "BYE"]) {
      it(`an ordinary hang-up (${how}) is clean, and an immediate redial is answered at once (2 rings, ~8 s)`, () => {
        site = make({ size: 1, modems: { units: [0] } });
        waitLog(site, 0, "MODEM ready", 10000);
        call(site);
        if (how === "BYE") {
          site.terminal.write("BYE\r");
          waitText(site, "NO CARRIER\r\n", 5000);
        } else site.consoleModem!.hangup(false);
        waitLog(site, 0, "CALL ended", 5000);
        const at = site.clock.now();
        call(site, 30000);
        expect(site.clock.now() - at).toBeLessThan(8500);
        expect(site.modems.get(0)!.answeredAtRing).toBe(2);
        expect(events(site, 0, "MODEM").filter((e) => e !== "ready" && e !== "answering")).toEqual([]);
        expect(say(site, "POWER STATE")).toBe("POWER STATE\r\nERR 6 not authenticated\r\n");
      });
    }

    // The reply bytes an SMC wrote just as the carrier went land in the
    // modem's command buffer: the hang-up's first AT then answers ERROR.
    it("call bytes left in the modem's buffer do not make the hang-up fail: it asks again, no +++, no fault", () => {
      site = make({ size: 1, modems: { units: [0] } });
      const modem = site.modems.get(0)!;
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      const before = modem.commands.length;
      site.consoleModem!.hangup(false);
      site.units[0].hw.port("modem").write("OK");
      waitLog(site, 0, "CALL ended", 5000);
      site.clock.advance(3000);
      expect(modem.commands.slice(before)).toEqual(["OKAT", "AT"]);
      expect(events(site, 0, "MODEM").filter((e) => e !== "ready" && e !== "answering")).toEqual([]);
      call(site, 30000);
      expect(modem.answeredAtRing).toBe(2);
    });

    it("a modem that stays connected when DTR drops, with the escape enabled, is hung up with +++ and ATH0", () => {
      site = make({ size: 1, modems: { units: [0] }, modemInit: ["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D0", "ATS0=0", "AT&W"] });
      const modem = site.modems.get(0)!;
      waitLog(site, 0, "MODEM ready", 10000);
      modem.ignoreDtr = true;
      call(site);
      site.terminal.write("BYE\r");
      waitText(site, "NO CARRIER\r\n", 10000);
      expect(modem.commands.slice(-1)).toEqual(["ATH0"]);
      expect(events(site, 0, "MODEM").slice(-1)).toEqual(["DTR drop did not hang up"]);
    });

    // Issue 13: health() -> idle() -> rings.reset() restarted the count.
    it("the health check does not touch a ringing call's count: the backup answers on its 4th ring", () => {
      site = make({ ...backup, t: { healthMs: 5000 } });
      site.units[0].powerOff();
      waitLog(site, 1, "LINK B down", 10000);
      waitLog(site, 1, "MODEM ready", 10000);
      call(site);
      expect(site.modems.get(1)!.answeredAtRing).toBe(4);
      expect(events(site, 1, "RING")).toEqual(["1", "2", "3", "4"]);
    });

    it("a caller who hangs up at ring 2 and redials at once is a new call: the backup answers on its 4th ring", () => {
      site = make(backup);
      site.units[0].powerOff();
      waitLog(site, 1, "LINK B down", 10000);
      waitLog(site, 1, "MODEM ready", 10000);
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitLog(site, 1, "RING 2", 20000);
      site.clock.advance(500);
      site.consoleModem!.hangup(false);
      site.clock.advance(1500);
      call(site);
      expect(site.modems.get(1)!.answeredAtRing).toBe(4);
      expect(events(site, 1, "RING")).toEqual(["1", "2", "1", "2", "3", "4"]);
    });

    // Issue 13: dial, HELP, and the line stayed up for ever.
    it("a call that never authenticates is hung up after t.unauthMs (default 2 minutes)", () => {
      site = make({ size: 1, modems: { units: [0] } });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      const at = site.clock.now();
      expect(say(site, "HELP").endsWith("BYE\r\nOK\r\n")).toBe(true);
      site.terminal.clear();
      waitText(site, "NO CARRIER\r\n", 130000);
      expect(site.clock.now() - at).toBeGreaterThanOrEqual(120000);
      expect(site.clock.now() - at).toBeLessThan(121000);
      expect(events(site, 0, "CALL").slice(-1)).toEqual(["ended: not authenticated"]);
    });

    it("an authenticated call is not hung up by it; after LOGOUT the time-out runs again", () => {
      site = make({ size: 2, modems: { units: [0] }, t: { unauthMs: 20000 } });
      waitLog(site, 0, "MODEM ready", 10000);
      call(site);
      expect(say(site, "AUTH admin pw-2")).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
      site.terminal.clear();
      site.clock.advance(50000);
      expect(site.terminal.text).toBe("");
      expect(say(site, "LOGOUT")).toBe("LOGOUT\r\nOK\r\n");
      const at = site.clock.now();
      site.terminal.clear();
      waitText(site, "NO CARRIER\r\n", 45000);
      expect(site.clock.now() - at).toBeGreaterThanOrEqual(20000);
      expect(site.clock.now() - at).toBeLessThanOrEqual(40000);
      expect(events(site, 0, "CALL").slice(-1)).toEqual(["ended: not authenticated"]);
    });
  });
}
