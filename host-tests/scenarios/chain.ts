// The chain and the ring (seed embodiments 1, 2 and 4), written once for
// every backend: a console on the first SMC's modem port reaching the others.
import { expect } from "vitest";
import type { Timings } from "../../firmware/config";
import { crc32, encodeFrame, K, type LinkFrame } from "../../firmware/protocol";
import { finalSeen } from "../../host/dut/dut";
import type { SiteDut, SiteOptions } from "../../host/dut/siteDut";
import { echoOf } from "../support/echo";

export const password = (id: number) => `pw-${id}`;

/** Types a line at the console; resolves with what came back after the echo. */
export async function ask(site: SiteDut, line: string, deadlineMs = 10000): Promise<string> {
  site.clear();
  site.send(line + "\r");
  const got = await site.waitFor(finalSeen, deadlineMs);
  expect(got.startsWith(echoOf(line) + "\r\n")).toBe(true);
  return got.substr(echoOf(line).length + 2);
}

export async function authTo(site: SiteDut, id: number): Promise<void> {
  expect(await ask(site, `AUTH admin ${password(id)}`)).toBe(`ID ${id}\r\nOK\r\n`);
}

/** Waits until the head sees its neighbours (heartbeats), so a search can start. */
/**
 * Every cabled link of the site is up: unit i's link A to unit i+1's link B
 * (and, in a ring, the last unit's A to the first's B). An AUTH sent before
 * a far link is up finds no SMC behind it and is answered ERR 7, rightly:
 * under a loaded machine the far SMCs boot seconds after the head.
 */
export async function settled(site: SiteDut): Promise<void> {
  if (site.size < 2) return;
  for (let u = 0; u < site.size; u++) {
    if (site.ring || u < site.size - 1) await site.waitConsole(u, "LINK A up", 10000);
    if (site.ring || u > 0) await site.waitConsole(u, "LINK B up", 10000);
  }
}

export async function statusOf(site: SiteDut, id: number, addressed: boolean): Promise<void> {
  const got = await ask(site, (addressed ? `@${id} ` : "") + "STATUS");
  expect(got).toMatch(new RegExp(`^ID ${id}\\r\\nFW \\S+ \\S+\\r\\nPOWER OFF\\r\\nUPTIME \\d+\\r\\nTEMP \\S+\\r\\nCONFIG stored\\r\\nBOOTS \\d+ LAST [^\\r]+\\r\\n(IN [^\\r]+\\r\\n)*LINKS [^\\r]+\\r\\nOK\\r\\n$`));
}

export async function resetOf(site: SiteDut, unit: number): Promise<void> {
  const id = site.ids[unit];
  site.clear();
  site.send(`@${id} RESET\r`);
  const rise = await site.waitOutput(unit, "reset", true, 10000);
  const fall = await site.waitOutput(unit, "reset", false, site.t.resetMs + 5000);
  expect(Math.abs(fall - rise - site.t.resetMs)).toBeLessThanOrEqual(site.slackMs);
  await site.waitFor(finalSeen, 10000);
  expect(site.text()).toBe(`@${id} RESET\r\nOK\r\n`);
}

export interface SiteScenario {
  name: string;
  run(site: SiteDut): Promise<void>;
}

