// Splicing (docs/protocol.md, "Splicing"): an SMC cutting through a burst
// of a call's through frames hands its two links to native forwarding for
// a lease, once both ends promised (Y) to send it nothing hop by hop
// meanwhile. The rules hold as in cut-through: a request runs once and is
// answered exactly, a hop-by-hop frame waits for the lease and is
// answered, a dead SMC between or a cut cable is noticed and said, and
// nothing of the call is left after it. Written once for every backend
// (chain of 3: head, relay, target; a ring of 4 for the failover).
import { expect } from "vitest";
import { hex } from "../../firmware/protocol";
import type { SiteDut } from "../../host/dut/siteDut";
import { ask, authTo, password, settled, statusOf } from "./chain";
import type { TimedScenario } from "./chain";
import { allUp } from "./cutThrough";

const records = (text: string, needle: string) => text.split(/\r?\n/).filter((l) => l.includes(needle)).length;

/** Lines of the cable tap's record (from `since`) that match `re`. */
const lines = (site: SiteDut, since: number, re: RegExp) =>
  site
    .cables()
    .slice(since)
    .split(/\r?\n/)
    .filter((l) => re.test(l)).length;

/** A splice frame on the cables: S from `src` (to no one), or Y from `src` to `dst`. */
const spliceFrame = (kind: "S" | "Y", src: number, dst: number) => new RegExp(`^#${kind}0000[0-9A-F]{8}${hex((src << 8) | dst, 4)}`);

const STATE = "@3 POWER STATE";
const OFF = "POWER OFF\r\nOK\r\n";

/** The damaged frames SMC `id`'s DIAG counts on its links (the call must hold its permission). */
async function damagedAt(site: SiteDut, id: number): Promise<number[]> {
  const got = await ask(site, `@${id} DIAG`);
  return [...got.matchAll(/LINK \w+ [^\r]*?(\d+) bad frames/g)].map((m) => +m[1]);
}

/**
 * `@3 POWER STATE` asked until SMC `relay` is spliced (both its neighbours'
 * Ys on the cables since `since`), at most `max` times; resolves with the
 * requests asked. Each answered exactly.
 */
async function untilSpliced(site: SiteDut, since: number, relay: number, ends: [number, number], max = 200): Promise<number> {
  for (let n = 1; n <= max; n++) {
    expect(await ask(site, STATE)).toBe(OFF);
    if (lines(site, since, spliceFrame("Y", ends[0], relay)) && lines(site, since, spliceFrame("Y", ends[1], relay))) return n;
  }
  throw new Error(`SMC ${relay} was not spliced in ${max} requests: ${site.cables().slice(since).slice(-600)}`);
}

/** Chain of 3: every link up, the call at SMC 3, then a burst till SMC 2 is spliced; resolves with where the cable tap stood before the burst. */
async function splicedToThird(site: SiteDut): Promise<number> {
  await allUp(site);
  await authTo(site, 3);
  const mark = site.cables().length;
  await untilSpliced(site, mark, 2, [1, 3]);
  return mark;
}

