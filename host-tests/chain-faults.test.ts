// Faults on the links, on the virtual clock (TypeScript sources and the
// bundle in the emulation): noise, a lost acknowledgement, a cable cut in
// the middle of a call, and replies larger than one frame.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import { rng, UartEnd } from "../host/sim/wire";
import { crc32, encodeFrame } from "../firmware/protocol";
import { ask, authTo, settled, statusOf } from "./scenarios/chain";

for (const backend of ["ts", "emu"] as const) {
  describe(`link faults (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: VirtualSiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });

    it("noisy links (0.1% of bytes lost, 0.1% corrupted): no wrong answer, no command runs twice, reads complete", async () => {
      site = virtualSite(backend, { size: 4, ring: false });
      const random = rng(12345);
      await settled(site);
      await authTo(site, 4);
      for (const w of site.site.wires) w.faults = { drop: 0.001, corrupt: 0.001, random };
      const target = site.site.units[3].hw;
      let statusOk = 0;
      let resetOk = 0;
      const ROUNDS = 60;
      for (let i = 0; i < ROUNDS; i++) {
        const reset = i % 3 === 2;
        const got = await ask(site, reset ? "@4 RESET" : "@4 STATUS", 40000);
        if (got === "ERR 10 unreachable\r\n") continue;
        if (reset) {
          expect(got).toBe("OK\r\n");
          resetOk++;
        } else {
          expect(got).toMatch(/^ID 4\r\nFW \S+ linux\r\nPOWER OFF\r\nUPTIME \d+\r\nTEMP 24\.5\r\nCONFIG stored\r\nBOOTS 1 LAST first boot\r\nIN fanFail OK\r\nIN intrusion OK\r\nLINKS A:\w+ B:up\(3\)\r\nOK\r\n$/);
          statusOk++;
        }
      }
      // Every RESET answered OK ran exactly once; none ran without its answer.
      expect(target.pins.pulses(target.pinName("reset")).length).toBe(resetOk);
      expect(statusOk + resetOk).toBeGreaterThanOrEqual(ROUNDS * 0.9);
      // The noise was real: frames were damaged and retried.
      expect(site.site.units.some((u) => u.hw.console.output.includes("LINK"))).toBe(true);
    });

    it("a lost acknowledgement makes the sender retry, and the RESET still runs once", async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await settled(site);
      await authTo(site, 3);
      const wire = site.site.wire(1, 2);
      const unit3 = site.site.units[2].hw;
      let armed = true;
      let last = "";
      // Drop the "K" of the first acknowledgement SMC 3 sends after this point.
      wire.faults = {
        drop: (byte: string, from: UartEnd) => {
          const hit = armed && from === unit3.port("linkB") && last === "#" && byte === "K";
          if (from === unit3.port("linkB")) last = byte;
          if (hit) armed = false;
          return hit;
        },
      };
      expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      expect(armed).toBe(false);
      expect(unit3.pins.pulses(unit3.pinName("reset"))).toEqual([site.t.resetMs]);
    });

    it("an SMC cut off in the middle of a call clears its own flags after the call goes silent", async () => {
      site = virtualSite(backend, { size: 3, ring: false, t: { idleMs: 60000, requestMs: 10000 } });
      await settled(site);
      await authTo(site, 3);
      const cutAt = site.now();
      site.cut(1, 2);
      // The permission flag goes with the idle time-out, the connection
      // flags once the call has been silent longer than the head would wait.
      await site.waitConsole(2, "LOGOUT idle", 60000 + 5000);
      expect(site.now() - cutAt).toBeGreaterThanOrEqual(60000 - 1000);
      // The head ends the idle call: SMC 2, still connected, hears it at once;
      // SMC 3, cut off, clears its connection flags on its own later.
      await site.waitConsole(1, "CALL flags cleared: call ended", 1000);
      await site.waitConsole(2, "CALL flags cleared: call silent", 10000 + 5000);
      expect(site.now() - cutAt).toBeLessThanOrEqual(60000 + 10000 + 1000);
      site.mend(1, 2);
      const back = /LINK A down[\s\S]*LINK A up/;
      for (let i = 0; i < 100 && !back.test(site.console(1)); i++) await site.pause(50);
      expect(site.console(1)).toMatch(back);
      // The call is over: a request without a new AUTH is refused.
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
      await authTo(site, 3);
      await statusOf(site, 3, false);
    });

    it("a request of another call (stray or forged) is refused and leaves the current call's flags alone", async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await settled(site);
      await authTo(site, 3);
      const unit3 = site.site.units[2].hw;
      // Frames as SMC 2 would send them, for every call number but the real one.
      const sender = site.site.units[1].hw.port("linkA");
      for (let call = 1; call < 256; call += 17) {
        sender.write(encodeFrame({ kind: "Q", seq: (call % 250) + 1, hops: 1, call, src: 1, dst: 3, req: 200, payload: "RESET" }, crc32));
        site.site.clock.advance(20);
      }
      // The real call's number is one of those only by chance; its RESET would run once.
      expect(unit3.pins.pulses(unit3.pinName("reset")).length).toBeLessThanOrEqual(1);
      await statusOf(site, 3, false);
      expect(unit3.console.output).not.toContain("flags cleared");
    });

    it("damaged frames and receive overflows on a link are counted, shown by DIAG, and logged at most once a minute", async () => {
      site = virtualSite(backend, { size: 2, ring: false });
      await settled(site);
      await authTo(site, 1);
      const head = site.site.units[0].hw;
      // From SMC 2's side of the cable: a noise line, a frame with a bad
      // checksum, then 233 bytes with no end of line (one more than the
      // longest frame the receiver holds).
      const cable = site.site.units[1].hw.port("linkB");
      cable.write("\xff\x00junk\n#garbled*00000000\n" + "x".repeat(233));
      site.site.clock.advance(60000);
      const noise = () => head.console.output.split(/\r?\n/).filter((l) => / NOISE /.test(l));
      expect(noise().map((l) => l.replace(/^\d+ \d+ /, ""))).toEqual(["NOISE link A: 2 damaged frames, 1 overflows"]);
      // No new damage, no new record.
      site.site.clock.advance(180000);
      expect(noise().length).toBe(1);
      expect(await ask(site, "DIAG")).toContain("DIAG LINK A ok up, 2 bad frames, 1 overflows, 0 lost\r\n");
      cable.write("#also*bad\n");
      site.site.clock.advance(60000);
      expect(noise().map((l) => l.replace(/^\d+ \d+ /, ""))).toEqual(["NOISE link A: 2 damaged frames, 1 overflows", "NOISE link A: 1 damaged frames, 0 overflows"]);
    });

    it("a reply larger than one frame arrives whole, in order, and any page can be read again", async () => {
      site = virtualSite(backend, { size: 3, ring: false, t: { resetMs: 10 } });
      await settled(site);
      await authTo(site, 3);
      for (let i = 0; i < 18; i++) expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      const page = await ask(site, "@3 LOG 1 20");
      const lines = page.split("\r\n").filter(Boolean);
      expect(lines.length).toBe(22);
      expect(page.length).toBeGreaterThan(2 * 200);
      expect(lines.slice(0, 20).map((l) => l.split(" ")[1])).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
      expect(lines[20]).toMatch(/^LOG 21 of \d+$/);
      expect(lines[21]).toBe("OK");
      const again = await ask(site, "@3 LOG 6 5");
      expect(again.split("\r\n").slice(0, 5)).toEqual(lines.slice(5, 10));
      expect(await ask(site, "@3 LOG 1 21")).toBe("ERR 2 bad arguments\r\n");
      // Records are numbered from 1.
      expect(await ask(site, "@3 LOG 0 5")).toBe("ERR 2 bad arguments\r\n");
      expect(await ask(site, "@3 LOG x")).toBe("ERR 2 bad arguments\r\n");
    });
  });
}
