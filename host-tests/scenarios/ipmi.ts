// IPMI Terminal Mode on the console port (docs/ipmi.md), on one SMC: the
// lines are those Debian's ipmitool sends (host-tests/fixtures/ipmi), the
// answers exact bytes. Run on every backend.
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";
import { hasIpmitool, ipmitool } from "../support/ipmitool";
import { ask, authTo, settled } from "./chain";
import { login, PASSWORD, typed, USER } from "./common";
import type { Scenario } from "./terminal";
import { echoOf } from "../support/echo";

/** Types an IPMI line; asserts its echo and exactly `answer` after it. */
async function exchange(dut: Dut, line: string, answer: string): Promise<void> {
  const got = await typed(dut, line, answer);
  expect(got).toBe(echoOf(line) + "\r\n" + answer + "\r\n");
}

/** Types an IPMI line; resolves with its echo and answer. */
async function answerOf(dut: Dut, line: string): Promise<string> {
  dut.clear("modem");
  dut.send("modem", line + "\r");
  return dut.waitFor("modem", (t) => t.length > line.length + 2 && t.endsWith("]\r\n"));
}

/** The IPMB address of SMC `id` (docs/ipmi.md, "Addresses"). */
const addr = (id: number) => 0x20 + 2 * id;
const h = (n: number) => n.toString(16).padStart(2, "0");
/** ipmitool's Send Message line for `-t <addr of id>`, seq 0x0c, inner netFn/cmd/data. */
function bridged(id: number, netFn: number, cmd: number, data: number[] = [], rsSA?: number): string {
  const rs = rsSA ?? addr(id);
  const inner = [0x20, 0x0c, cmd, ...data];
  const sum = inner.reduce((a, b) => a + b, 0);
  const b = [0x18, 0x0c, 0x34, 0x40, rs, netFn << 2, -(rs + (netFn << 2)) & 255, ...inner, -sum & 255];
  return "[" + b.map(h).join("") + "]";
}

/** Chassis Identify on the linux board file's identify output (a session that outlives its 5 s: t.idleMs above it). */
export const identifyScenarios: Scenario[] = [
  {
    name: "Chassis Identify: the identify pin on for the interval (5 s), forced on until 0 or the session's end; D4 without a session, C7 for a wrong length",
    async run(dut) {
      await exchange(dut, "[000c0405]", "[04 0C 04 D4]");
      expect(dut.output("identify")).toBe(false);
      await login(dut);
      await exchange(dut, "[000c0405]", "[04 0C 04 00]");
      const on = dut.now();
      expect(dut.output("identify")).toBe(true);
      const off = await dut.waitOutput("identify", false, 5000 + 1000 + dut.slackMs);
      expect(Math.abs(off - on - 5000)).toBeLessThanOrEqual(Math.max(dut.slackMs, 20));
      // Forced: still on well after the 15 s default (the virtual clock) or the 5 s before (wall clock).
      await exchange(dut, "[000c040001]", "[04 0C 04 00]");
      await dut.pause(dut.backend === "real" ? 6000 : 20000);
      expect(dut.output("identify")).toBe(true);
      await exchange(dut, "[000c0400]", "[04 0C 04 00]");
      expect(dut.output("identify")).toBe(false);
      await exchange(dut, "[000c04050100]", "[04 0C 04 C7]");
      expect(dut.output("identify")).toBe(false);
      // The session's end switches it off.
      await exchange(dut, "[000c04]", "[04 0C 04 00]");
      expect(dut.output("identify")).toBe(true);
      await exchange(dut, "[SYS PWD -X]", "[OK]");
      expect(dut.output("identify")).toBe(false);
    },
  },
];

