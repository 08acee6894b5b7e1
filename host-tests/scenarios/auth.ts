// The AUTH policy's promises (docs/protocol.md, "Sessions and the permission
// flag"), written once for every backend: one SMC at a terminal, and a site
// whose chain is broken (a dead SMC, a cut cable), where no search can ask
// everyone and each one must still count.
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";
import { configDocument } from "../../host/sim/provision";
import { ask, authTo, password, settled, statusOf } from "./chain";
import { expectExchange, login, PASSWORD, typed, UNIT, USER } from "./common";
import type { Scenario } from "./terminal";
import type { SiteScenario } from "./chain";

/**
 * Fixed timings for these scenarios on every backend: a lockout long enough
 * to be sure of on a loaded machine; failures waiting 1 ms, 2 ms, 4 ms ...
 * (the lockout is what these test; the waits have scenarios of their own).
 */
const LOCKOUT_MS = 4000;
const stored = configDocument({ ...UNIT, t: { lockoutMs: LOCKOUT_MS, failDelayMs: 1 } });

/** Records the board's console shows as written (numbered), with `code`. */
function written(text: string, code: string): string[] {
  // The real interpreter's console ends lines with LF and may put its prompt before them.
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/^>+/, ""))
    .filter((l) => /^\d+ \d+ /.test(l) && l.split(" ")[2] === code)
    .map((l) => l.split(" ").slice(3).join(" "));
}

/** Failed AUTHs the log accounts for: records one by one, plus those counted in one record. */
function failuresLogged(console: string): number {
  let n = 0;
  for (const r of written(console, "AUTHFAIL")) {
    const counted = /^(\d+) more failed AUTHs, not written one by one/.exec(r);
    n += counted ? Number(counted[1]) : 1;
  }
  return n;
}

/** Pauses until a lockout that started no later than `since` has lifted. */
async function waitLockLifted(dut: Dut, since: number): Promise<void> {
  await dut.pause(Math.max(0, since + LOCKOUT_MS + 100 - dut.now()));
}

