// Every byte from a UART is untrusted. Two virtual minutes of random bytes,
// and of frames and lines shaped like the real ones with random fields, on
// the console port and on every link of a ring: no SMC throws, nothing runs
// that no caller authenticated for, and afterwards the site serves a call
// as if nothing had happened.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import { crc32, encodeFrame, frame } from "../firmware/protocol";
import { ask, authTo, resetOf, settled, statusOf } from "./scenarios/chain";
import { noise, Noise } from "./support/noise";

const KINDS = ["H", "K", "A", "P", "Q", "R", "C", "E", "X", "M", "N", "Z"];
const VERBS = ["RESET", "STATUS", "POWER OFF", "AUTH admin pw-x", "MAP", "LOGOUT", "@3 RESET", "", "x".repeat(250)];

/** Bytes a broken or hostile neighbour might send: noise, fragments, well-formed frames with random fields. */
function linkBytes(r: Noise): string {
  switch (r.int(4)) {
    case 0:
      return r.junk(1 + r.int(300));
    case 1:
      return r.pick(["#", "*", "\n", "#Q", "00000000\n", "#" + "F".repeat(40) + "\n"]) + r.junk(r.int(20));
    default:
      return encodeFrame(
        {
          kind: r.pick(KINDS),
          seq: r.int(256),
          hops: r.int(40),
          call: r.int(256),
          src: r.int(256),
          dst: r.pick([1, 2, 3, 4, 0, 255, r.int(256)]),
          req: r.int(256),
          payload: r.pick(VERBS),
        },
        crc32,
      );
  }
}

/** What a bad line or a prankster might type at the console, never the right credentials. */
function consoleBytes(r: Noise): string {
  switch (r.int(3)) {
    case 0:
      return r.junk(1 + r.int(60));
    case 1:
      return r.pick(VERBS) + r.pick(["\r", "\n", "\r\n", "\x08\x08\r", "\x03"]);
    default:
      return frame(String(r.int(10000)), r.pick(VERBS)).replace(/\*..../, r.pick(["*0000", "*FFFF", "$&"]));
  }
}

for (const backend of ["ts", "emu"] as const) {
  describe(`untrusted bytes on every UART (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: VirtualSiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });

    it("two minutes of noise and forged frames: no exception, no command without a call, then a normal call", async () => {
      site = virtualSite(backend, { size: 4, ring: true });
      await settled(site);
      const s = site.site;
      const r = noise(20261125);
      const ends = s.units.flatMap((u) => (["linkA", "linkB"] as const).map((p) => u.hw.port(p)));
      const linkTimer = s.clock.setInterval(() => r.pick(ends).write(linkBytes(r)), 40);
      const consoleTimer = s.clock.setInterval(() => s.terminal.write(consoleBytes(r)), 700);
      s.clock.advance(120000);
      s.clock.clearInterval(linkTimer);
      s.clock.clearInterval(consoleTimer);
      // Let queued bytes drain, the lockout the wrong passwords earned lapse,
      // and the links settle.
      s.clock.advance(site.t.lockoutMs + 10000);

      expect(s.clock.errors).toEqual([]);
      for (let u = 0; u < 4; u++) {
        expect(site.console(u), `SMC ${site.ids[u]}`).not.toContain("Uncaught");
        expect(s.units[u].hw.pins.pulses(s.units[u].hw.pinName("reset")), `SMC ${site.ids[u]} reset`).toEqual([]);
        expect(s.units[u].hw.pins.pulses(s.units[u].hw.pinName("power")), `SMC ${site.ids[u]} power`).toEqual([]);
      }
      // The noise was seen and logged, not only survived.
      expect(s.units.some((u) => / NOISE link [AB]: [1-9]/.test(u.hw.console.output))).toBe(true);
      // No flag was left set: without AUTH, nothing is answered. (ERR 10
      // would mean the head held a route to SMC 3 that only the noise made.)
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
      expect(await ask(site, "STATUS")).toBe("ERR 6 not authenticated\r\n");
      // And a real call works.
      await authTo(site, 3);
      await statusOf(site, 3, false);
      await resetOf(site, 2);
      expect(s.units[2].hw.pins.pulses(s.units[2].hw.pinName("reset")).length).toBe(1);
    }, 60000);
  });
}
