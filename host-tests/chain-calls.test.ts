// A call's end, its number and its request numbers, on the virtual clock
// (TypeScript sources and the bundle in the emulation): nothing of a call
// outlives it, a repeat is recognised only as a repeat, and a reply lost
// after the command ran is asked for again (issue 12, items 1, 3, 5, 7, 9).
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import { Site, SITE_NUMBER } from "../host/sim/site";
import type { UartEnd } from "../host/sim/wire";
import { ask, authTo, callScenarios, endScenarios, forged, settled, statusOf } from "./scenarios/chain";

const board = loadBoard("linux");

function waitFor(site: Site, what: () => boolean, ms: number, text: () => string): void {
  if (!site.clock.runUntil(what, ms)) throw new Error(`timed out: ${text()}`);
}

/** Drops the kind byte of the first `n` frames of `kind` that `from` sends on `site.wire(a, b)`. */
function dropFrames(site: VirtualSiteDut, a: number, b: number, from: UartEnd, kind: string, n: number): () => number {
  let last = "";
  let dropped = 0;
  site.site.wire(a, b).faults = {
    drop: (byte: string, end: UartEnd) => {
      if (end !== from) return false;
      const hit = dropped < n && last === "#" && byte.toUpperCase() === kind; // a through frame's kind too
      last = byte;
      if (hit) dropped++;
      return hit;
    },
  };
  return () => dropped;
}

