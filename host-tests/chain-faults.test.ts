// Faults on the links, on the virtual clock (TypeScript sources and the
// bundle in the emulation): noise, a lost acknowledgement, a cable cut in
// the middle of a call, and replies larger than one frame.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import { rng, UartEnd } from "../host/sim/wire";
import type { ChainPort } from "../firmware/chain";
import { crc32, encodeFrame } from "../firmware/protocol";
import { ask, authTo, floodScenarios, password, settled, statusOf } from "./scenarios/chain";
import { isFrame, loggedDamage, watchLinkDamage } from "./support/linkDamage";

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
      const received = site.site.units.map((u) => ({ A: watchLinkDamage(u.hw.port("linkA"), u.hw.port("linkB")), B: watchLinkDamage(u.hw.port("linkB"), u.hw.port("linkA")) }));
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
        if (got.startsWith("ERR 10 unreachable")) continue;
        if (reset) {
          expect(got).toBe("OK\r\n");
          resetOk++;
        } else {
          expect(got).toMatch(/^ID 4\r\nFW \S+ linux\r\nPOWER OFF\r\nUPTIME \d+\r\nTEMP 24\.5\r\nCONFIG stored\r\nBOOTS 1 LAST first boot\r\nIN fanFail 0 ok\r\nIN intrusion 0 ok\r\nLINKS A:\w+ B:up\(3\)\r\nOK\r\n$/);
          statusOk++;
        }
      }
      // Every RESET answered OK ran exactly once; none ran without its answer.
      expect(target.pins.pulses(target.pinName("reset")).length).toBe(resetOk);
      expect(statusOk + resetOk).toBeGreaterThanOrEqual(ROUNDS * 0.9);
      // The noise was real, and each SMC counted exactly the damage its
      // links received (judged independently: support/linkDamage.ts). Once
      // the noise stops, the next NOISE record (one a minute at most) brings
      // the log up to date.
      for (const w of site.site.wires) w.faults = {};
      site.site.clock.advance(60000 + 1000);
      expect(site.site.units.map((u) => loggedDamage(u.hw.console.output))).toEqual(received);
      expect(received.reduce((n, r) => n + r.A.bad + r.B.bad, 0)).toBeGreaterThan(20);
    });

    it("noise that comes while an SMC between is spliced (0.1% of bytes lost, 0.1% corrupted from then on): no wrong answer, no command runs twice, each SMC counts what it received", async () => {
      site = virtualSite(backend, { size: 4, ring: false, modemBaud: 115200, linkBaud: 115200 });
      const random = rng(777);
      const received = site.site.units.map((u) => ({ A: watchLinkDamage(u.hw.port("linkA"), u.hw.port("linkB")), B: watchLinkDamage(u.hw.port("linkB"), u.hw.port("linkA")) }));
      await settled(site);
      await authTo(site, 4);
      const start = site.cables().length;
      // A clean burst first, till an SMC between is spliced; then the noise.
      for (let i = 0; i < 200 && !/#Y0000[0-9A-F]{8}0102/.test(site.cables().slice(start)); i++) expect(await ask(site, "@4 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      for (const w of site.site.wires) w.faults = { drop: 0.001, corrupt: 0.001, random };
      const target = site.site.units[3].hw;
      let resetOk = 0;
      let answered = 0;
      const ROUNDS = 400;
      for (let i = 0; i < ROUNDS; i++) {
        const reset = i % 20 === 19;
        const got = await ask(site, reset ? "@4 RESET" : "@4 POWER STATE", 40000);
        if (got.startsWith("ERR 10 unreachable")) continue;
        expect(got).toBe(reset ? "OK\r\n" : "POWER OFF\r\nOK\r\n");
        answered++;
        if (reset) resetOk++;
      }
      // SMC 2 spliced (SMC 1's and SMC 3's promises to it are on the cables), before the noise came.
      expect(site.cables().slice(start)).toMatch(/#Y0000[0-9A-F]{8}0302/);
      site.site.clock.advance(site.t.resetMs + 1000);
      expect(target.pins.pulses(target.pinName("reset")).length).toBe(resetOk);
      expect(answered).toBeGreaterThanOrEqual(ROUNDS * 0.9);
      for (const w of site.site.wires) w.faults = {};
      site.site.clock.advance(60000 + 1000);
      expect(site.site.units.map((u) => loggedDamage(u.hw.console.output))).toEqual(received);
      expect(received.reduce((n, r) => n + r.A.bad + r.B.bad, 0)).toBeGreaterThan(20);
    });

    it("a lost acknowledgement makes the sender retry, and the RESET still runs once", async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      await settled(site);
      await authTo(site, 3);
      const wire = site.site.wire(1, 2);
      const unit3 = site.site.units[2].hw;
      let armed = true;
      let last = "";
      // Drop the "K" (or "k": SMC 2 cuts through) of the first acknowledgement SMC 3 sends after this point.
      wire.faults = {
        drop: (byte: string, from: UartEnd) => {
          const hit = armed && from === unit3.port("linkB") && last === "#" && byte.toUpperCase() === "K"; // K, or k for a through frame
          if (from === unit3.port("linkB")) last = byte;
          if (hit) armed = false;
          return hit;
        },
      };
      expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      expect(armed).toBe(false);
      expect(unit3.pins.pulses(unit3.pinName("reset"))).toEqual([site.t.resetMs]);
    });

    it("an SMC cut off in the middle of a call clears its own flags within the links' down time, not the call's idle time", async () => {
      site = virtualSite(backend, { size: 3, ring: false, t: { idleMs: 60000, requestMs: 10000 } });
      await settled(site);
      await authTo(site, 3);
      // The call goes on quietly: heartbeats carry it, no SMC drops its flags.
      await site.pause(20000);
      expect(site.console(2)).not.toContain("flags cleared");
      await statusOf(site, 3, false);
      const cutAt = site.now();
      site.cut(1, 2);
      // Neither a frame of the call nor a heartbeat carrying it reaches SMC 3:
      // its flags go once the link would count as down.
      await site.waitConsole(2, "CALL flags cleared: call silent", site.t.linkDownMs + 1000);
      expect(site.console(2)).toContain("LOGOUT call silent");
      expect(site.now() - cutAt).toBeGreaterThanOrEqual(site.t.linkDownMs - site.t.heartbeatMs);
      expect(site.now() - cutAt).toBeLessThanOrEqual(site.t.linkDownMs + 50);
      site.mend(1, 2);
      const back = /LINK A down[\s\S]*LINK A up/;
      for (let i = 0; i < 100 && !back.test(site.console(1)); i++) await site.pause(50);
      expect(site.console(1)).toMatch(back);
      // SMC 3 no longer holds the call: the request is refused there.
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
      await authTo(site, 3);
      await statusOf(site, 3, false);
    });

    it("a request of another call (stray or forged) is refused and leaves the current call's flags alone", async () => {
      site = virtualSite(backend, { size: 3, ring: false });
      const unit3 = site.site.units[2].hw;
      // What SMC 3 hears from SMC 2: the call's number and the last seq.
      let heard = "";
      unit3.port("linkB").onData((bytes) => (heard += bytes));
      await settled(site);
      await authTo(site, 3);
      const data = () => heard.split("\n").filter((l) => /^#[APQRCEXMN]/.test(l) && isFrame(l));
      // The plain AUTH's search: its proof, not the password (docs/protocol.md, "Plain AUTH").
      const search = data().find((l) => l.startsWith("#A") && /admin [0-9a-f]{16} [0-9a-f]{64} P\*/.test(l));
      expect(search, `SMC 3 heard no search: ${JSON.stringify(heard)}`).toBeDefined();
      // "#" kind seq(2) hops(2) call(8) ...: docs/protocol.md, "Link frames".
      const realCall = parseInt(search!.substr(6, 8), 16);
      // Seqs after SMC 2's last one (a repeated seq would be dropped as a duplicate).
      let seq = 0;
      const nextSeq = () => (seq = (seq % 255) + 1);
      const resync = () => (seq = parseInt(data().slice(-1)[0].substr(2, 2), 16));
      // Frames as SMC 2 would send them, for every 8-bit call number (the old
      // call numbers' whole range) but the real one.
      const sender = site.site.units[1].hw.port("linkA");
      const forge = (call: number) => sender.write(encodeFrame({ kind: "Q", seq: nextSeq(), hops: 1, call, src: 1, dst: 3, req: 200, payload: "RESET" }, crc32));
      resync();
      // 255 of them, so the last forged seq is not SMC 2's next real one
      // (SMC 3 would drop that frame as a duplicate).
      for (let call = 1; call < 256; call++) {
        if (call === realCall) continue;
        forge(call);
        site.site.clock.advance(20);
      }
      expect(unit3.pins.pulses(unit3.pinName("reset"))).toEqual([]);
      await statusOf(site, 3, false);
      expect(unit3.console.output).not.toContain("flags cleared");
      // The same frame with the call's own number runs: the others were
      // refused for their call number, not for their shape.
      resync();
      forge(realCall);
      site.site.clock.advance(site.t.resetMs + 100);
      expect(unit3.pins.pulses(unit3.pinName("reset"))).toEqual([site.t.resetMs]);
    });

    it("damaged frames and receive overflows on a link are counted, shown by DIAG, and logged at most once a minute", async () => {
      site = virtualSite(backend, { size: 2, ring: false });
      await settled(site);
      await authTo(site, 1);
      const head = site.site.units[0].hw;
      // From SMC 2's side of the cable: a noise line, a frame with a bad
      // checksum, then 245 bytes with no end of line (one more than the
      // longest frame the receiver holds).
      const cable = site.site.units[1].hw.port("linkB");
      cable.write("\xff\x00junk\n#garbled*00000000\n" + "x".repeat(245));
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

    // A board many times slower than this PC is busy for a while with each
    // search's SHA-256 (npm run bench: ~0.3-1 s on a Pico). Modelled on the
    // sources: after each credentials check the SMC runs nothing and sends
    // nothing for STALL_MS. A hop may be busy up to linkDownMs - heartbeatMs.
    if (backend === "ts") {
      it("a search across 8 hops of SMCs each busy 2 s with its hash: answered, and no link goes down", async () => {
        const STALL_MS = 2000;
        site = virtualSite(backend, { size: 9, ring: false });
        await settled(site);
        for (let u = 1; u < 9; u++) await site.waitConsole(u, "LINK B up", 10000);
        const units = site.site.units;
        for (const unit of units) {
          // The router checks credentials through port.who, once per check:
          // the stall starts there.
          const port = unit.smc!.ctx.router.port as { who: ChainPort["who"] };
          const who = port.who;
          port.who = {
            creds(user: string, secret: string) {
              unit.hw.busyUntil = site!.now() + STALL_MS;
              return who.creds(user, secret);
            },
          };
        }
        const before = units.map((u) => u.hw.console.output.length);
        const start = site.now();
        expect(await ask(site, "AUTH admin pw-9", 60000)).toBe("ID 9\r\nOK\r\n");
        // Each of the 8 SMCs the search passed hashed once (the head checks
        // its own credentials in its AUTH policy, not through the router: not stalled here).
        expect(site.now() - start).toBeGreaterThanOrEqual(8 * STALL_MS);
        await statusOf(site, 9, true);
        expect(await ask(site, "AUTH admin nobody", 60000)).toBe("ERR 7 authentication failed\r\n");
        units.forEach((u, i) => expect(u.hw.console.output.slice(before[i]), `unit ${i}`).not.toContain(" down"));
      });
    }

    // A board also stalls before it acknowledges: erasing a flash page for
    // the event log or the configuration, or (on a loaded PC) an interpreter
    // not scheduled. A neighbour silent for less than t.linkDownMs is not
    // dead: a frame sent into the stall is sent again until it is
    // acknowledged, as heartbeats allow (before, the link gave up after 4
    // sends, ~250 ms: LINK down, the request ERR 10, the call's flags gone).
    if (backend === "ts") {
      it("a neighbour that stalls 1.5 s before acknowledging a request: answered once, and no link goes down", async () => {
        site = virtualSite(backend, { size: 2, ring: false });
        await settled(site);
        await authTo(site, 2);
        const [head, two] = site.site.units;
        const before = [head, two].map((u) => u.hw.console.output.length);
        two.hw.busyUntil = site.now() + 1500;
        expect(await ask(site, "@2 RESET", 20000)).toBe("OK\r\n");
        expect(two.hw.pins.pulses(two.hw.pinName("reset")).length).toBe(1);
        await statusOf(site, 2, true);
        [head, two].forEach((u, i) => expect(u.hw.console.output.slice(before[i]), `unit ${i}`).not.toContain(" down"));
      });
    }

    // On the virtual clock a flood costs no time: this checks the bounded
    // receive path loses no honest frame (chain.real.test.ts measures the cost).
    for (const s of floodScenarios) {
      it(`chain of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false });
        await s.run(site);
      });
    }

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
