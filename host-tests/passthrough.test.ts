// Pass-through wiring (seed embodiment 5): each SMC imitates a modem toward
// the next one's modem port. On the virtual clock: TypeScript sources and
// the built bundle in the emulation.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { bundlePath, loadBoard } from "../host/dut/virtualDut";
import { defaultConfig } from "../firmware/config";
import { crc16, frame, hex } from "../firmware/protocol";
import { Site, SiteSpec, SITE_NUMBER } from "../host/sim/site";
import { connect, Probe } from "../host/sim/wire";

const board = loadBoard("linux");

function say(site: Site, line: string, ms = 30000): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  const done = () => /(^|\r\n)(OK|ERR [^\r]*)\r\n$/.test(site.terminal.text);
  if (!site.clock.runUntil(done, ms)) throw new Error(`no answer to ${line}: ${JSON.stringify(site.terminal.text)}`);
  return site.terminal.text;
}

function framedRequest(seq: string, body: string): string {
  const head = `!${seq} ${body}`;
  return head + "*" + hex(crc16(head), 4) + "\r";
}

function waitLog(site: Site, unit: number, needle: string, ms: number): number {
  const out = () => site.units[unit].hw.console.output;
  if (!site.clock.runUntil(() => out().includes(needle), ms)) throw new Error(`unit ${unit}: no ${JSON.stringify(needle)} in ${JSON.stringify(out())}`);
  return site.clock.now();
}

