// The wall clock (issue 17, docs/protocol.md "Wall-clock time"), written once
// for every backend: TIME at one SMC's terminal, the records before and
// after it, bad input, a power cut; the head's time reaching SMC 3 of a
// chain and every SMC of a ring by the heartbeats; ipmitool's sel time and
// sel list.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { crc32, encodeFrame } from "../../firmware/protocol";
import type { Dut } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";
import { hasIpmitool, ipmitool } from "../support/ipmitool";
import { ask, authTo, settled, type SiteScenario } from "./chain";
import { expectExchange, login, typed } from "./common";
import type { Scenario } from "./terminal";

/** 2026-12-01T14:00:00Z. */
export const T = 1796133600;
const ISO = "2026-12-01T14:00:00Z";
const RANGE = "ERR 2 bad arguments: Unix seconds from 536870912 to 4294967295";

/** The record lines of a LOG answer (without "LOG "), its "<next> of <kept>" line left out. */
function records(answer: string): string[] {
  const lines = answer.split("\r\n").slice(1, -1);
  expect(lines[lines.length - 1]).toBe("OK");
  expect(lines[lines.length - 2]).toMatch(/^LOG \d+ of \d+$/);
  return lines.slice(0, -2).map((l) => l.slice(4));
}

/** TIME's Unix seconds, read at the terminal. */
async function timeOf(dut: Dut): Promise<number> {
  const got = await typed(dut, "TIME");
  const m = /^TIME\r\nTIME (\d+) (\S+)\r\nOK\r\n$/.exec(got);
  expect(m, got).not.toBeNull();
  expect(new Date(Number(m![1]) * 1000).toISOString().replace(".000", "")).toBe(m![2]);
  return Number(m![1]);
}

/** `s` seconds after T on a virtual clock; on the wall clock of the real interpreter up to `late` more. */
function expectAbout(dut: { backend: string }, got: number, s: number, late = 2): void {
  if (dut.backend === "real") {
    expect(got).toBeGreaterThanOrEqual(T + s);
    expect(got).toBeLessThanOrEqual(T + s + late);
  } else expect(got).toBe(T + s);
}

/** What Debian's ipmitool sent for `command` (host-tests/fixtures/ipmi/captures.json, made by capture.mjs beside it). */
function captured(command: string): { sent: string[]; answered: string[] } {
  const all: { command: string; sent: string[]; answered: string[] }[] = JSON.parse(readFileSync(new URL("../fixtures/ipmi/captures.json", import.meta.url), "utf8"));
  return all.find((c) => c.command.endsWith(" -R 1 -N 1 " + command))!;
}

/** One bracket line typed; the answer line after its echo. */
async function bracket(dut: Dut, line: string): Promise<string> {
  dut.clear("modem");
  dut.send("modem", line + "\r");
  const got = await dut.waitFor("modem", (t) => t.length > line.length + 2 && t.endsWith("]\r\n"));
  expect(got.startsWith(line + "\r\n")).toBe(true);
  return got.slice(line.length + 2, -2);
}