for (const backend of ["ts", "emu"] as const) {
  const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
  describe(`calls and requests (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: VirtualSiteDut | undefined;
    let raw: Site | undefined;
    afterEach(async () => {
      await site?.close();
      for (const u of raw?.units ?? []) u.powerOff();
      site = undefined;
      raw = undefined;
    });

    for (const s of callScenarios) {
      const conflict = s.name.includes("head's ID");
      it(`chain of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false, ids: conflict ? [1, 1, 3] : undefined, t: conflict ? { requestMs: 5000 } : { resetMs: 20 } });
        await s.run(site);
      });
    }

    for (const s of endScenarios) {
      it(`chain of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false, t: s.t });
        await s.run(site);
      });
    }

    it("the carrier drops while a search is pending, with an AUTH queued behind it: no flag, no call, no AUTH afterwards on any SMC", () => {
      raw = new Site({ size: 3, ring: false, board, firmware, modems: { units: [0] } });
      const s = raw;
      s.powerOn();
      const head = s.units[0].hw;
      const log = (u: number) => s.units[u].hw.console.output;
      waitFor(s, () => log(0).includes("MODEM ready") && log(0).includes("LINK A up") && log(2).includes("LINK B up"), 15000, () => log(0));
      s.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitFor(s, () => s.terminal.text.includes("CONNECT"), 60000, () => s.terminal.text);
      s.terminal.clear();
      s.terminal.write("AUTH admin pw-1\r");
      waitFor(s, () => s.terminal.text.endsWith("OK\r\n"), 5000, () => s.terminal.text);
      // SMC 3 goes quiet, so the search for its credentials stays pending at SMC 2.
      s.wire(1, 2).cut();
      s.terminal.clear();
      s.terminal.write("AUTH admin pw-3\rAUTH admin pw-1\r");
      s.clock.advance(120);
      s.consoleModem!.lineLost();
      waitFor(s, () => log(0).includes("CALL ended: carrier lost"), 5000, () => log(0));
      s.clock.advance(10000);
      const after = log(0).slice(log(0).indexOf("CALL ended: carrier lost"));
      expect(after).not.toContain("AUTH granted");
      expect(log(1)).toContain("CALL flags cleared: call ended");
      if (backend === "ts") {
        for (const u of [0, 1, 2]) {
          const ctx = s.units[u].smc!.ctx;
          expect({ unit: u, call: ctx.router.call, head: ctx.router.headCall, current: ctx.router.current, session: ctx.session.state }).toEqual({ unit: u, call: 0, head: 0, current: 0, session: 0 });
          expect(Object.keys(ctx.router.routes)).toEqual([]);
        }
      }
      // The next call starts with nothing set.
      s.clock.advance(5000);
      s.terminal.clear();
      s.terminal.write(`ATDT${SITE_NUMBER}\r`);
      waitFor(s, () => s.terminal.text.includes("CONNECT"), 60000, () => s.terminal.text);
      s.terminal.clear();
      s.terminal.write("STATUS\r");
      waitFor(s, () => /(OK|ERR [^\r]*)\r\n$/.test(s.terminal.text), 5000, () => s.terminal.text);
      expect(s.terminal.text).toContain("ERR 6 not authenticated\r\n");
      expect(head.pins.pulses(head.pinName("reset")).length).toBe(0);
    });

    if (backend === "ts") {
      it("SMC 3's cables cut at BYE: once its flags have gone, a forged RESET with the call's real number does nothing either", async () => {
        site = virtualSite(backend, { size: 3, ring: false });
        await settled(site);
        await site.waitConsole(2, "LINK B up", 5000);
        await authTo(site, 3);
        await statusOf(site, 3, false);
        // What a forger who read the cable before the cut knows: the call number.
        const call = site.site.units[0].smc!.ctx.router.headCall;
        expect(call).toBeGreaterThan(0);
        site.cut(1, 2);
        expect(await ask(site, "BYE")).toBe("OK\r\n");
        await site.waitConsole(2, "CALL flags cleared: call silent", site.t.linkDownMs + 500);
        site.inject(2, "linkB", forged({ kind: "Q", seq: 77, call, src: 1, dst: 3, req: 9999, payload: "RESET" }));
        await site.pause(500);
        const unit3 = site.site.units[2].hw;
        expect(unit3.console.output).not.toContain("RESET commanded");
        expect(unit3.pins.pulses(unit3.pinName("reset"))).toEqual([]);
      });
    }

    it("a map walk grows its hop count by one at each SMC it passes (docs/protocol.md: at 64 it is answered)", async () => {
      site = virtualSite(backend, { size: 4, ring: false });
      await settled(site);
      await authTo(site, 1);
      // What SMC 3 and SMC 4 receive from the SMC before them: its M frames' hops field.
      const hops: number[][] = [[], []];
      for (const u of [2, 3]) {
        let rx = "";
        site.site.units[u].hw.port("linkB").onData((bytes) => {
          rx += bytes;
          let end: number;
          while ((end = rx.indexOf("\n")) >= 0) {
            const line = rx.slice(0, end);
            rx = rx.slice(end + 1);
            if (line.startsWith("#M")) hops[u - 2].push(parseInt(line.substr(4, 2), 16));
          }
        });
      }
      expect(await ask(site, "MAP")).toMatch(/^MAP 1 self 0 [^\r]*\r\nMAP 2 A 1 [^\r]*\r\nMAP 3 A 2 [^\r]*\r\nMAP 4 A 3 [^\r]*\r\nOK\r\n$/);
      expect(hops).toEqual([[1], [2]]);
    });

    it("a reply part lost: the request asked again shows each line once", async () => {
      site = virtualSite(backend, { size: 3, ring: false, t: { resetMs: 10 } });
      await settled(site);
      await authTo(site, 3);
      for (let i = 0; i < 10; i++) expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      const whole = await ask(site, "@3 LOG 0 12");
      const unit3 = site.site.units[2].hw;
      // The first part arrives; the last one is lost on every send.
      dropFrames(site, 1, 2, unit3.port("linkB"), "R", 4);
      expect(await ask(site, "@3 LOG 0 12", 120000)).toBe(whole);
    });

    it("a reply that never comes: ERR 10 after asking twice, and the target's log tells what ran", async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await settled(site);
      await authTo(site, 3);
      const unit3 = site.site.units[2].hw;
      const dropped = dropFrames(site, 1, 2, unit3.port("linkB"), "R", 1000);
      const start = site.now();
      expect(await ask(site, "@3 RESET", 120000)).toBe("ERR 10 unreachable\r\n");
      expect(site.now() - start).toBeLessThan(2 * site.t.requestMs + site.t.linkDownMs + 2000);
      // Every send of the reply in the two asks: each given up once
      // t.linkDownMs passed since its first send (docs/protocol.md,
      // "Liveness"); 8 when a link gave up after 4 sends.
      expect(dropped()).toBe(11);
      expect(unit3.pins.pulses(unit3.pinName("reset")).length).toBe(1);
      site.site.wire(1, 2).faults = {};
      // What a program does then: read the target's log (the call is still up).
      const log = await ask(site, "@3 LOG", 20000);
      expect(log).toMatch(/^LOG \d+ \d+ RESET commanded\r\n/m);
    });
  });
}