export const chainScenarios: SiteScenario[] = [
  {
    name: "the console authenticates to each SMC in turn, reads its STATUS and resets it",
    async run(site) {
      await settled(site);
      for (let u = 0; u < site.size; u++) {
        const id = site.ids[u];
        await authTo(site, id);
        await statusOf(site, id, false);
        await resetOf(site, u);
        for (let o = 0; o < site.size; o++) expect(site.output(o, "reset")).toBe(false);
      }
    },
  },
  {
    name: "one call authenticates to several SMCs and addresses each by ID; no ID means the last one",
    async run(site) {
      await settled(site);
      const picked = [...new Set([site.size - 1, Math.floor(site.size / 2), 0])].map((u) => site.ids[u]);
      for (const id of picked) await authTo(site, id);
      for (const id of picked) await statusOf(site, id, true);
      // Without an ID: the most recently authenticated SMC.
      await statusOf(site, picked[picked.length - 1], false);
      const stranger = site.size > picked.length ? site.ids.find((id) => !picked.includes(id))! : 0;
      if (stranger) expect(await ask(site, `@${stranger} STATUS`)).toBe("ERR 6 not authenticated\r\n");
      expect(await ask(site, "@249 STATUS")).toBe("ERR 6 not authenticated\r\n");
    },
  },
  {
    name: "a command for another SMC is checked as a local one: extra words or a second @id get ERR 2 and run nothing",
    async run(site) {
      await settled(site);
      const id = site.ids[site.size - 1];
      await authTo(site, id);
      for (const line of [`@${id} RESET now`, "RESET now", `@${id} @${site.ids[0]} STATUS`, `@${id} @99 POWER STATE`, `@${id} POWER`, `@${id} MAP`]) expect(await ask(site, line), line).toBe("ERR 2 bad arguments\r\n");
      for (let u = 0; u < site.size; u++) expect(site.output(u, "reset")).toBe(false);
      expect(await ask(site, `@${id} POWER STATE`)).toBe("POWER OFF\r\nOK\r\n");
    },
  },
  {
    name: "credentials no SMC holds get a definite ERR 7, promptly (after the failure's wait)",
    async run(site) {
      await settled(site);
      const start = site.now();
      expect(await ask(site, "AUTH admin nobody")).toBe("ERR 7 authentication failed\r\n");
      // Each hop costs a frame's time at 115200 baud and processing, far
      // under 100 ms; the answer then waits t.failDelayMs (docs/protocol.md, "Guessing").
      expect(site.now() - start).toBeLessThan(site.t.failDelayMs + 500 + 100 * site.size);
    },
  },
  {
    name: "LOGOUT clears every permission and connection flag the call set, on every SMC",
    async run(site) {
      await settled(site);
      const last = site.size - 1;
      await authTo(site, site.ids[last]);
      if (site.size > 2) await authTo(site, site.ids[1]);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.waitConsole(last, last ? "LOGOUT call ended" : "LOGOUT logout", 5000);
      if (site.size > 2) await site.waitConsole(1, "LOGOUT call ended", 5000);
      for (let u = 1; u < last; u++) if (u !== 1) await site.waitConsole(u, "flags cleared: call ended", 5000);
      for (const id of site.ids.slice(1)) expect(await ask(site, `@${id} STATUS`)).toBe("ERR 6 not authenticated\r\n");
      expect(await ask(site, "STATUS")).toBe("ERR 6 not authenticated\r\n");
    },
  },
  {
    name: "MAP lists the site's SMCs in chain order with their links",
    async run(site) {
      await settled(site);
      if (site.ring) for (let u = 0; u < site.size; u++) await site.waitConsole(u, site.size > 1 ? "LINK B up" : "BOOT", 10000);
      else for (let u = 1; u < site.size; u++) await site.waitConsole(u, "LINK B up", 10000);
      await authTo(site, site.ids[0]);
      const got = await ask(site, "MAP");
      const lines = got.split("\r\n").filter(Boolean);
      const n = site.size;
      const st = (u: number, side: "A" | "B") => (!site.hasLink(u, side) ? "none" : n > 1 && (site.ring || (side === "A" ? u < n - 1 : u > 0)) ? "up" : "silent");
      const want = [`MAP ${site.ids[0]} self 0 A:${st(0, "A")} B:${st(0, "B")}`];
      for (let u = 1; u < n; u++) want.push(`MAP ${site.ids[u]} A ${u} A:${st(u, "A")} B:${st(u, "B")}`);
      want.push("OK");
      expect(lines).toEqual(want);
    },
  },
];