export const timeScenarios: Scenario[] = [
  {
    name: "TIME needs AUTH; unknown until set; records before it keep their uptime, after it carry the time (LOG in ISO UTC, flash as <ms>@<unix s>)",
    async run(dut) {
      await expectExchange(dut, "TIME", ["ERR 6 not authenticated"]);
      await expectExchange(dut, `TIME ${T}`, ["ERR 6 not authenticated"]);
      await login(dut);
      await expectExchange(dut, "TIME", ["TIME unknown", "OK"]);
      const before = records(await typed(dut, "LOG"));
      expect(before.length).toBeGreaterThanOrEqual(2);
      for (const r of before) expect(r).toMatch(/^\d+ \d+ [A-Z]+ /);
      const n = Number(before[before.length - 1].split(" ")[0]) + 1;
      await expectExchange(dut, `TIME ${T}`, [`TIME ${T} ${ISO}`, "OK"]);
      const after = records(await typed(dut, "LOG"));
      // The older records read as they did; the new one shows the time.
      expect(after.slice(0, -1)).toEqual(before.slice(after.length - 1 - before.length));
      expect(after[after.length - 1]).toBe(`${n} ${ISO} TIME set by the console, was unknown`);
      // On the board's console and in flash: the uptime, then the Unix seconds.
      const echo = await dut.waitConsole(`@${T} TIME set by the console, was unknown`, 2000);
      expect(echo).toMatch(new RegExp(`(^|\\n)>?${n} \\d+@${T} TIME set by the console, was unknown(\\r?\\n|$)`));
      const flash = ((await dut.readFile("evlog.t0")) ?? "") + ((await dut.readFile("evlog.t1")) ?? "");
      expect(flash).toMatch(new RegExp(`\\n${n} \\d+@${T} TIME set by the console, was unknown\\n`));
      // The clock runs on from the setting (within the fast unit's idle time).
      await dut.pause(1000);
      expectAbout(dut, await timeOf(dut), 1);
      // A new setting is logged with its step.
      const was = await timeOf(dut);
      await expectExchange(dut, `TIME ${T + 3600}`, [`TIME ${T + 3600} 2026-12-01T15:00:00Z`, "OK"]);
      const last = records(await typed(dut, "LOG"));
      expect(last[last.length - 1]).toBe(`${n + 1} 2026-12-01T15:00:00Z TIME set by the console, +${T + 3600 - was} s`);
      // A setting that moves the clock by a second or less (smc-console's routine one) writes nothing.
      await expectExchange(dut, `TIME ${T + 3601}`, [`TIME ${T + 3601} 2026-12-01T15:00:01Z`, "OK"]);
      expect(records(await typed(dut, "LOG"))).toEqual(last);
      // Every record now carries it: a logout's and a login's too.
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await login(dut);
      const page = records(await typed(dut, "LOG"));
      const since = page.slice(page.findIndex((r) => r.startsWith(`${n + 1} `)));
      expect(since.map((r) => r.split(" ")[2])).toEqual(expect.arrayContaining(["TIME", "LOGOUT", "AUTH"]));
      for (const r of since) expect(r).toMatch(/^\d+ 2026-12-01T15:00:0\dZ [A-Z]+ /);
    },
  },
  {
    name: "TIME with bad input: ERR 2 with the accepted range, nothing set, nothing logged; the range's ends are taken",
    async run(dut) {
      await login(dut);
      const kept = records(await typed(dut, "LOG")).length;
      for (const bad of ["abc", "12", "536870911", "4294967296", "-5", "+1796133600", "1e9", "17961336000", "0x6B0ED2E0", "1796133600.5", "9".repeat(100)]) {
        await expectExchange(dut, `TIME ${bad}`, [RANGE]);
      }
      await expectExchange(dut, `TIME ${T} 5`, ["ERR 2 bad arguments"]);
      await expectExchange(dut, "@7 TIME", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "TIME", ["TIME unknown", "OK"]);
      expect(records(await typed(dut, "LOG")).length).toBe(kept);
      expect(dut.console()).not.toContain("TIME set");
      await expectExchange(dut, "TIME 536870912", ["TIME 536870912 1987-01-05T18:48:32Z", "OK"]);
      await expectExchange(dut, "TIME 4294967295", ["TIME 4294967295 2106-02-07T06:28:15Z", "OK"]);
      await expectExchange(dut, "time 1796133600", [`TIME ${T} ${ISO}`, "OK"]);
    },
  },
  {
    name: "Set SEL Time and Get SEL Time as ipmitool sends them (captured bytes): the answers, TIME agrees; bad data is C7 or CC and sets nothing",
    async run(dut) {
      await login(dut);
      const set = captured("raw 0x0a 0x49 0xe0 0xd2 0x0e 0x6b");
      const get = captured("sel time get");
      const setReq = set.sent[set.sent.length - 1];
      const getReq = get.sent[get.sent.length - 1];
      expect([setReq, getReq]).toEqual(["[280c49e0d20e6b]", "[280c48]"]);
      // Before any setting: seconds since boot.
      expect(await bracket(dut, getReq)).toMatch(/^\[2C 0C 48 00 [0-9A-F]{2} 00 00 00\]$/);
      expect(await bracket(dut, "[280c49e0d20e]")).toBe("[2C 0C 49 C7]");
      expect(await bracket(dut, "[280c49e0d20e6b00]")).toBe("[2C 0C 49 C7]");
      expect(await bracket(dut, "[280c49ffffff1f]")).toBe("[2C 0C 49 CC]");
      await expectExchange(dut, "TIME", ["TIME unknown", "OK"]);
      expect(await bracket(dut, setReq)).toBe("[2C 0C 49 00]");
      // The same second on a virtual clock: exactly what the capture's BMC answered.
      const answer = await bracket(dut, getReq);
      if (dut.backend !== "real") expect(answer).toBe(get.answered[get.answered.length - 1]);
      else expect(answer).toMatch(/^\[2C 0C 48 00 E[0-3] D2 0E 6B\]$/);
      expectAbout(dut, await timeOf(dut), 0);
      const log = records(await typed(dut, "LOG"));
      expect(log[log.length - 1]).toMatch(new RegExp(`^\\d+ ${ISO} TIME set by IPMI, was unknown$`));
      // ipmitool's "sel time set now" bytes: this SMC takes the time they carry.
      const now = captured("sel time set now").sent[2];
      expect(await bracket(dut, now)).toBe("[2C 0C 49 00]");
      const b = now.slice(7, 15).match(/../g)!.map((h) => parseInt(h, 16));
      expectAbout(dut, (await timeOf(dut)) - (b[0] + b[1] * 256 + b[2] * 65536 + b[3] * 16777216 - T), 0);
      expect(records(await typed(dut, "LOG")).pop()).toMatch(/ TIME set by IPMI, [+-]\d+ s$/);
    },
  },
  {
    name: "a power cut forgets the time: records after it carry the uptime again, those written with the time still show it",
    async run(dut) {
      await login(dut);
      await expectExchange(dut, `TIME ${T}`, [`TIME ${T} ${ISO}`, "OK"]);
      await dut.powerCycle();
      await login(dut);
      await expectExchange(dut, "TIME", ["TIME unknown", "OK"]);
      const page = records(await typed(dut, "LOG"));
      const set = page.findIndex((r) => r.endsWith(" TIME set by the console, was unknown"));
      expect(page[set]).toMatch(new RegExp(`^\\d+ ${ISO} TIME`));
      const boot = page.slice(set + 1).find((r) => / BOOT /.test(r));
      expect(boot).toMatch(/^\d+ \d+ BOOT SMC 7 /);
    },
  },
];

