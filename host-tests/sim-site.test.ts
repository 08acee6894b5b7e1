// The simulated site as `npm start` runs it (host/sim), on the virtual
// clock: a terminal that goes away hangs up, dead SMCs never boot, a board
// without power drives no pin, a crashed server is seen by its SMC, and the
// console-side modem takes what stock diallers send.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { Site, SITE_NUMBER, sitePassword, siteUser } from "../host/sim/site";
import { readSiteFile, siteSpec } from "../host/sim/siteFile";
import type { Firmware } from "../host/sim/unit";

const board = loadBoard("linux");

function waitText(site: Site, needle: string, ms: number): string {
  if (!site.clock.runUntil(() => site.terminal.text.includes(needle), ms)) throw new Error(`no ${JSON.stringify(needle)} in ${JSON.stringify(site.terminal.text)}`);
  return site.terminal.text;
}

/** Types a line at the terminal; returns what came back once `final` arrived. */
function say(site: Site, line: string, final: string, ms = 20000): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  return waitText(site, final, ms);
}

function dial(site: Site): void {
  say(site, `ATDT${SITE_NUMBER}`, "CONNECT 9600\r\n", 60000);
}

for (const backend of ["ts", "emu"] as const) {
  const firmware: Firmware = backend === "ts" ? { kind: "ts" } : { kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") };
  /** The default site of `npm start`, from its site file. */
  const defaultSite = (dead: number[] = []) => {
    const file = { ...readSiteFile(new URL("../sites/default.json", import.meta.url).pathname), dead };
    const spec = siteSpec(file, board, "");
    const site = new Site({ ...spec, firmware, modems: { ...spec.modems!, connectDelayMs: 200 } });
    site.powerOn(dead.map((d) => d - 1));
    return site;
  };
  const ready = (site: Site, unit = 0) => {
    if (!site.clock.runUntil(() => site.units[unit].hw.console.output.includes("MODEM ready"), 20000)) throw new Error("no MODEM ready");
  };

  describe(`the simulated site (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    it("hangs up when the terminal goes away: the next caller must AUTH again", () => {
      site = defaultSite();
      ready(site);
      dial(site);
      expect(say(site, `AUTH ${siteUser} ${sitePassword(3)}`, "OK\r\n")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
      site.terminalGone();
      // The site sees the carrier go and ends the call on every SMC.
      expect(site.clock.runUntil(() => !site!.modems.get(0)!.online && !site!.consoleModem!.online, 1000)).toBe(true);
      site.clock.advance(3000);
      // The next person to connect finds a modem in command mode, not a call.
      expect(say(site, "AT", "OK\r\n", 2000)).toBe("AT\r\r\nOK\r\n");
      dial(site);
      site.terminal.clear();
      site.terminal.write("@3 RESET\r");
      expect(site.clock.runUntil(() => /\r\n(OK|ERR [^\r]*)\r\n$/.test(site!.terminal.text), 5000)).toBe(true);
      expect(site.terminal.text).toBe("@3 RESET\r\nERR 6 not authenticated\r\n");
      expect(site.servers[2].resets).toBe(0);
    });

    it("never boots a dead SMC: no console output, no pin driven", () => {
      site = defaultSite([3]);
      ready(site);
      site.clock.advance(10000);
      expect(site.units[2].running).toBe(false);
      expect(site.units[2].hw.console.output).toBe("");
      expect(site.units[2].hw.pins.history.filter((c) => c.pin !== board.pins.powerGood)).toEqual([]);
    });

    it("floats a killed SMC's outputs low (DTR included), and the site modem drops the call", () => {
      site = defaultSite();
      ready(site);
      dial(site);
      const hw = site.units[0].hw;
      expect(hw.output("dtr")).toBe(true);
      site.units[0].powerOff();
      expect(hw.output("dtr")).toBe(false);
      for (const role of ["dtr", "reset", "power"]) expect(hw.output(role)).toBe(false);
      // &D2: the site modem hangs up on DTR low; the console hears NO CARRIER.
      waitText(site, "NO CARRIER", 1000);
      expect(site.modems.get(0)!.online).toBe(false);
    });

    it("crash <n>: the server's power-good drops and its SMC logs a power loss nobody commanded", () => {
      site = defaultSite();
      ready(site);
      dial(site);
      say(site, `AUTH ${siteUser} ${sitePassword(2)}`, "OK\r\n");
      say(site, "@2 POWER ON", "OK\r\n");
      expect(site.clock.runUntil(() => site!.units[1].hw.console.output.includes("POWER server on"), 5000)).toBe(true);
      // Later, long after any power command's window.
      site.clock.advance(60000);
      site.servers[1].crash();
      expect(site.units[1].hw.output("powerGood")).toBe(false);
      expect(site.clock.runUntil(() => site!.units[1].hw.console.output.includes("POWER server off (not commanded)"), 5000)).toBe(true);
    });
  });
}