/** Failures: run on rings and chains of at least 3. */
export const failoverScenarios: SiteScenario[] = [
  {
    name: "a dead SMC in a chain: the ones behind it answer ERR 10 promptly, the ones before still work",
    async run(site) {
      if (site.ring || site.size < 3) throw new Error(`this scenario needs a chain of at least 3 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
      await settled(site);
      const dead = 1;
      await site.kill(dead);
      await site.waitConsole(0, "LINK A down", site.t.linkDownMs + 5000);
      const start = site.now();
      expect(await ask(site, `AUTH admin ${password(site.ids[2])}`)).toBe("ERR 10 unreachable\r\n");
      // No time-out: only the failure's wait (t.failDelayMs).
      expect(site.now() - start).toBeLessThan(site.t.failDelayMs + 1000);
      await authTo(site, site.ids[0]);
      await statusOf(site, site.ids[0], true);
    },
  },
  {
    name: "a cable cut behind the next SMC: a request for the SMC behind it answers ERR 10 with the E frame's text, which link is down",
    async run(site) {
      if (site.ring || site.size < 3) throw new Error(`this scenario needs a chain of at least 3 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
      await settled(site);
      await authTo(site, site.ids[2]);
      await statusOf(site, site.ids[2], false);
      // SMC 2's link A leads to SMC 3 (MAP: "A:up B:up").
      site.cut(1, 2);
      await site.waitConsole(1, "LINK A down", site.t.linkDownMs + 5000);
      // SMC 2 answers each asking at once with "E 10 link A down": asked twice, then ERR 10 saying so.
      expect(await ask(site, "STATUS", 2 * site.t.linkDownMs + 10000)).toBe("ERR 10 unreachable: link A down\r\n");
      await authTo(site, site.ids[1]);
      await statusOf(site, site.ids[1], false);
    },
  },
];

export function ringFailover(dead: number | undefined, cut: [number, number] | undefined): SiteScenario {
  return {
    name: dead !== undefined ? `ring: with SMC ${dead + 1} dead, every other SMC is reached` : `ring: with the cable ${cut![0] + 1}-${cut![1] + 1} cut, every SMC is reached`,
    async run(site) {
      if (!site.ring || site.size < 3) throw new Error(`this scenario needs a ring of at least 3 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
      await settled(site);
      // Heartbeats tell the neighbours before any request needs the link.
      const watcher = dead !== undefined ? (dead + 1) % site.size : cut![1];
      // The watcher must have heard the neighbour it is to see go (a loaded
      // machine can start the processes seconds apart): a link never up never goes down.
      await site.waitConsole(watcher, "LINK B up", 10000);
      if (dead !== undefined) await site.kill(dead);
      if (cut) site.cut(cut[0], cut[1]);
      await site.waitConsole(watcher, " down", site.t.linkDownMs + 5000);
      for (let u = 1; u < site.size; u++) {
        if (u === dead) continue;
        await authTo(site, site.ids[u]);
        await statusOf(site, site.ids[u], false);
      }
      // The search went A-wards, then B-wards: the last E frame came from the
      // SMC after the dead one, unless that is the head.
      if (dead !== undefined) expect(await ask(site, `AUTH admin ${password(site.ids[dead])}`)).toBe(`ERR 10 unreachable: link ${dead === site.size - 1 ? "A" : "B"} down\r\n`);
    },
  };
}

/**
 * An SMC dead since its neighbours booted (a power cut the site came back
 * from without it): they never heard it, yet their configuration says a
 * cable is there (`cabled`), so it is a dead SMC, not the chain's end. Its
 * credentials answer ERR 10 naming the link, not ERR 7 ("bad
 * credentials" on the web page, a wrong password to the person at 3 a.m.).
 * A ring of at least 4: unit 2 dies, units 1 and 3 reboot without it.
 */
export const deadSinceBoot: SiteScenario = {
  name: "an SMC dead since its neighbours booted: its credentials answer ERR 10 naming the link, not ERR 7; the others are reached",
  async run(site) {
    if (!site.ring || site.size < 4) throw new Error(`this scenario needs a ring of at least 4 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
    await settled(site);
    await site.kill(2);
    await site.kill(1);
    await site.kill(3);
    await site.powerOn(1);
    await site.powerOn(3);
    // Each reborn neighbour hears the SMC on its other side, never the dead one.
    await site.waitConsole(1, "LINK B up", 20000);
    await site.waitConsole(3, "LINK A up", 20000);
    await site.waitConsole(0, "LINK A up", 20000);
    await site.waitConsole(0, "LINK B up", 20000);
    // A-wards SMC 2 answers "E 10 link A down", then B-wards SMC 4 "E 10 link B down": the last one is shown.
    expect(await ask(site, `AUTH admin ${password(site.ids[2])}`)).toBe("ERR 10 unreachable: link B down\r\n");
    await authTo(site, site.ids[1]);
    await authTo(site, site.ids[3]);
    // The reborn neighbour tells which of its links is dead.
    // Both reborn neighbours show their link toward it down, not silent (a chain's end).
    const ids = site.ids;
    let map = `MAP ${ids[0]} self 0 A:up B:up\r\nMAP ${ids[1]} A 1 A:down B:up\r\n`;
    for (let u = site.size - 1; u >= 3; u--) map += `MAP ${ids[u]} B ${site.size - u} A:up B:${u === 3 ? "down" : "up"}\r\n`;
    expect(await ask(site, "MAP")).toBe(map + "OK\r\n");
  },
};

/**
 * A neighbour reboots faster than t.linkDownMs (CONFIG REBOOT, a watchdog
 * reset): its link never went down here, and it numbers its frames from 1
 * again. The next AUTH for it is answered on the wire's time. (Before the
 * L frame at link-up its approval was its first frame, numbered as the one
 * before the reboot, and was dropped as a repeat; with that L first, this
 * passes either way: `renumbered` below tests the numbering itself.)
 */
export const quickReboot: SiteScenario = {
  name: "a neighbour that rebooted faster than the link's down time is answered and heard at once (its frames numbered anew are not taken for repeats)",
  async run(site) {
    if (site.size !== 2) throw new Error("this scenario needs 2 SMCs");
    await settled(site);
    await authTo(site, site.ids[1]);
    await site.kill(1);
    await site.powerOn(1);
    await site.waitConsole(1, "LINK B up", 10000);
    const start = site.now();
    await authTo(site, site.ids[1]);
    // Answered on the wire's time, not after a request's time-out.
    expect(site.now() - start).toBeLessThan(site.t.requestMs);
    await statusOf(site, site.ids[1], false);
    expect(site.console(0)).not.toContain("LINK A down");
  },
};

/**
 * The same at the frame level: a neighbour's frames as they come from its
 * cable. A repeat (same seq) is dropped; after a heartbeat with seq 0 (the
 * neighbour rebooted and sent nothing since) the same number is a new frame.
 */
export const renumbered: SiteScenario = {
  name: "a frame with the last one's number is a repeat, but not after the neighbour's heartbeat says it rebooted (seq 0)",
  async run(site) {
    const from = (f: Partial<LinkFrame>) => encodeFrame({ kind: K.Heartbeat, seq: 0, hops: 0, call: 0, src: 9, dst: 0, req: 0, payload: "", ...f }, crc32) + "\n";
    const heard = () => (site.console(0).match(/AUTH lockout heard: /g) ?? []).length;
    site.inject(0, "linkA", from({}));
    await site.waitConsole(0, "LINK A up, neighbour 9", 5000);
    site.inject(0, "linkA", from({ kind: K.Lock, seq: 5, payload: "20000 3" }));
    await site.waitConsole(0, "AUTH lockout heard: 20000 ms, 3 failures in a row", 5000);
    // Its repeat (the ack was lost): dropped, though it would be news.
    site.inject(0, "linkA", from({ kind: K.Lock, seq: 5, payload: "25000 4" }));
    // The neighbour rebooted and says so; its first frame again has a number heard before.
    site.inject(0, "linkA", from({ seq: 0 }));
    site.inject(0, "linkA", from({ kind: K.Lock, seq: 5, payload: "28000 5" }));
    await site.waitConsole(0, "AUTH lockout heard: 28000 ms, 5 failures in a row", 5000);
    expect(heard()).toBe(2);
    expect(site.console(0)).not.toContain("25000 ms");
  },
};

export const SHAPES: SiteOptions[] = [
  { size: 1, ring: false },
  { size: 2, ring: false },
  { size: 3, ring: false },
  { size: 8, ring: false },
  { size: 32, ring: false },
  { size: 2, ring: true },
  { size: 3, ring: true },
  { size: 8, ring: true },
  { size: 32, ring: true },
];

/** Frames as a forger on a cable would write them (the CRC is no secret). */
export function forged(f: { kind: string; seq: number; call: number; src: number; dst: number; req: number; payload: string; hops?: number }): string {
  return encodeFrame({ hops: 1, ...f }, crc32);
}

/** Waits until every SMC of a chain hears the neighbour before it. */
async function chainUp(site: SiteDut): Promise<void> {
  await settled(site);
  for (let u = 1; u < site.size; u++) await site.waitConsole(u, "LINK B up", 10000);
}

const records = (text: string, needle: string) => text.split(/\r?\n/).filter((l) => l.includes(needle)).length;

/** Calls, request numbers and permissions that outlive their call (issue 12: items 3, 5, 7). */
export const callScenarios: SiteScenario[] = [
  {
    name: "after 255 chain operations in one call a new command still runs: @3 RESET, 254 x @2 POWER STATE, @3 RESET pulse twice",
    async run(site) {
      await chainUp(site);
      await authTo(site, 3);
      await authTo(site, 2);
      await resetOf(site, 2);
      for (let i = 0; i < 254; i++) expect(await ask(site, "@2 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      await resetOf(site, 2);
      await site.waitConsole(2, "RESET commanded", 1000);
      expect(records(site.console(2), "RESET commanded")).toBe(2);
    },
  },
  {
    name: "SMC 3's cables cut at BYE: forged RESET requests for every 8-bit call number do nothing, and its flags go within the links' down time",
    async run(site) {
      await chainUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      site.cut(1, 2);
      site.send("BYE\r");
      await site.waitFor("OK\r\n", 5000);
      const cutAt = site.now();
      // The forger replaces SMC 2 on SMC 3's link B, trying every call number
      // a byte can hold (link seqs far from SMC 2's last, so none is taken for a repeat).
      for (let call = 1; call < 256; call++) {
        site.inject(2, "linkB", forged({ kind: "Q", seq: ((call + 100) % 250) + 1, call, src: 1, dst: 3, req: 200 + (call & 15), payload: "RESET" }));
        if (call % 16 === 0) await site.pause(20);
      }
      await site.pause(300);
      expect(records(site.console(2), "RESET commanded")).toBe(0);
      // Nothing of the call reaches SMC 3 any more: it drops the call's flags by itself.
      await site.waitConsole(2, "CALL flags cleared: call silent", site.t.linkDownMs + 3000);
      expect(site.now() - cutAt).toBeLessThan(site.t.linkDownMs + 3000);
      expect(records(site.console(2), "RESET commanded")).toBe(0);
      expect(site.output(2, "reset")).toBe(false);
    },
  },
  {
    name: "a middle SMC with the head's ID: the SMCs behind it stay reachable, and the conflict shows in STATUS, MAP, DIAG and the log",
    async run(site) {
      expect(site.ids.slice(0, 3)).toEqual([1, 1, 3]);
      await site.waitConsole(0, "LINK A up", 10000);
      await site.waitConsole(2, "LINK B up", 10000);
      await site.waitConsole(1, "LINK A up", 10000);
      expect(await ask(site, `AUTH admin ${password(3)}`)).toBe("ID 3\r\nOK\r\n");
      await statusOf(site, 3, false);
      await resetOf(site, 2);
      expect(await ask(site, "AUTH admin nobody")).toBe("ERR 7 authentication failed\r\n");
      expect(await ask(site, "AUTH admin pw-1")).toBe("ID 1\r\nOK\r\n");
      const status = await ask(site, "STATUS");
      // A head with no link B (a Pico's, a Nucleo's): STATUS leaves it out, MAP says none.
      const headB = site.hasLink(0, "B") ? "silent" : "none";
      expect(status).toContain(`\r\nLINKS A:up(1,conflict)${headB === "none" ? "" : " B:silent"}\r\n`);
      expect(await ask(site, "MAP")).toBe(`MAP 1 self 0 A:conflict B:${headB}\r\nMAP 1 A 1 A:up B:conflict\r\nMAP 3 A 2 A:silent B:up\r\nOK\r\n`);
      const diag = await ask(site, "DIAG");
      expect(diag).toContain("DIAG LINK A FAIL up, neighbour has this SMC's ID 1, ");
      expect(diag.endsWith("ERR 13 self-test failed\r\n")).toBe(true);
      expect(site.console(0)).toContain("LINK A up, neighbour 1: ID conflict, the same ID as this SMC");
      expect(site.console(1)).toContain("LINK B up, neighbour 1: ID conflict, the same ID as this SMC");
      // The end of the call travels on through the conflicting SMC too.
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.waitConsole(2, "LOGOUT call ended", 3000);
    },
  },
];

/** Garbage a broken or hostile device might send at wire speed: noise, runs of line ends, frame-shaped lines with bad checksums. */
export function floodBytes(seed: number): (n: number) => string {
  let x = seed >>> 0;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 4294967296);
  return (n) => {
    let out = "";
    while (out.length < n) {
      // Mostly line ends and short lines: what costs a receiver most per byte.
      const k = Math.floor(rnd() * 8);
      if (k === 0) for (let i = 0; i < 40; i++) out += String.fromCharCode(Math.floor(rnd() * 256));
      else if (k === 1) out += "#Q0100" + "5A3C91E7" + "0102" + "00000009" + "RESET*" + "0".repeat(8) + "\n";
      else if (k < 5) out += "\n".repeat(40);
      else out += "#\nab\n*\nQ\n\n".repeat(4);
    }
    return out.substr(0, n);
  };
}

/**
 * Twice what a 115,200-baud link can carry (11,520 bytes a second): a
 * pseudo-terminal has no baud rate, so the test keeps a margin over the wire.
 */
export const FLOOD_RATE = 23040;

/** Well-formed searches of random new calls, as a forger on a cable can send them (the CRC is no secret). */
export function searchFlood(seed: number): (n: number) => string {
  let x = seed >>> 0;
  let seq = 0;
  let buf = "";
  return (n) => {
    while (buf.length < n) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      seq = (seq % 250) + 1;
      buf += forged({ kind: "A", seq, hops: 1, call: x || 1, src: 9, dst: 0, req: 1, payload: "admin guess" + (x % 1000) });
    }
    const out = buf.substr(0, n);
    buf = buf.substr(n);
    return out;
  };
}

/** Floods (issue 12, item 10): run on a chain of 3. */
export const floodScenarios: SiteScenario[] = [
  {
    name: "forged searches of new calls at wire speed on the middle SMC's far link: its call through the other link keeps its flags",
    async run(site) {
      await chainUp(site);
      await site.kill(2);
      await site.waitConsole(1, "LINK A down", site.t.linkDownMs + 5000);
      await authTo(site, 2);
      const before = [site.console(0), site.console(1)];
      const stop = site.flood(1, "linkA", 11520, searchFlood(11));
      try {
        const start = site.now();
        let rounds = 0;
        while (site.now() - start < 3000) {
          expect(await ask(site, "@2 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
          rounds++;
        }
        expect(rounds).toBeGreaterThan(3);
      } finally {
        stop();
      }
      expect(site.console(1).slice(before[1].length)).not.toContain("flags cleared");
      expect(site.console(1).slice(before[1].length)).not.toContain("LINK B down");
      expect(site.console(0).slice(before[0].length)).not.toContain("LINK A down");
    },
  },
  {
    name: "a flood of garbage at twice wire speed on the middle SMC's far link: AUTH and requests through its other link go on, no link goes down",
    async run(site) {
      await chainUp(site);
      // The flooder takes SMC 3's place on the cable to SMC 2's link A.
      await site.kill(2);
      await site.waitConsole(1, "LINK A down", site.t.linkDownMs + 5000);
      const before = [site.console(0), site.console(1)];
      const stop = site.flood(1, "linkA", FLOOD_RATE, floodBytes(7));
      try {
        const start = site.now();
        let rounds = 0;
        while (site.now() - start < 4000) {
          await authTo(site, 2);
          expect(await ask(site, "@2 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
          rounds++;
        }
        expect(rounds).toBeGreaterThan(3);
      } finally {
        stop();
      }
      await site.pause(200);
      expect(site.console(0).slice(before[0].length)).not.toContain("LINK A down");
      expect(site.console(1).slice(before[1].length)).not.toContain("LINK B down");
    },
  },
];

/** A scenario that needs its own timings (merged over the backend's). */
export interface TimedScenario extends SiteScenario {
  t: Partial<Timings>;
}

/** The end of a call and lost replies (issue 12, items 1 and 9): run on a chain of 3. */
export const endScenarios: TimedScenario[] = [
  {
    name: "the call idles out while a request is pending, with an AUTH queued behind it: nothing of the call is left, the AUTH starts none",
    t: { idleMs: 1500, requestMs: 10000, pressMs: 100, powerGoodMs: 5000 },
    async run(site) {
      await chainUp(site);
      await authTo(site, 3);
      site.clear();
      // POWER ON waits up to powerGoodMs for a power-good that never rises:
      // the head's idle time-out ends the call in the middle of it.
      site.send("@3 POWER ON\rAUTH admin pw-1\r");
      await site.waitConsole(0, "CALL flags cleared: idle", site.t.idleMs + 3000);
      await site.pause(500);
      // The call is over: the pending command's answer belonged to it and is
      // dropped with it (docs/protocol.md, "Queueing"), and the queued AUTH never ran.
      expect(site.text()).toBe("@3 POWER ON\r\nAUTH admin ****\r\n");
      const head = site.console(0);
      expect(head.slice(head.indexOf("CALL flags cleared: idle"))).not.toContain("AUTH granted");
      // (SMC 3's own session may idle out first: then only its connection flags go with the end.)
      await site.waitConsole(2, " call ended", 3000);
      // Nothing of the call answers any more, on the head or down the chain.
      expect(await ask(site, "STATUS")).toBe("ERR 6 not authenticated\r\n");
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
    },
  },
  {
    name: "a reply lost after the command ran is asked for again with the same request number: one RESET, answered OK",
    t: {},
    async run(site) {
      await chainUp(site);
      await authTo(site, 3);
      // Every send of SMC 3's reply frame is damaged: its link gives up on it.
      const damaged = site.damage(2, 1, "R", 4);
      site.clear();
      site.send("@3 RESET\r");
      await site.waitFor(finalSeen, 2 * site.t.requestMs + site.t.linkDownMs + 5000);
      expect(site.text()).toBe("@3 RESET\r\nOK\r\n");
      expect(damaged()).toBe(4);
      expect(records(site.console(2), "RESET commanded")).toBe(1);
    },
  },
];

/** The frames of `kind` with the 8 hex digits `call` among the lines a tap read. */
const framesOf = (tapped: string, kind: string, call: string) => tapped.split("\n").filter((l) => l.charAt(1) === kind && l.substr(6, 8) === call);

/**
 * A search no SMC stops (no SMC's credentials match, and no SMC of the ring
 * sent it: a forger's on a cable), in the challenge form, so each SMC it
 * passes runs its check (an HMAC: ~50-100 ms on a board). Before, it went
 * round the ring to its hop limit (64 checks), and the E frame answering it
 * there went round the other way for good, the call's flags being kept
 * alive by the ring's own heartbeats, until its hops ran into the seq field
 * and a link went down (docs/protocol.md, "Searches round a ring").
 */
export const circlingSearch: SiteScenario = {
  name: "a forged search nobody stops goes round a ring once: each SMC checks it once, the SMC it came in at drops it, counts it and clears its call; no link goes down; a real AUTH is answered",
  async run(site) {
    if (!site.ring || site.size < 3) throw new Error(`this scenario needs a ring of at least 3 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
    await settled(site);
    const call = "5EED0001";
    const at = site.cables().length;
    const before = site.ids.map((_, u) => site.console(u).length);
    // In at SMC 2's link B, as if from the head (the forger on that cable).
    site.inject(1, "linkB", forged({ kind: "A", seq: 201, hops: 1, call: 0x5eed0001, src: site.ids[0], dst: 0, req: 1, payload: `admin 0123456789abcdef ${"0".repeat(64)}` }));
    // (Before, no such record came: the counts below say what went on instead.)
    await site.waitConsole(1, "CALL flags cleared: a search came back round via link B", 2000 + 500 * site.size).catch(() => "");
    // Nothing of it is on the way any more: a hop's time on any backend, and then some.
    await site.pause(site.t.heartbeatMs);
    const tapped = site.cables().slice(at);
    // Passed on by every SMC once (SMC 2 to 3, ..., the head to SMC 2), then dropped: no E, no second lap.
    expect(framesOf(tapped, "A", call).map((l) => l.substr(4, 2))).toEqual(site.ids.map((_, i) => (i + 2).toString(16).toUpperCase().padStart(2, "0")));
    expect(framesOf(tapped, "E", call)).toEqual([]);
    expect(records(site.console(1).slice(before[1]), "a search came back round")).toBe(1);
    // A real AUTH now (the far SMCs still hold the forged call for a while: the head's own search goes toward its head).
    await authTo(site, site.ids[2]);
    await statusOf(site, site.ids[2], false);
    await authTo(site, site.ids[1]);
    const diag = await ask(site, `@${site.ids[1]} DIAG`);
    expect(diag).toContain(`DIAG LINK B ok up, 0 bad frames, 0 overflows, 0 lost, 1 searches back round\r\n`);
    expect(diag).toContain(`DIAG LINK A ok up, 0 bad frames, 0 overflows, 0 lost\r\n`);
    expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
    // The forged call's flags go from every SMC, each after its neighbour toward SMC 2 lets go of it.
    await site.pause(site.size * (site.t.linkDownMs + site.t.heartbeatMs));
    const late = site.cables().length;
    await site.pause(2 * site.t.heartbeatMs);
    expect(framesOf(site.cables().slice(late), "H", call)).toEqual([]);
    for (let u = 0; u < site.size; u++) expect(site.console(u).slice(before[u]), `unit ${u}`).not.toMatch(/LINK . down/);
  },
};

/**
 * A legitimate search that goes both ways round a ring: the head's link A
 * gives up on it (SMC 2's acknowledgements damaged, the search delivered
 * all the same, and slowed on its way by damaged sends), so the head asks
 * the other way round too. Each copy comes in at each SMC on another link:
 * none is taken for one that came back round; the copy still on its way
 * when the AUTH has been answered reaches the head, which drops it (before,
 * it took it for another SMC's search and passed it round again, to the hop
 * limit). Run on rings of 4 and 8.
 */
export const searchBothWays: SiteScenario = {
  name: "a search asked both ways round (the head's link gave up on it though it arrived): the AUTH is answered, no copy goes round twice",
  async run(site) {
    if (!site.ring || site.size < 4) throw new Error(`this scenario needs a ring of at least 4 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
    await settled(site);
    // The lockouts that links send as they come up are acknowledged first (the damage is for the search's).
    await site.waitConsole(0, "LINK B up", 10000);
    await site.pause(4 * site.t.heartbeatMs);
    const at = site.cables().length;
    const before = site.ids.map((_, u) => site.console(u).length);
    const damaged = site.damage(1, 0, "K", 4);
    site.damage(1, 2, "A", 3);
    site.damage(2, 3, "A", 3);
    expect(await ask(site, "AUTH admin nobody", site.t.requestMs + 10000)).toMatch(/^ERR (7 authentication failed|10 unreachable: link A down)\r\n$/);
    expect(damaged()).toBe(4);
    await site.pause(site.t.linkDownMs);
    for (let u = 0; u < site.size; u++) expect(site.console(u).slice(before[u]), `unit ${u}`).not.toContain("came back round");
    // Each copy crossed each cable about once (the one given up on: 4 sends, the slowed ones 4 each): no second lap (before: 82 on a ring of 8).
    expect(site.cables().slice(at).split("\n").filter((l) => l.startsWith("#A")).length).toBeLessThanOrEqual(3 * site.size + 9);
    await authTo(site, site.ids[site.size >> 1]);
  },
};

/**
 * The search asked again the other way round after its approval was lost:
 * the SMC that granted it gets it again, in the same call, on its other
 * link, and answers it again. Before, its first grant was recorded with no
 * call (the call was not up there before that search: auth/replay.ts) and
 * the copy was refused as a replay: ERR with the right password. The SMC
 * halfway round's approvals toward the head's side are damaged until its link gives up.
 */
export const searchAskedAgain: SiteScenario = {
  name: "a search whose approval was lost is asked again the other way round and answered by the same SMC (not refused as a replay)",
  async run(site) {
    if (!site.ring || site.size < 4) throw new Error(`this scenario needs a ring of at least 4 SMCs, not a ${site.ring ? "ring" : "chain"} of ${site.size}`);
    await settled(site);
    const far = site.size >> 1;
    const damaged = site.damage(far, far - 1, "P", 1000);
    const before = site.console(far).length;
    expect(await ask(site, `AUTH admin ${password(site.ids[far])}`, 2 * site.t.requestMs + 10000)).toBe(`ID ${site.ids[far]}\r\nOK\r\n`);
    // Every send of the approval that way: 4 or more (the link gives up after t.linkDownMs, docs/protocol.md "Liveness").
    expect(damaged()).toBeGreaterThanOrEqual(4);
    expect(records(site.console(far).slice(before), "AUTH granted to a console via")).toBe(2);
    expect(site.console(far).slice(before)).not.toContain("replay");
    await statusOf(site, site.ids[far], false);
  },
};

/**
 * A frame passed on toward the head (an answer: E, P, R, C, N) stops at the
 * hop limit, as every frame passed on does. Before, answers had none: round
 * a ring's flags an E went on for good, and a forger's with hops 255 was
 * passed on with hops 256, which ran into the seq field (the frame's first
 * 4 hex digits are seq and hops): the neighbour acknowledged another seq,
 * and the link gave up on the frame and went down. Run on a chain of 3, in a
 * call (SMC 2 then has a way toward the head).
 */
export const answerHopLimit: SiteScenario = {
  name: "an answer at the hop limit (a forger's E with hops 255) is dropped and counted, not passed on: the link toward the head stays up",
  async run(site) {
    await chainUp(site);
    await authTo(site, site.ids[2]);
    const at = site.cables().length;
    const before = site.console(1).length;
    // As if from SMC 3, any call: an E goes toward the head whatever its call.
    for (const [seq, hops] of [[201, 255], [202, 64]]) site.inject(1, "linkA", forged({ kind: "E", seq, hops, call: 0x5eed0002, src: site.ids[2], dst: site.ids[0], req: 1, payload: "7 hop limit" }));
    await site.waitConsole(1, "LINK B down", 3 * site.t.linkDownMs).catch(() => "");
    expect(framesOf(site.cables().slice(at), "E", "5EED0002")).toEqual([]);
    expect(site.console(1).slice(before)).not.toContain("LINK B down");
    await statusOf(site, site.ids[2], false);
    await authTo(site, site.ids[1]);
    expect(await ask(site, "DIAG")).toContain("DIAG LINK A ok up, 2 bad frames, 0 overflows, 0 lost\r\n");
  },
};