/** The records of one SMC's console echo with a wall time: [uptime ms, Unix seconds, code and text] (the interpreter's REPL prompt may stand before one). */
function stamped(consoleText: string, code: string): [number, number, string][] {
  return [...consoleText.matchAll(new RegExp(`(?:^|\\n)>?\\d+ (\\d+)@(\\d+) (${code} [^\\r\\n]*)`, "g"))].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
}

/**
 * The head's time reaches every SMC by the heartbeats: each takes it once
 * (never back and forth), logs where from, and its records carry it; a
 * heartbeat of an older generation changes nothing, one of a newer
 * generation is taken, by the head too.
 */
export const timeSiteScenario: SiteScenario = {
  name: "TIME at the head reaches every SMC by the heartbeats (SMC 3's log carries it); generations decide which clock is taken",
  async run(site: SiteDut) {
    await settled(site);
    await authTo(site, 1);
    const setAt = site.now();
    expect(await ask(site, `TIME ${T}`)).toBe(`TIME ${T} ${ISO}\r\nOK\r\n`);
    for (let u = 1; u < site.size; u++) await site.waitConsole(u, "TIME from SMC ", 10000);
    // A routine setting at the head (a second or less off: smc-console's at
    // each call) keeps the generation; in three more heartbeat periods
    // nobody takes a clock again.
    const head = /^TIME (\d+) /.exec(await ask(site, "TIME"))!;
    expect(await ask(site, `TIME ${Number(head[1]) + 1}`)).toMatch(/^TIME \d+ \S+\r\nOK\r\n$/);
    await site.pause(3 * site.t.heartbeatMs);
    const late = (site.now() - setAt) / 1000 + 1;
    for (let u = 1; u < site.size; u++) {
      const got = stamped(site.console(u), "TIME");
      expect(got, site.console(u)).toHaveLength(1);
      const [, s, text] = got[0];
      // Taken from a neighbour that had it (the head, or one that took it from the head).
      if (!site.ring) expect(text).toBe(`TIME from SMC ${site.ids[u - 1]} via link B`);
      else expect(text).toMatch(/^TIME from SMC \d+ via link [AB]$/);
      expect(s).toBeGreaterThanOrEqual(T);
      expect(s).toBeLessThanOrEqual(T + late);
    }
    // SMC 3's log, read through the chain: the record in ISO UTC, and a
    // record written after it (its AUTH) carries the time too.
    const last = site.size - 1;
    await authTo(site, site.ids[last]);
    const page = records(`@${site.ids[last]} LOG\r\n` + (await ask(site, `@${site.ids[last]} LOG`)));
    const i = page.findIndex((r) => / TIME from SMC /.test(r));
    expect(page[i]).toMatch(/^\d+ 2026-12-01T14:00:\d\dZ TIME from SMC \d+ via link [AB]$/);
    expect(page.slice(i + 1).some((r) => /^\d+ 2026-12-01T14:00:\d\dZ AUTH /.test(r))).toBe(true);
    // TIME is the head's: not addressed to another SMC.
    expect(await ask(site, `@${site.ids[last]} TIME`)).toBe("ERR 2 bad arguments\r\n");
    // The real ipmitool, bridged to SMC 3 (0x20 + 2 x ID): its SEL time is the one it took.
    if (hasIpmitool) {
      const got = await ipmitool(site, ["-t", "0x" + (0x20 + 2 * site.ids[last]).toString(16), "sel", "time", "get"]);
      expect(got.code, got.stderr).toBe(0);
      expect(got.stdout).toMatch(/^12\/01\/26 14:0[0-5]:[0-5]\d UTC\n$/);
    }
    if (site.ring) return;
    // A heartbeat on SMC 3's free link A (a forger's, or a new neighbour's):
    // the same generation (1) with another time is not taken ...
    const hb = (gen: number, s: number) => encodeFrame({ kind: "H", seq: 0, hops: 0, call: 0, src: 9, dst: gen, req: s, payload: "" }, crc32);
    site.inject(last, "linkA", hb(1, T + 86400));
    await site.waitConsole(last, "LINK A up, neighbour 9", 5000);
    await site.pause(2 * site.t.heartbeatMs);
    expect(stamped(site.console(last), "TIME")).toHaveLength(1);
    // ... a newer one is, and goes on to every SMC, the head too.
    site.inject(last, "linkA", hb(2, T + 86400));
    await site.waitConsole(last, "TIME from SMC 9 via link A", 5000);
    for (let u = last - 1; u >= 0; u--) await site.waitConsole(u, `TIME from SMC ${site.ids[u + 1]} via link A`, 10000);
    const t = /^TIME (\d+) 2026-12-02T14:00:\d\dZ\r\nOK\r\n$/.exec(await ask(site, "TIME"));
    expect(t).not.toBeNull();
  },
};