export const ipmiScenarios: Scenario[] = [
  {
    name: "without a session: completion code D4 for every message, the power pin untouched; ipmitool's probes too",
    async run(dut) {
      await exchange(dut, "[180c01]", "[1C 0C 01 D4]");
      await exchange(dut, "[b0040000]", "[B4 04 00 D4]");
      await exchange(dut, "[000c0202]", "[04 0C 02 D4]");
      await exchange(dut, "[000c0200]", "[04 0C 02 D4]");
      await dut.pause(dut.config.t.holdMs + 200);
      expect(dut.output("power")).toBe(false);
      // The typed console protocol on the same port: still refuses, nothing was granted.
      const got = await typed(dut, "STATUS");
      expect(got).toBe("STATUS\r\nERR 6 not authenticated\r\n");
    },
  },
  {
    name: "SYS PWD opens the session AUTH opens (both directions), SYS PWD -X closes it; a wrong password is ERR 07",
    async run(dut) {
      await exchange(dut, "[SYS TMODE]", "[OK TMODE]");
      await exchange(dut, `[SYS PWD -U ${USER} wrong-pass]`, "[ERR 07]");
      await exchange(dut, `[SYS PWD -U ${USER} ${PASSWORD}]`, "[OK]");
      // The console protocol sees the same session.
      const st = await typed(dut, "POWER STATE");
      expect(st).toBe("POWER STATE\r\nPOWER OFF\r\nOK\r\n");
      await exchange(dut, "[000c01]", "[04 0C 01 00 60 00 00]");
      await exchange(dut, "[SYS PWD -X]", "[OK]");
      await exchange(dut, "[000c01]", "[04 0C 01 D4]");
      // AUTH opens it for IPMI.
      await login(dut);
      await exchange(dut, "[000c01]", "[04 0C 01 00 60 00 00]");
      await exchange(dut, "[SYS FROB]", "[ERR 01]");
    },
  },
  {
    name: "mc info, chassis status, unknown commands C1, a bad length C7, a bad control value CC",
    async run(dut) {
      await login(dut);
      const st = await typed(dut, "STATUS");
      const fw = /FW (\d+)\.(\d+)/.exec(st);
      const major = fw ? +fw[1] : 0;
      const minor = fw ? +fw[2] % 100 : 0;
      const rev = h(major & 127).toUpperCase() + " " + String(Math.floor(minor / 10) * 16 + (minor % 10)).padStart(2, "0");
      await exchange(dut, "[180c01]", `[1C 0C 01 00 ${h(dut.config.id).toUpperCase()} 01 ${rev} 02 80 00 00 00 00 00]`);
      // Get Self Test Results: DIAG's verdict (55 when DIAG answers OK).
      const diag = await typed(dut, "DIAG");
      const passed = diag.endsWith("\r\nOK\r\n");
      const fails = diag.split("\r\n").filter((l) => l.includes(" FAIL"));
      const bits = fails.reduce((b, l) => b | (l.startsWith("DIAG STORAGE") ? 0x80 : l.startsWith("DIAG LINK") ? 0x10 : 0x04), 0);
      await exchange(dut, "[180c04]", passed ? "[1C 0C 04 00 55 00]" : `[1C 0C 04 00 57 ${h(bits).toUpperCase()}]`);
      // ipmitool's PICMG and VITA probes, then anything unknown.
      await exchange(dut, "[b0040000]", "[B4 04 00 C1]");
      await exchange(dut, "[b0080003]", "[B4 08 00 C1]");
      await exchange(dut, "[28 10 43 00]", "[2C 10 43 C1]");
      await exchange(dut, "[000c02]", "[04 0C 02 C7]");
      await exchange(dut, "[000c0204]", "[04 0C 02 CC]");
      await exchange(dut, "[000c01]", "[04 0C 01 00 60 00 00]");
    },
  },
  {
    name: "the SEL: Get SEL Info counts the log's records, Get SEL Entry reads record 1 (the boot), a missing one CB, Clear SEL needs CLR",
    async run(dut) {
      await login(dut);
      const info = await answerOf(dut, "[280c40]");
      expect(info).toMatch(/^\[280c40\]\r\n\[2C 0C 40 00 51 0[2-9] 00 FF FF( [0-9A-F]{2}){4} 00 00 00 00 02\]\r\n$/);
      const first = await answerOf(dut, "[280c430000000000ff]");
      // Next 2, record 1, system event, seconds since boot, generator 20, EvM 04, System Boot (1D) #1, sensor-specific, power up (00).
      expect(first).toMatch(/^\[280c430000000000ff\]\r\n\[2C 0C 43 00 02 00 01 00 02( [0-9A-F]{2}){4} 20 00 04 1D 01 6F 00 FF FF\]\r\n$/);
      // Part of a record: offset 10, 2 bytes (sensor type and number).
      await exchange(dut, "[280c43000001000a02]", "[2C 0C 43 00 02 00 1D 01]");
      await exchange(dut, "[280c4300003412 00 ff]", "[2C 0C 43 CB]");
      await exchange(dut, "[280c4300000100 0c 08]", "[2C 0C 43 CA]");
      await exchange(dut, "[280c470000434c5100]", "[2C 0C 47 CC]");
      await exchange(dut, "[280c42]", "[2C 0C 42 00 01 00]");
    },
  },
  {
    name: "chassis power cycle answers at once: a server that is off is pressed once (not held), one that is on is held off, paused and pressed (C0 meanwhile)",
    async run(dut) {
      const t = dut.config.t;
      await login(dut);
      await exchange(dut, "[000c0202]", "[04 0C 02 00]");
      const p0 = await dut.waitOutput("power", true, 2000);
      const p1 = await dut.waitOutput("power", false, t.holdMs + 2000);
      // A press, not the forced-off hold: a hold would switch an off server on and off again.
      // (p0 is when the wait saw the pin high: the press began while the answer went out.)
      expect(p1 - p0).toBeLessThanOrEqual(t.pressMs + dut.slackMs);
      // The server never came on (no power-good): logged, as POWER's check does; nothing pressed meanwhile.
      await dut.waitConsole("POWER CYCLE failed: power-good OFF", t.powerGoodMs + 3000);
      expect(dut.output("power")).toBe(false);
      // (The fast real-interpreter timings idle the session out meanwhile.)
      await login(dut);
      const log = await typed(dut, "LOG");
      expect(log).toContain("POWER CYCLE commanded (IPMI)");
      expect(log).toContain("POWER CYCLE failed: power-good OFF");
      dut.setInput("powerGood", true);
      await exchange(dut, "[000c0202]", "[04 0C 02 00]");
      const h0 = await dut.waitOutput("power", true, 2000);
      dut.setInput("powerGood", false);
      const h1 = await dut.waitOutput("power", false, t.holdMs + 2000);
      expect(h1 - h0).toBeGreaterThan(t.pressMs + dut.slackMs);
      expect(h1 - h0).toBeLessThanOrEqual(t.holdMs + dut.slackMs);
      // Busy while the cycle runs: C0, nothing else pressed.
      await exchange(dut, "[000c0201]", "[04 0C 02 C0]");
      const q0 = await dut.waitOutput("power", true, t.cycleGapMs + 2000);
      expect(Math.abs(q0 - h1 - t.cycleGapMs)).toBeLessThanOrEqual(dut.slackMs);
      const q1 = await dut.waitOutput("power", false, t.pressMs + 2000);
      expect(Math.abs(q1 - q0 - t.pressMs)).toBeLessThanOrEqual(dut.slackMs);
    },
  },
  {
    name: "bad lines: not hex, odd, too long, a control byte, a bad bridged checksum get [ERR hh]; the console protocol goes on",
    async run(dut) {
      await login(dut);
      await exchange(dut, "[18 0c 0g]", "[ERR 02]");
      await exchange(dut, "[180c0]", "[ERR 02]");
      await exchange(dut, "[18", "[ERR 02]");
      const long = "[" + "00".repeat(70) + "]";
      const got = await typed(dut, long, "[ERR 03]");
      expect(got.endsWith("\r\n[ERR 03]\r\n")).toBe(true);
      dut.clear("modem");
      dut.send("modem", "[18\x010c01]\r");
      await dut.waitFor("modem", "[ERR 04]\r\n", 3000);
      expect(dut.text("modem")).toBe("[180c01]\r\n[ERR 04]\r\n");
      const bad = bridged(dut.config.id, 0, 1);
      await exchange(dut, bad.substr(0, bad.length - 3) + "00]", "[ERR 05]");
      const st = await typed(dut, "POWER STATE");
      expect(st).toBe("POWER STATE\r\nPOWER OFF\r\nOK\r\n");
    },
  },
  {
    name: "a Send Message to this SMC's own address (or 0x20) is answered here, wrapped as the IPMB response ipmitool reads",
    async run(dut) {
      await login(dut);
      const id = dut.config.id;
      const a = addr(id);
      // Inner response: rqSA 20, netFn 04, csum, rsSA, seq 0c, cmd 01, cc 00, data, csum.
      const body = [a, 0x0c, 0x01, 0x00, 0x60, 0x00, 0x00];
      const sum = body.reduce((x, y) => x + y, 0);
      const inner = [0x20, 0x04, -(0x24) & 255, ...body, -sum & 255];
      const want = "[1C 0C 34 00 " + inner.map((x) => h(x).toUpperCase()).join(" ") + "]";
      await exchange(dut, bridged(id, 0, 1), want);
      // Another SMC, none wired: under @id's rules, no authenticated route: D4.
      await exchange(dut, bridged(id + 1, 0, 1), "[1C 0C 34 D4]");
      // An address no ID has (odd): 83 (NAK).
      await exchange(dut, bridged(0, 0, 1, [], a + 1), "[1C 0C 34 83]");
      // 0x20 is the SMC holding the console, whatever its ID.
      const body20 = [0x20, 0x0c, 0x01, 0x00, 0x60, 0x00, 0x00];
      const sum20 = body20.reduce((x, y) => x + y, 0);
      const inner20 = [0x20, 0x04, -(0x24) & 255, ...body20, -sum20 & 255];
      await exchange(dut, bridged(0, 0, 1, [], 0x20), "[1C 0C 34 00 " + inner20.map((x) => h(x).toUpperCase()).join(" ") + "]");
    },
  },
];