export const spliceScenarios: TimedScenario[] = [
  {
    name: "splicing: a burst through SMC 2 is spliced (S on both links, Y from both ends); every request answered exactly, each frame on each cable once; after its lease SMC 2 reads again: an AUTH to it answers, LOGOUT clears every flag",
    t: {},
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      const mark = site.cables().length;
      const asked = await untilSpliced(site, mark, 2, [1, 3]);
      for (let i = 0; i < 40; i++) expect(await ask(site, STATE)).toBe(OFF);
      const n = asked + 40;
      // SMC 2 offered on both links, as often on each; the ends answered no more often than it offered.
      const offers = lines(site, mark, spliceFrame("S", 2, 0));
      expect(offers % 2).toBe(0);
      expect(lines(site, mark, spliceFrame("Y", 1, 2))).toBeLessThanOrEqual(offers / 2);
      expect(lines(site, mark, spliceFrame("Y", 3, 2))).toBeLessThanOrEqual(offers / 2);
      // Exactly once on each cable, spliced or not: no request, answer or
      // acknowledgement lost, none repeated, and none read hop by hop.
      expect(lines(site, mark, /^#q/)).toBe(2 * n);
      expect(lines(site, mark, /^#r/)).toBe(2 * n);
      expect(lines(site, mark, /^#[QRCK]/)).toBe(0);
      // The lease over, SMC 2 reads its links: a search for it is answered.
      await site.pause(2 * site.t.heartbeatMs + 100);
      await authTo(site, 2);
      await statusOf(site, 2, true);
      expect(await ask(site, STATE)).toBe(OFF);
      // Nor did an end read a frame it could not take.
      expect(await damagedAt(site, 3)).toEqual([0, 0]);
      expect(await damagedAt(site, 2)).toEqual([0, 0]);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.waitConsole(2, "LOGOUT call ended", 5000);
      await site.waitConsole(1, "flags cleared: call ended", 5000);
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
      for (let u = 0; u < 3; u++) expect(records(site.console(u), " down")).toBe(0);
    },
  },
  {
    name: "splicing: an AUTH typed while SMC 2 is spliced (its search hop by hop) waits out the lease and is answered; the requests after it too",
    t: {},
    async run(site) {
      await splicedToThird(site);
      const start = site.now();
      expect(await ask(site, `AUTH admin ${password(2)}`)).toBe("ID 2\r\nOK\r\n");
      // At most the lease (two heartbeat periods) and a search's own time.
      expect(site.now() - start).toBeLessThan(2 * site.t.heartbeatMs + 1500);
      for (let i = 0; i < 20; i++) expect(await ask(site, STATE)).toBe(OFF);
      await statusOf(site, 2, true);
      for (let u = 0; u < 3; u++) expect(records(site.console(u), " down")).toBe(0);
      // Nothing hop by hop crossed the splice: SMC 3 and SMC 2 read no frame they could not take.
      expect(await damagedAt(site, 3)).toEqual([0, 0]);
      expect(await damagedAt(site, 2)).toEqual([0, 0]);
    },
  },
  {
    name: "splicing: a RESET's answer damaged on its way through the spliced SMC 2: SMC 3 sends it again end to end; one pulse, answered OK",
    t: {},
    async run(site) {
      await splicedToThird(site);
      const damaged = site.damage(2, 1, "R", 1);
      expect(await ask(site, "@3 RESET", site.t.requestMs + 5000)).toBe("OK\r\n");
      expect(damaged()).toBe(1);
      await site.pause(site.t.resetMs + 200);
      expect(records(site.console(2), "RESET commanded")).toBe(1);
      expect(await ask(site, STATE)).toBe(OFF);
      expect(records(site.console(2), "RESET commanded")).toBe(1);
      for (let u = 0; u < 3; u++) expect(records(site.console(u), " down")).toBe(0);
    },
  },
  {
    name: "splicing: the cable beyond the spliced SMC 2 is cut: SMC 2 notices within its lease and t.linkDownMs; the head's request answers ERR 10 saying which link; mended, the call goes on",
    t: {},
    async run(site) {
      await splicedToThird(site);
      site.cut(1, 2);
      const start = site.now();
      expect(await ask(site, "@3 STATUS", 2 * site.t.requestMs + 10000)).toBe("ERR 10 unreachable: link A down\r\n");
      await site.waitConsole(1, "LINK A down", 10000);
      expect(site.now() - start).toBeLessThan(2 * site.t.heartbeatMs + site.t.linkDownMs + 2 * site.t.requestMs + 2000);
      site.mend(1, 2);
      // SMC 2 sees its link A up again (its second record of it); SMC 3 too
      // if it saw it go down (a short cut may end before SMC 3, promised to
      // the spliced SMC 2, gives up on it: 2 x t.heartbeatMs + t.linkDownMs).
      const upAgain = () => records(site.console(1), "LINK A up") >= 2 && records(site.console(2), "LINK B up") > records(site.console(2), "LINK B down");
      for (let waited = 0; !upAgain(); waited += 100) {
        if (waited > 10000) throw new Error("the mended link did not come up: " + site.console(1).slice(-500) + " | " + site.console(2).slice(-500));
        await site.pause(100);
      }
      await authTo(site, 3);
      expect(await ask(site, STATE)).toBe(OFF);
    },
  },
];

/** Ring of 4: the spliced SMC dies. */
export const spliceFailover: TimedScenario = {
  name: "splicing: the spliced SMC dies: the head's link to it is down within two heartbeat periods and t.linkDownMs; ERR 10 saying which link; AUTH again goes round the other way",
  t: {},
  async run(site) {
    if (!site.ring || site.size !== 4) throw new Error("this scenario needs a ring of 4");
    await settled(site);
    await site.waitConsole(2, "LINK B up", 10000);
    await authTo(site, 3);
    const mark = site.cables().length;
    await untilSpliced(site, mark, 2, [1, 3]);
    await site.kill(1);
    const start = site.now();
    expect(await ask(site, "@3 STATUS", 3 * site.t.linkDownMs + 2 * site.t.heartbeatMs + 10000)).toBe("ERR 10 unreachable: link A down\r\n");
    expect(site.now() - start).toBeLessThan(2 * site.t.heartbeatMs + 2 * site.t.linkDownMs + 2000);
    expect(await ask(site, `AUTH admin ${password(3)}`)).toBe("ID 3\r\nOK\r\n");
    await statusOf(site, 3, false);
    expect(await ask(site, STATE)).toBe(OFF);
  },
};