for (const backend of ["ts", "emu"] as const) {
  const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
  const make = (spec: Partial<SiteSpec>) => {
    const site = new Site({ size: 2, ring: false, board, firmware, wiring: "passthrough", ...spec });
    site.powerOn();
    for (let u = 1; u < site.units.length; u++) waitLog(site, u, "MODEM ready", 10000);
    return site;
  };

  describe(`pass-through wiring (${backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation"})`, () => {
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    for (const size of [2, 4, 8]) {
      it(`chain of ${size}: authenticates to each SMC, reads its STATUS and resets it`, () => {
        site = make({ size });
        for (let u = 0; u < size; u++) {
          const id = site.ids[u];
          expect(say(site, `AUTH admin pw-${id}`)).toBe(`AUTH admin ***${"*".repeat(String(id).length)}\r\nID ${id}\r\nOK\r\n`);
          expect(say(site, `@${id} STATUS`)).toMatch(new RegExp(`^@${id} STATUS\\r\\nID ${id}\\r\\nFW \\S+ linux\\r\\nPOWER OFF\\r\\n`));
          expect(say(site, `@${id} RESET`)).toBe(`@${id} RESET\r\nOK\r\n`);
          for (let o = 0; o < size; o++) expect(site.units[o].hw.pins.pulses(board.pins.reset).length, `unit ${o}`).toBe(o <= u ? 1 : 0);
        }
      });
    }

    it("the wall clock goes on with the call: each SMC the call reaches takes the one before's from its CONNECT line; their records then carry it; a redial moves nothing", () => {
      site = make({ size: 3 });
      const [a, , c] = site.ids;
      expect(say(site, `AUTH admin pw-${a}`)).toContain(`ID ${a}\r\nOK\r\n`);
      expect(say(site, "TIME 1796133600")).toBe("TIME 1796133600\r\nTIME 1796133600 2026-12-01T14:00:00Z\r\nOK\r\n");
      expect(say(site, `AUTH admin pw-${c}`)).toContain(`ID ${c}\r\nOK\r\n`);
      for (const u of [1, 2]) waitLog(site, u, "TIME from the SMC before (pass-through), was unknown", 1000);
      expect(say(site, `@${c} LOG`)).toMatch(/\r\nLOG \d+ 2026-12-01T14:00:\d\dZ TIME from the SMC before \(pass-through\), was unknown\r\n/);
      // The SMC before passes its clock on in every call; one a second or less off writes nothing.
      expect(say(site, "BYE")).toContain("OK");
      site.clock.advance(5000);
      expect(say(site, `AUTH admin pw-${c}`)).toContain(`ID ${c}\r\nOK\r\n`);
      for (const u of [1, 2]) expect(site.units[u].hw.console.output.match(/ TIME from the SMC before/g)?.length, `unit ${u}`).toBe(1);
    });

    it("chain of 4: several SMCs in one call, each addressed by ID; a command without one goes to the SMC most recently authenticated", () => {
      site = make({ size: 4 });
      for (const id of [4, 2, 1]) expect(say(site, `AUTH admin pw-${id}`)).toContain(`ID ${id}\r\nOK\r\n`);
      for (const id of [1, 2, 4]) expect(say(site, `@${id} POWER STATE`)).toBe(`@${id} POWER STATE\r\nPOWER OFF\r\nOK\r\n`);
      expect(say(site, "@3 STATUS")).toBe("@3 STATUS\r\nERR 6 not authenticated\r\n");
      // The rule of docs/protocol.md, nearer or further, in any order.
      expect(say(site, "STATUS")).toMatch(/^STATUS\r\nID 1\r\n/);
      for (const id of [4, 3, 2, 3, 1, 4]) {
        expect(say(site, `AUTH admin pw-${id}`)).toBe(`AUTH admin ***${"*".repeat(String(id).length)}\r\nID ${id}\r\nOK\r\n`);
        expect(say(site, "STATUS")).toMatch(new RegExp(`^STATUS\\r\\nID ${id}\\r\\n`));
      }
      // A failed AUTH ends every permission of the call, on every SMC (docs/protocol.md).
      expect(say(site, "AUTH admin nobody")).toBe("AUTH admin ******\r\nERR 7 authentication failed\r\n");
      expect(say(site, "RESET")).toBe("RESET\r\nERR 6 not authenticated\r\n");
      expect(say(site, "@4 STATUS")).toBe("@4 STATUS\r\nERR 6 not authenticated\r\n");
      expect(site.units.map((u) => u.hw.pins.pulses(board.pins.reset).length)).toEqual([0, 0, 0, 0]);
      expect(say(site, "AUTH admin pw-3")).toContain("ID 3\r\nOK\r\n");
      expect(say(site, "AUTH admin pw-2")).toContain("ID 2\r\nOK\r\n");
      expect(say(site, "RESET")).toBe("RESET\r\nOK\r\n");
      expect(site.units.map((u) => u.hw.pins.pulses(board.pins.reset).length)).toEqual([0, 1, 0, 0]);
      expect(say(site, "@3 RESET")).toBe("@3 RESET\r\nOK\r\n");
      expect(site.units.map((u) => u.hw.pins.pulses(board.pins.reset).length)).toEqual([0, 1, 1, 0]);
      // Extra words are refused wherever the command is for.
      expect(say(site, "@4 RESET now")).toBe("@4 RESET now\r\nERR 2 bad arguments\r\n");
      expect(say(site, "@4 @2 STATUS")).toBe("@4 @2 STATUS\r\nERR 2 bad arguments\r\n");
      expect(site.units.map((u) => u.hw.pins.pulses(board.pins.reset).length)).toEqual([0, 1, 1, 0]);
    });

    it("a program's AUTH and the command after it, sent at once: the command goes to the SMC the AUTH reached", () => {
      site = make({ size: 3 });
      site.terminal.clear();
      site.terminal.write(framedRequest("1", "AUTH admin pw-3") + framedRequest("2", "STATUS"));
      if (!site.clock.runUntil(() => site!.terminal.text.includes(frame("2", "OK")), 30000)) throw new Error(JSON.stringify(site.terminal.text));
      expect(site.terminal.text.startsWith(frame("1", "ID 3") + frame("1", "OK") + frame("2", "ID 3"))).toBe(true);
      site.terminal.clear();
      site.terminal.write("AUTH admin pw-1\rSTATUS\r@3 POWER STATE\r");
      if (!site.clock.runUntil(() => site!.terminal.text.endsWith("POWER OFF\r\nOK\r\n"), 30000)) throw new Error(JSON.stringify(site.terminal.text));
      expect(site.terminal.text).toMatch(/^AUTH admin \*{4}\r\nID 1\r\nOK\r\nSTATUS\r\nID 1\r\n[^]*\r\nOK\r\n@3 POWER STATE\r\nPOWER OFF\r\nOK\r\n$/);
    });

    it("MAP names each SMC the call runs through, from the one holding the console on", () => {
      site = make({ size: 4 });
      expect(say(site, "MAP")).toBe("MAP\r\nERR 6 not authenticated\r\n");
      expect(say(site, "AUTH admin pw-1")).toContain("ID 1\r\nOK\r\n");
      expect(say(site, "MAP")).toBe("MAP\r\nMAP 1 self 0 P:up\r\nOK\r\n");
      expect(say(site, "AUTH admin pw-3")).toContain("ID 3\r\nOK\r\n");
      expect(say(site, "MAP")).toBe("MAP\r\nMAP 1 self 0 P:through\r\nMAP 2 P 1 P:through\r\nMAP 3 P 2 P:up\r\nOK\r\n");
      expect(say(site, "AUTH admin pw-4")).toContain("ID 4\r\nOK\r\n");
      expect(say(site, "MAP")).toBe("MAP\r\nMAP 1 self 0 P:through\r\nMAP 2 P 1 P:through\r\nMAP 3 P 2 P:through\r\nMAP 4 P 3 P:none\r\nOK\r\n");
      // Framed, the same lines with the request's seq.
      site.terminal.clear();
      site.terminal.write(framedRequest("9", "MAP"));
      if (!site.clock.runUntil(() => site!.terminal.text.includes(frame("9", "OK")), 30000)) throw new Error(JSON.stringify(site.terminal.text));
      expect(site.terminal.text).toBe(["MAP 1 self 0 P:through", "MAP 2 P 1 P:through", "MAP 3 P 2 P:through", "MAP 4 P 3 P:none", "OK"].map((l) => frame("9", l)).join(""));
      expect(say(site, "MAP x")).toBe("MAP x\r\nERR 2 bad arguments\r\n");
    });

    it("LOGOUT clears the permission flags on every SMC the call runs through; the call goes on", () => {
      site = make({ size: 3 });
      for (const id of [3, 1]) expect(say(site, `AUTH admin pw-${id}`)).toContain(`ID ${id}\r\nOK\r\n`);
      expect(say(site, "LOGOUT")).toBe("LOGOUT\r\nOK\r\n");
      for (const u of [0, 2]) waitLog(site, u, "LOGOUT logout", 1000);
      for (const line of ["STATUS", "@1 STATUS", "@3 STATUS", "MAP"]) expect(say(site, line)).toBe(`${line}\r\nERR 6 not authenticated\r\n`);
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
      expect(say(site, "STATUS")).toMatch(/^STATUS\r\nID 3\r\n/);
      // Authenticated further on only: LOGOUT leaves nothing here either.
      expect(say(site, "LOGOUT")).toBe("LOGOUT\r\nOK\r\n");
      for (const line of ["STATUS", "@3 STATUS", "MAP"]) expect(say(site, line)).toBe(`${line}\r\nERR 6 not authenticated\r\n`);
    });

    it("credentials no SMC holds get ERR 7 from the end of the chain", () => {
      site = make({ size: 3 });
      expect(say(site, "AUTH admin nobody")).toBe("AUTH admin ******\r\nERR 7 authentication failed\r\n");
    });

    it("wrong passwords passed on count at the first SMC: three lock AUTH out there, each and the refusal are logged", () => {
      site = make({ size: 3 });
      for (const guess of ["a", "b", "c"]) expect(say(site, `AUTH admin ${guess}`)).toBe(`AUTH admin ${"*".repeat(String(guess).length)}\r\nERR 7 authentication failed\r\n`);
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nERR 8 locked out\r\n");
      expect(site.units[0].hw.console.output.match(/AUTHFAIL/g)?.length).toBe(4);
      expect(site.units[0].hw.console.output).toContain("AUTHFAIL refused, locked out (admin)");
      site.clock.advance(defaultConfig().t.lockoutMs);
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
    });

    it("a dead SMC in the middle: the console gets ERR 10, not silence; the ones before still work", () => {
      site = make({ size: 4 });
      site.units[2].powerOff();
      site.units[1].hw.setInput("ptDtr", false);
      expect(say(site, "AUTH admin pw-4")).toBe("AUTH admin ****\r\nERR 10 unreachable\r\n");
      expect(say(site, "AUTH admin pw-2")).toBe("AUTH admin ****\r\nID 2\r\nOK\r\n");
      expect(say(site, "@2 POWER STATE")).toBe("@2 POWER STATE\r\nPOWER OFF\r\nOK\r\n");
    });

    it("carrier lost at the real modem: every SMC down the chain sees carrier drop and clears its flags", () => {
      site = make({ size: 4, modems: { units: [0] } });
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      if (!site.clock.runUntil(() => site!.terminal.text.includes("CONNECT 9600\r\n"), 60000)) throw new Error("no CONNECT");
      for (const id of [4, 3]) expect(say(site, `AUTH admin pw-${id}`)).toContain(`ID ${id}\r\nOK\r\n`);
      const lost = site.clock.now();
      site.consoleModem!.lineLost();
      let last = 0;
      for (let u = 1; u < 4; u++) last = Math.max(last, waitLog(site, u, "CALL ended: carrier lost", 5000));
      // Each hop: DCD dropped at once, seen after the 20 ms debounce.
      expect(last - lost).toBeLessThan(200);
      for (const u of [2, 3]) waitLog(site, u, "LOGOUT carrier lost", 1000);
      // No SMC stays in transparent mode: a new call starts from the first SMC.
      site.clock.advance(3000);
      site.terminal.clear();
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      if (!site.clock.runUntil(() => site!.terminal.text.includes("CONNECT 9600\r\n"), 60000)) throw new Error("no CONNECT");
      expect(say(site, "@4 STATUS")).toBe("@4 STATUS\r\nERR 6 not authenticated\r\n");
      // Nothing of the last call's AUTHs is left at the first SMC either.
      for (const line of ["STATUS", "MAP"]) expect(say(site, line)).toBe(`${line}\r\nERR 6 not authenticated\r\n`);
      expect(say(site, "AUTH admin pw-4")).toContain("ID 4\r\nOK\r\n");
    });

    it("BYE at the far end tears the whole pass-through chain down", () => {
      site = make({ size: 3, modems: { units: [0] } });
      site.terminal.write(`ATDT${SITE_NUMBER}\r`);
      if (!site.clock.runUntil(() => site!.terminal.text.includes("CONNECT 9600\r\n"), 60000)) throw new Error("no CONNECT");
      expect(say(site, "AUTH admin pw-3")).toContain("ID 3\r\nOK\r\n");
      site.terminal.clear();
      site.terminal.write("BYE\r");
      if (!site.clock.runUntil(() => site!.terminal.text.includes("NO CARRIER"), 10000)) throw new Error(JSON.stringify(site.terminal.text));
      waitLog(site, 1, "CALL ended", 1000);
      expect(site.modems.get(0)!.online).toBe(false);
    });

    // The call's idle time-out belongs to the SMC holding the real line.
    const IDLE = { idleMs: 60000 };
    const dial = (s: Site) => {
      s.terminal.write(`ATDT${SITE_NUMBER}\r`);
      if (!s.clock.runUntil(() => s.terminal.text.includes("CONNECT 9600\r\n"), 60000)) throw new Error("no CONNECT");
    };
    /** `sent`: when the caller's last line went; it reaches the first SMC a line's time later. */
    const callEndedByFirst = (s: Site, sent: number) => {
      const after = waitLog(s, 0, "CALL ended: idle", IDLE.idleMs + 1000) - sent;
      expect(after).toBeGreaterThan(IDLE.idleMs);
      expect(after).toBeLessThan(IDLE.idleMs + 20);
      for (const u of [1, 2]) waitLog(s, u, "CALL ended: carrier lost", 1000);
      for (const u of [1, 2]) expect(s.units[u].hw.console.output).not.toContain("CALL ended: idle");
      if (!s.clock.runUntil(() => s.terminal.text.includes("NO CARRIER"), 10000)) throw new Error(JSON.stringify(s.terminal.text));
      expect(s.modems.get(0)!.online).toBe(false);
    };

    it("an SMC further on whose flag idles out clears its own flag and says so; the call goes on", () => {
      site = make({ size: 3, modems: { units: [0] }, t: IDLE });
      dial(site);
      for (const id of [3, 1]) expect(say(site, `AUTH admin pw-${id}`)).toContain(`ID ${id}\r\nOK\r\n`);
      // Work on SMC 1 only, for longer than SMC 3's idle time-out.
      for (let i = 0; i < 5; i++) {
        site.clock.advance(20000);
        expect(say(site, "@1 POWER STATE")).toBe("@1 POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      }
      expect(site.units[2].hw.console.output).toContain("LOGOUT idle here, the call goes on");
      expect(site.units[2].hw.console.output).toContain("CALL flags cleared: idle here, the call goes on");
      for (let u = 0; u < 3; u++) expect(site.units[u].hw.console.output, `unit ${u}`).not.toContain("CALL ended");
      // SMC 3 is still in the call, without its flag.
      expect(say(site, "@3 STATUS")).toBe("@3 STATUS\r\nERR 6 not authenticated\r\n");
      expect(say(site, "MAP")).toBe("MAP\r\nMAP 1 self 0 P:through\r\nMAP 2 P 1 P:through\r\nMAP 3 P 2 P:none\r\nOK\r\n");
      expect(say(site, "AUTH admin pw-3")).toBe("AUTH admin ****\r\nID 3\r\nOK\r\n");
      const sent = site.clock.now();
      expect(say(site, "STATUS")).toMatch(/^STATUS\r\nID 3\r\n/);
      // Then silence: the first SMC's idle time-out ends the call for all.
      site.terminal.clear();
      callEndedByFirst(site, sent);
    });

    it("an AUTH granted only further on: the first SMC's idle time-out ends the call for all", () => {
      site = make({ size: 3, modems: { units: [0] }, t: IDLE });
      dial(site);
      expect(say(site, "AUTH admin pw-3")).toContain("ID 3\r\nOK\r\n");
      site.terminal.clear();
      site.terminal.write("STATUS\r");
      callEndedByFirst(site, site.clock.now());
      expect(site.terminal.text).toMatch(/^STATUS\r\nID 3\r\n[^]*\r\nOK\r\n[^]*NO CARRIER/);
    });

    // The unauthenticated time-out (t.unauthMs) is the first SMC's too.
    it("a wrong AUTH reaches the end of the chain: the SMCs it woke never hang up a call authenticated at the first", () => {
      site = make({ size: 3, modems: { units: [0] }, t: { unauthMs: 20000 } });
      dial(site);
      expect(say(site, "AUTH admin wrong")).toBe("AUTH admin *****\r\nERR 7 authentication failed\r\n");
      expect(say(site, "AUTH admin pw-1")).toContain("ID 1\r\nOK\r\n");
      for (let i = 0; i < 6; i++) {
        site.clock.advance(15000);
        expect(say(site, "@1 POWER STATE")).toBe("@1 POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      }
      for (let u = 0; u < 3; u++) expect(site.units[u].hw.console.output, `unit ${u}`).not.toContain("CALL ended");
      // LOGOUT: nobody is authenticated now, and the first SMC hangs up.
      expect(say(site, "LOGOUT")).toBe("LOGOUT\r\nOK\r\n");
      const at = site.clock.now();
      const ended = waitLog(site, 0, "CALL ended: not authenticated", 45000) - at;
      expect(ended).toBeGreaterThanOrEqual(20000);
      expect(ended).toBeLessThanOrEqual(40000);
      for (const u of [1, 2]) waitLog(site, u, "CALL ended: carrier lost", 1000);
    });

    it("a call that runs on through the chain with nobody authenticated is hung up by the first SMC", () => {
      site = make({ size: 3, modems: { units: [0] }, t: { unauthMs: 20000 } });
      dial(site);
      expect(say(site, "AUTH admin wrong")).toBe("AUTH admin *****\r\nERR 7 authentication failed\r\n");
      waitLog(site, 0, "CALL ended: not authenticated", 45000);
      // t.unauthMs after the call came in, by the first SMC's own log.
      const at = (what: string) => Number(new RegExp(`\\d+ (\\d+) CALL ${what}`).exec(site!.units[0].hw.console.output)![1]);
      expect(at("ended: not authenticated") - at("connected")).toBe(20000);
      for (const u of [1, 2]) waitLog(site, u, "CALL ended: carrier lost", 1000);
    });

    it("the next SMC hangs up (ATH) on the ring, or after ATA before CONNECT: the command gets ERR 10 at once, and no CONNECT follows", () => {
      for (const answer of ["ATH\r", "ATA\rATH\r"]) {
        // One SMC whose pass-through port is cabled to a probe playing the next SMC's driver.
        site = new Site({ size: 1, ring: false, board, firmware, wiring: "passthrough" });
        site.powerOn();
        const hw = site.units[0].hw;
        const next = new Probe("next");
        connect(site.clock, hw.port("linkA"), next);
        hw.setInput("ptDtr", true);
        site.clock.advance(500);
        site.terminal.clear();
        site.terminal.write("AUTH admin nobody\r");
        expect(site.clock.runUntil(() => next.text.includes("RING"), 2000), answer).toBe(true);
        next.write(answer);
        // At once: no time-out, only the failure's wait (t.failDelayMs, 1 s).
        expect(site.clock.runUntil(() => /ERR [^\r]*\r\n$/.test(site!.terminal.text), 2000), `${answer}: ${JSON.stringify(site.terminal.text)}`).toBe(true);
        expect(site.terminal.text, answer).toBe("AUTH admin ******\r\nERR 10 unreachable\r\n");
        site.clock.advance(10000);
        expect(next.text, answer).not.toContain("CONNECT");
        expect(hw.output("ptDcd"), answer).toBe(false);
        site.units[0].powerOff();
      }
    });

    it("+++ in the caller's data passes through as data and hangs nothing up", () => {
      site = make({ size: 3 });
      expect(say(site, "AUTH admin pw-3")).toContain("ID 3\r\nOK\r\n");
      // Guard time, "+++", guard time: a modem's escape, were it one. It
      // reaches the far SMC as the start of a line, and its echo comes back
      // through the imitated modems as data, escaping none of them.
      site.terminal.clear();
      site.clock.advance(1500);
      site.terminal.write("+++");
      site.clock.advance(1500);
      // The far SMC holds back the echo of a trailing "+" until the next byte.
      expect(site.terminal.text).toBe("");
      expect(say(site, "")).toBe("+++\r\nERR 1 unknown command\r\n");
      // The same in the middle of a line, between pauses.
      site.terminal.clear();
      site.terminal.write("@3 ");
      site.clock.advance(1500);
      site.terminal.write("+++");
      site.clock.advance(1500);
      expect(site.terminal.text).toBe("@3 ");
      expect(say(site, "")).toBe("+++\r\nERR 1 unknown command\r\n");
      expect(say(site, "STATUS")).toContain("ID 3\r\n");
      for (let u = 1; u < 3; u++) expect(site.units[u].hw.console.output).not.toContain("CALL ended");
    });
  });
}

// The Pico has two UARTs: pass-through wiring is how Picos make a chain.
// Its own bundle, with its pin names, in the emulation.
describe("pass-through wiring on Picos (dist/pico.js in the emulation)", () => {
  const pico = loadBoard("pico");
  let site: Site | undefined;
  afterEach(() => {
    for (const u of site?.units ?? []) u.powerOff();
    site = undefined;
  });
  it("chain of 3 Picos: each SMC answers AUTH, STATUS and RESET, several in one call", () => {
    site = new Site({ size: 3, ring: false, board: pico, firmware: { kind: "bundle", code: readFileSync(bundlePath("pico"), "utf8") }, wiring: "passthrough" });
    site.powerOn();
    for (let u = 1; u < 3; u++) waitLog(site, u, "MODEM ready", 10000);
    for (const id of [3, 1]) expect(say(site, `AUTH admin pw-${id}`)).toBe(`AUTH admin ***${"*".repeat(String(id).length)}\r\nID ${id}\r\nOK\r\n`);
    expect(say(site, "@3 STATUS")).toMatch(/^@3 STATUS\r\nID 3\r\nFW \S+ pico\r\nPOWER OFF\r\n/);
    expect(say(site, "@3 RESET")).toBe("@3 RESET\r\nOK\r\n");
    expect(say(site, "@1 RESET")).toBe("@1 RESET\r\nOK\r\n");
    expect(site.units.map((u) => u.hw.pins.pulses(pico.pins.reset).length)).toEqual([1, 0, 1]);
    expect(say(site, "@2 STATUS")).toBe("@2 STATUS\r\nERR 6 not authenticated\r\n");
  });
});
