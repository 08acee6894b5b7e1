// Every byte from a UART is untrusted. Two virtual minutes of random bytes,
// and of frames and lines shaped like the real ones with random fields, on
// the console port and on every link of a ring: no SMC throws, nothing runs
// that no caller authenticated for, and afterwards the site serves a call
// as if nothing had happened.
import { afterEach, describe, expect, it } from "vitest";
import { virtualSite, VirtualSiteDut } from "../host/dut/virtualSite";
import { rng } from "../host/sim/wire";
import { crc32, encodeFrame, frame } from "../firmware/protocol";
import { ask, authTo, resetOf, settled, statusOf } from "./scenarios/chain";

const KINDS = ["H", "K", "A", "P", "Q", "R", "C", "E", "X", "M", "N", "Z"];
const VERBS = ["RESET", "STATUS", "POWER OFF", "AUTH admin pw-x", "MAP", "LOGOUT", "@3 RESET", "", "x".repeat(250)];

function junk(random: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(random() * 256));
  return s;
}

const pick = <T>(random: () => number, xs: T[]): T => xs[Math.floor(random() * xs.length)];
const int = (random: () => number, n: number) => Math.floor(random() * n);

/** Bytes a broken or hostile neighbour might send: noise, fragments, well-formed frames with random fields. */
function linkBytes(random: () => number): string {
  switch (int(random, 4)) {
    case 0:
      return junk(random, 1 + int(random, 300));
    case 1:
      return pick(random, ["#", "*", "\n", "#Q", "00000000\n", "#" + "F".repeat(40) + "\n"]) + junk(random, int(random, 20));
    default:
      return encodeFrame(
        {
          kind: pick(random, KINDS),
          seq: int(random, 256),
          hops: int(random, 40),
          call: int(random, 256),
          src: int(random, 256),
          dst: pick(random, [1, 2, 3, 4, 0, 255, int(random, 256)]),
          req: int(random, 256),
          payload: pick(random, VERBS),
        },
        crc32,
      );
  }
}

/** What a bad line or a prankster might type at the console, never the right credentials. */
function consoleBytes(random: () => number): string {
  switch (int(random, 3)) {
    case 0:
      return junk(random, 1 + int(random, 60));
    case 1:
      return pick(random, VERBS) + pick(random, ["\r", "\n", "\r\n", "\x08\x08\r", "\x03"]);
    default:
      return frame(String(int(random, 10000)), pick(random, VERBS)).replace(/\*..../, pick(random, ["*0000", "*FFFF", "$&"]));
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
      const random = rng(20261125);
      const ends = s.units.flatMap((u) => (["linkA", "linkB"] as const).map((p) => u.hw.port(p)));
      const linkTimer = s.clock.setInterval(() => pick(random, ends).write(linkBytes(random)), 40);
      const consoleTimer = s.clock.setInterval(() => s.terminal.write(consoleBytes(random)), 700);
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
      // No flag was left set: without AUTH, nothing is answered.
      expect(await ask(site, "@3 STATUS")).toMatch(/^ERR (6 not authenticated|10 unreachable)\r\n$/);
      expect(await ask(site, "STATUS")).toBe("ERR 6 not authenticated\r\n");
      // And a real call works.
      await authTo(site, 3);
      await statusOf(site, 3, false);
      await resetOf(site, 2);
      expect(s.units[2].hw.pins.pulses(s.units[2].hw.pinName("reset")).length).toBe(1);
    }, 60000);
  });
}