export const timeIpmitoolScenarios: Scenario[] = [
  {
    name: "ipmitool sel time set now / raw Set SEL Time, sel time get, sel list: the SEL's timestamps become dates; bad Set SEL Time data changes nothing",
    async run(dut) {
      await login(dut);
      // Before: seconds since boot, which ipmitool shows as Pre-Init.
      const pre = await ipmitool(dut, ["sel", "list"]);
      expect(pre.code).toBe(0);
      expect(pre.stdout).toMatch(/^ +1 \|  Pre-Init  \|\d{10}\| System Boot Initiated/m);
      // Debian's ipmitool 1.8.19 parses no date (docs/ipmi.md): it sends nothing then.
      const bad = await ipmitool(dut, ["sel", "time", "set", "12/01/2026 14:00:00"]);
      if (bad.code !== 0) {
        expect(bad.stderr).toContain("Specified time could not be parsed");
        await expectExchange(dut, "TIME", ["TIME unknown", "OK"]);
      }
      // Set SEL Time with exactly T (raw: least significant byte first).
      const raw = await ipmitool(dut, ["raw", "0x0a", "0x49", "0xe0", "0xd2", "0x0e", "0x6b"]);
      expect(raw.code).toBe(0);
      const get = await ipmitool(dut, ["sel", "time", "get"]);
      expect(get.code).toBe(0);
      expect(get.stdout).toMatch(/^12\/01\/26 14:00:[0-5]\d UTC\n$/);
      const log = records(await typed(dut, "LOG"));
      expect(log[log.length - 1]).toMatch(/^\d+ 2026-12-01T14:00:[0-5]\dZ TIME set by IPMI, was unknown$/);
      // sel list: the records since carry the date, those before stay Pre-Init.
      const list = await ipmitool(dut, ["sel", "list"]);
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^ +1 \|  Pre-Init  \|\d{10}\| System Boot Initiated/m);
      expect(list.stdout, list.stdout).toMatch(/^ +[0-9a-f]+ \| 12\/01\/26 \| 14:00:[0-5]\d UTC \| System Event #0x01 \| Entry added to auxiliary log \| Asserted$/m);
      // Bad data: a short one (C7), a time from boot (CC): nothing set.
      const short = await ipmitool(dut, ["raw", "0x0a", "0x49", "0xe0", "0xd2", "0x0e"]);
      expect(short.code).not.toBe(0);
      expect(short.stderr).toContain("rsp=0xc7");
      const early = await ipmitool(dut, ["raw", "0x0a", "0x49", "0x00", "0x00", "0x00", "0x10"]);
      expect(early.code).not.toBe(0);
      expect(early.stderr).toContain("rsp=0xcc");
      const t = await timeOf(dut);
      expect(t).toBeGreaterThanOrEqual(T);
      expect(t).toBeLessThan(T + 60);
      // "now": this machine's clock.
      const now = await ipmitool(dut, ["sel", "time", "set", "now"]);
      expect(now.code).toBe(0);
      const host = Math.floor(Date.now() / 1000);
      expect(Math.abs((await timeOf(dut)) - host)).toBeLessThanOrEqual(5);
    },
  },
];