export const authScenarios: Scenario[] = [
  {
    name: "the third wrong password answers ERR 7, the AUTHs after it ERR 8, and each refusal is logged",
    stored,
    async run(dut) {
      const start = dut.now();
      await expectExchange(dut, `AUTH ${USER} a`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER} b`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER} c`, ["ERR 7 authentication failed"]);
      const lockedAt = dut.now();
      for (let i = 0; i < 8; i++) await expectExchange(dut, `AUTH ${USER} ${i % 2 ? PASSWORD : "d" + i}`, ["ERR 8 locked out"]);
      // The whole exchange ran inside the lockout, or the answers above mean nothing.
      expect(dut.now() - start).toBeLessThan(LOCKOUT_MS);
      await waitLockLifted(dut, lockedAt);
      await login(dut);
      const fails = written(dut.console(), "AUTHFAIL");
      expect(fails.slice(0, 3)).toEqual(["no SMC has these credentials (admin) call 0, wait 1 ms", "no SMC has these credentials (admin) call 0, wait 2 ms", "no SMC has these credentials, AUTH locked (admin) call 0, wait 4 ms"]);
      expect(fails.slice(3)).toEqual(Array(8).fill("refused, locked out (admin) call 0"));
      const log = await typed(dut, "LOG");
      expect(log.split("\r\n").filter((l) => l.endsWith(" AUTHFAIL refused, locked out (admin) call 0")).length).toBe(8);
    },
  },
  {
    name: "a failed AUTH clears the permission flag: STATUS after it is not authenticated",
    stored,
    async run(dut) {
      await login(dut);
      expect(await typed(dut, "STATUS")).toContain("\r\nID 7\r\n");
      await expectExchange(dut, `AUTH ${USER} wrong`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await expectExchange(dut, "RESET", ["ERR 6 not authenticated"]);
      expect(dut.output("reset")).toBe(false);
      await dut.waitConsole("LOGOUT auth failed", 2000);
    },
  },
  {
    name: "an operator's login does not forgive the admin's failures: two wrong guesses, a login, one more, locked",
    stored,
    async run(dut) {
      const start = dut.now();
      await expectExchange(dut, `AUTH ${USER} guess-1`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER} guess-2`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, "AUTH oper op-pass-1", ["ID 7", "OK"]);
      await expectExchange(dut, `AUTH ${USER} guess-3`, ["ERR 7 authentication failed"]);
      const lockedAt = dut.now();
      await expectExchange(dut, "AUTH oper op-pass-1", ["ERR 8 locked out"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ERR 8 locked out"]);
      expect(dut.now() - start).toBeLessThan(LOCKOUT_MS);
      await waitLockLifted(dut, lockedAt);
      await login(dut);
    },
  },
  {
    name: "forty failed AUTHs in a burst: every one is in the log, one by one or counted past the rate limit",
    async run(dut) {
      await dut.waitConsole("BOOT", 5000);
      for (let i = 0; i < 40; i++) {
        const got = await typed(dut, `AUTH ${USER} burst-${i}`);
        expect(["ERR 7 authentication failed\r\n", "ERR 8 locked out\r\n"]).toContain(got.substr(got.indexOf("\r\n") + 2));
      }
      // The log's burst is 30 records: the rest are counted in one record once it has room.
      await dut.waitConsole(" more failed AUTHs, not written one by one (rate limit)", 15000);
      expect(failuresLogged(dut.console())).toBe(40);
    },
  },
];

/** Wrong passwords typed at the head as fast as it answers; the answers, in order. */
async function guesses(site: SiteDut, n: number): Promise<string[]> {
  const got: string[] = [];
  for (let i = 0; i < n; i++) got.push(await ask(site, `AUTH admin guess-${i}`));
  return got;
}

/** `why`: what ERR 10 says of the way (the E frame's text the head got last), or "". */
function brokenSite(what: string, why: string, breakIt: (site: SiteDut) => Promise<void>): SiteScenario {
  return {
    name: `${what}: forty wrong passwords, the fourth onward ERR 8 (every search that could not ask everyone counts)`,
    async run(site) {
      await settled(site);
      await breakIt(site);
      const start = site.now();
      const got = await guesses(site, 40);
      expect(site.now() - start).toBeLessThan(site.t.lockoutMs);
      expect(got.slice(0, 3)).toEqual(Array(3).fill(`ERR 10 unreachable${why ? ": " + why : ""}\r\n`));
      expect(got.slice(3)).toEqual(Array(37).fill("ERR 8 locked out\r\n"));
      // The right password of a reachable SMC is refused too while locked.
      expect(await ask(site, `AUTH admin ${password(site.ids[0])}`)).toBe("ERR 8 locked out\r\n");
    },
  };
}

/** A ring with `unit` dead (its neighbours have seen it go). */
export function deadInRing(size: number, unit: number): SiteScenario {
  // The search goes A-wards, then B-wards round the ring: the last E comes
  // from the SMC after the dead one, unless that is the head.
  return brokenSite(`ring of ${size} with SMC ${unit + 1} dead`, unit === size - 1 ? "link A down" : "link B down", async (site) => {
    await site.kill(unit);
    await site.waitConsole(unit - 1, "LINK A down", site.t.linkDownMs + 5000);
    await site.waitConsole((unit + 1) % size, "LINK B down", site.t.linkDownMs + 5000);
  });
}

/** A chain with the cable between units `a` and `a + 1` cut. */
export function cutInChain(size: number, a: number): SiteScenario {
  // SMC a + 1 says its link A is down; the head's own link down says nothing.
  return brokenSite(`chain of ${size} with the cable ${a + 1}-${a + 2} cut`, a ? "link A down" : "", async (site) => {
    site.cut(a, a + 1);
    await site.waitConsole(a, "LINK A down", site.t.linkDownMs + 5000);
  });
}

export const failedAuthEndsCall: SiteScenario = {
  name: "chain of 3: a failed AUTH ends every permission of the call, along the chain",
  async run(site) {
    await settled(site);
    await authTo(site, site.ids[2]);
    await authTo(site, site.ids[1]);
    await statusOf(site, site.ids[2], true);
    expect(await ask(site, "AUTH admin wrong")).toBe("ERR 7 authentication failed\r\n");
    await site.waitConsole(2, "LOGOUT call ended", 5000);
    await site.waitConsole(1, "LOGOUT call ended", 5000);
    for (const id of site.ids.slice(1)) expect(await ask(site, `@${id} STATUS`)).toBe("ERR 6 not authenticated\r\n");
    expect(await ask(site, "STATUS")).toBe("ERR 6 not authenticated\r\n");
  },
};

export const siteAuthScenarios: { shape: { size: number; ring: boolean }; scenario: SiteScenario }[] = [
  { shape: { size: 8, ring: true }, scenario: deadInRing(8, 4) },
  { shape: { size: 4, ring: false }, scenario: cutInChain(4, 1) },
  { shape: { size: 3, ring: false }, scenario: failedAuthEndsCall },
];