/** The Send Message answer around an IPMB response from `rsSA` to inner chassis (netFn 0) `cmd`: completion code and data `a`. */
function wrapped(rsSA: number, cmd: number, a: number[]): string {
  const body = [rsSA, 0x0c, cmd, ...a];
  const sum = body.reduce((x, y) => x + y, 0);
  const inner = [0x20, 0x04, -0x24 & 255, ...body, -sum & 255];
  return "[1C 0C 34 00 " + inner.map((x) => h(x).toUpperCase()).join(" ") + "]";
}
/** ipmitool's answer to a bridged Get Chassis Status from SMC `id`, power off. */
const bridgedStatus = (id: number) => wrapped(addr(id), 1, [0, 0x60, 0, 0]);

/** Types an IPMI line at the site's console; asserts echo and answer. */
async function siteExchange(site: SiteDut, line: string, answer: string, deadlineMs = 10000): Promise<void> {
  site.clear();
  site.send(line + "\r");
  await site.waitFor((t) => t.includes("]\r\n", line.length + 2), deadlineMs);
  expect(site.text()).toBe(echoOf(line) + "\r\n" + answer + "\r\n");
}

export interface IpmiSiteScenario {
  name: string;
  run(site: SiteDut): Promise<void>;
}

/** Bridged requests along a chain of 3 (or a ring of 4 with SMC 2 dead: `dead`). */
export function bridgeScenario(dead?: number): IpmiSiteScenario {
  return {
    name: "Send Message bridges to SMC 3 by its IPMB address under @id's rules" + (dead === undefined ? "" : `, unit ${dead} dead`),
    async run(site) {
      await settled(site);
      if (dead !== undefined) {
        await site.kill(dead);
        await site.waitConsole(0, "LINK A down", site.t.linkDownMs + 5000);
      }
      const far = site.ids[2];
      const mid = site.ids[1];
      // Not authenticated anywhere: D4 in the Send Message's answer.
      await siteExchange(site, bridged(far, 0, 1), "[1C 0C 34 D4]");
      await authTo(site, far);
      await siteExchange(site, bridged(far, 0, 1), bridgedStatus(far));
      // An SMC this call did not authenticate to (alive or dead) is not asked: D4, as @id's ERR 6.
      await siteExchange(site, bridged(mid, 0, 1), "[1C 0C 34 D4]");
      // The head itself (0x20) is not authenticated either.
      await siteExchange(site, bridged(0, 0, 1, [], 0x20), wrapped(0x20, 1, [0xd4]));
      // Chassis power cycle on SMC 3: its power pin is pressed, the head's not.
      await siteExchange(site, bridged(far, 0, 2, [2]), wrapped(addr(far), 2, [0]));
      await site.waitOutput(2, "power", true, 5000);
      expect(site.output(0, "power")).toBe(false);
      if (!hasIpmitool) return;
      // The real ipmitool, bridged: `-t <SMC 3's address>`.
      const t = "0x" + h(addr(far));
      const mc = await ipmitool(site, ["-t", t, "mc", "info"]);
      expect(mc.code).toBe(0);
      expect(mc.stdout).toMatch(new RegExp(`^Device ID\\s+: ${far}$`, "m"));
      const cs = await ipmitool(site, ["-t", t, "chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: off$/m);
      const sel = await ipmitool(site, ["-t", t, "sel", "list"]);
      expect(sel.code).toBe(0);
      expect(sel.stdout).toMatch(/^ +1 \|  Pre-Init  \|\d{10}\| System Boot Initiated #0x01 \| Initiated by power up \| Asserted$/m);
      const sdr = await ipmitool(site, ["-t", t, "sdr", "list"]);
      expect(sdr.code).toBe(0);
      expect(sdr.stdout).toMatch(/^temp +\| /m);
      const no = await ipmitool(site, ["-t", "0x" + h(addr(mid)), "chassis", "status"]);
      expect(no.code).not.toBe(0);
      expect(no.stdout).not.toContain("System Power");
    },
  };
}

/** ipmitool's two-level Send Message (`-T <t> -t <x>`, IPMB addresses), seq 0x0c: a Send Message to `t` whose request is a Send Message to `x`. */
function bridged2(t: number, x: number, netFn: number, cmd: number, data: number[] = []): string {
  const sum = (b: number[]) => -b.reduce((x, y) => x + y, 0) & 255;
  const inner = [0x40, x, netFn << 2, -(x + (netFn << 2)) & 255, 0x20, 0x0c, cmd, ...data, sum([0x20, 0x0c, cmd, ...data])];
  const outer = [0x20, 0x0c, 0x34, ...inner];
  const b = [0x18, 0x0c, 0x34, 0x40, t, 0x18, -(t + 0x18) & 255, ...outer, sum(outer)];
  return "[" + b.map(h).join("") + "]";
}
/** The two-level answer: the transit's IPMB response (its Send Message's 00) around the target's (chassis `cmd`, code and data `a`). */
function wrapped2(t: number, x: number, cmd: number, a: number[]): string {
  const sum = (b: number[]) => -b.reduce((x, y) => x + y, 0) & 255;
  const ib = [x, 0x0c, cmd, ...a];
  const inner = [0x20, 0x04, 0xdc, ...ib, sum(ib)];
  const ob = [t, 0x0c, 0x34, 0, ...inner];
  const outer = [0x20, 0x1c, 0xc4, ...ob, sum(ob)];
  return "[1C 0C 34 00 " + outer.map((x) => h(x).toUpperCase()).join(" ") + "]";
}
/** The transit's own refusal (its Send Message's code `cc`) inside the head's answer. */
function refused2(t: number, cc: number): string {
  const ob = [t, 0x0c, 0x34, cc];
  const sum = -ob.reduce((x, y) => x + y, 0) & 255;
  return "[1C 0C 34 00 " + [0x20, 0x1c, 0xc4, ...ob, sum].map((x) => h(x).toUpperCase()).join(" ") + "]";
}

/**
 * Two levels (ipmitool's -T transit -t target) along a chain of 3: the
 * transit is an SMC this call authenticated to, the target one beyond it
 * (the call's AUTH for it came through the transit).
 */
export function twoLevelScenario(): IpmiSiteScenario {
  return {
    name: "two-level Send Message (-T SMC 2 -t SMC 3): the transit must be authenticated and on the way; the answer in both levels",
    async run(site) {
      await settled(site);
      const [, m, f] = site.ids;
      const mid = addr(m), far = addr(f);
      await authTo(site, f);
      // The transit not authenticated in this call: the head's Send Message answers D4.
      await siteExchange(site, bridged2(mid, far, 0, 1), "[1C 0C 34 D4]");
      await authTo(site, m);
      await siteExchange(site, bridged2(mid, far, 0, 1), wrapped2(mid, far, 1, [0, 0x60, 0, 0]));
      // The transit beyond the target (SMC 3 to reach SMC 2): the transit's Send Message answers 83.
      await siteExchange(site, bridged2(far, mid, 0, 1), refused2(far, 0x83));
      // Through the head itself (0x20) the transit is on every way.
      await siteExchange(site, bridged2(0x20, far, 0, 1), wrapped2(0x20, far, 1, [0, 0x60, 0, 0]));
      // Chassis power cycle two levels away: SMC 3's power pin, not SMC 2's.
      await siteExchange(site, bridged2(mid, far, 0, 2, [2]), wrapped2(mid, far, 2, [0]));
      await site.waitOutput(2, "power", true, 5000);
      expect(site.output(1, "power")).toBe(false);
      // Chassis Identify (forced) on SMC 3, one level: its identify output, until the call's LOGOUT ends its session there
      // (a board file without the output, the Original's in a real lineup: C1).
      if (site.hasPin(2, "identify")) {
        await siteExchange(site, bridged(f, 0, 4, [0, 1]), wrapped(far, 4, [0]));
        expect(site.output(2, "identify")).toBe(true);
        if (site.hasPin(0, "identify")) expect(site.output(0, "identify")).toBe(false);
        expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
        await site.waitOutput(2, "identify", false, 5000);
      } else {
        await siteExchange(site, bridged(f, 0, 4, [0, 1]), wrapped(far, 4, [0xc1]));
        expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      }
      if (!hasIpmitool) return;
      await authTo(site, f);
      await authTo(site, m);
      const T = "0x" + h(mid), t = "0x" + h(far);
      const cs = await ipmitool(site, ["-T", T, "-t", t, "chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: (on|off)$/m);
      const mc = await ipmitool(site, ["-B", "0", "-T", T, "-b", "0", "-t", t, "mc", "info"]);
      expect(mc.code).toBe(0);
      expect(mc.stdout).toMatch(new RegExp(`^Device ID\\s+: ${f}$`, "m"));
      const no = await ipmitool(site, ["-T", t, "-t", T, "chassis", "status"]);
      expect(no.code).toBe(1);
      expect(no.stdout).not.toContain("System Power");
      expect(no.stderr).toBe("Error sending Chassis Status command: Unknown (0x83)\n");
    },
  };
}

/**
 * Pass-through wiring (docs/passthrough.md), 3 SMCs: a bridged line goes on
 * through each SMC's pass-through port as it is, until the SMC it names,
 * which answers it in every level, under @id's rules there.
 */
export function passThroughScenario(): IpmiSiteScenario {
  return {
    name: "pass-through wiring: Send Message (one and two levels) reaches SMC 3 through SMC 2's modem port, only where this call authenticated",
    async run(site) {
      for (let u = 1; u < site.size; u++) await site.waitConsole(u, "MODEM ready", 10000);
      const [, m, f] = site.ids;
      const mid = addr(m), far = addr(f);
      // The call runs on to no SMC yet: D4, as @3 gets ERR 6.
      await siteExchange(site, bridged(f, 0, 1), "[1C 0C 34 D4]");
      await authTo(site, f);
      await siteExchange(site, bridged(f, 0, 1), bridgedStatus(f));
      // SMC 2 is on the way but this call did not authenticate to it: its own D4.
      await siteExchange(site, bridged(m, 0, 1), wrapped(mid, 1, [0xd4]));
      // Two levels: the transit must be passed before the target.
      await siteExchange(site, bridged2(mid, far, 0, 1), wrapped2(mid, far, 1, [0, 0x60, 0, 0]));
      await siteExchange(site, bridged2(far, mid, 0, 1), refused2(far, 0x83));
      await siteExchange(site, bridged(f, 0, 2, [2]), wrapped(far, 2, [0]));
      await site.waitOutput(2, "power", true, 5000);
      expect(site.output(1, "power")).toBe(false);
      if (!hasIpmitool) return;
      const mc = await ipmitool(site, ["-t", "0x" + h(far), "mc", "info"]);
      expect(mc.code).toBe(0);
      expect(mc.stdout).toMatch(new RegExp(`^Device ID\\s+: ${f}$`, "m"));
      const cs = await ipmitool(site, ["-T", "0x" + h(mid), "-t", "0x" + h(far), "chassis", "status"]);
      expect(cs.code).toBe(0);
      expect(cs.stdout).toMatch(/^System Power\s+: (on|off)$/m);
      const no = await ipmitool(site, ["-t", "0x" + h(mid), "chassis", "status"]);
      expect(no.code).not.toBe(0);
      expect(no.stderr).toContain("Insufficient privilege level");
    },
  };
}
