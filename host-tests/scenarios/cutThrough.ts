// Cut-through (docs/protocol.md, "Cut-through"): an SMC between the head and
// the SMC a call reached passes the call's through frames on unread; the
// head and the target acknowledge them to each other. The rules hold as
// hop by hop: a request runs once, a dead relay is noticed, garbage is
// survived, and nothing of the call is left on any SMC after it. Written
// once for every backend (chain of 3: head, relay, target; a ring of 4 for
// the failover).
import { expect } from "vitest";
import { finalSeen } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";
import { ask, authTo, password, settled, statusOf } from "./chain";
import type { TimedScenario } from "./chain";

const records = (text: string, needle: string) => text.split(/\r?\n/).filter((l) => l.includes(needle)).length;

/** Every link of the site up, both ways. */
export async function allUp(site: SiteDut): Promise<void> {
  await settled(site);
  for (let u = 1; u < site.size; u++) await site.waitConsole(u, "LINK B up", 10000);
}

/** `@id POWER ON` with the target's power-good following its button: resolves with the answer. */
async function powerOn(site: SiteDut, unit: number, deadlineMs: number): Promise<string> {
  site.clear();
  site.send(`@${site.ids[unit]} POWER ON\r`);
  await site.waitOutput(unit, "power", true, 10000);
  site.setInput(unit, "powerGood", true);
  await site.waitFor(finalSeen, deadlineMs);
  return site.text();
}

export const cutScenarios: TimedScenario[] = [
  {
    name: "cut-through: a POWER ON whose reply frame is damaged on its way presses the button once and is answered",
    t: { pressMs: 100, powerGoodMs: 3000 },
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      // SMC 3's first reply frame to SMC 2 arrives damaged: SMC 2 drops it
      // (and stops cutting through); SMC 3 sends it again, as it had no k.
      const damaged = site.damage(2, 1, "R", 1);
      expect(await powerOn(site, 2, site.t.requestMs + 5000)).toBe("@3 POWER ON\r\nPOWER ON\r\nOK\r\n");
      expect(damaged()).toBe(1);
      expect(records(site.console(2), "POWER ON commanded")).toBe(1);
      // The next request still gets its answer, and runs once.
      expect(await ask(site, "@3 POWER STATE")).toBe("POWER ON\r\nOK\r\n");
      expect(records(site.console(2), "POWER ON commanded")).toBe(1);
    },
  },
  {
    name: "cut-through: every send of the reply lost, the request is asked again hop by hop and answered from the target's saved reply: one press",
    t: { pressMs: 100, powerGoodMs: 3000 },
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      // All four sends of SMC 3's through reply are damaged; its link stays up.
      const damaged = site.damage(2, 1, "R", 4);
      expect(await powerOn(site, 2, 2 * site.t.requestMs + site.t.linkDownMs + 5000)).toBe("@3 POWER ON\r\nPOWER ON\r\nOK\r\n");
      expect(damaged()).toBe(4);
      expect(records(site.console(2), "POWER ON commanded")).toBe(1);
      expect(records(site.console(2), "LINK B down")).toBe(0);
    },
  },
  {
    name: "cut-through: a RESET answered at once (its r the q's acknowledgement) whose reply frame is damaged on its way: the head sends its q again, the target acknowledges the repeat with k and sends its r again; one pulse",
    t: {},
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      const damaged = site.damage(2, 1, "R", 1);
      expect(await ask(site, "@3 RESET", site.t.requestMs + 5000)).toBe("OK\r\n");
      expect(damaged()).toBe(1);
      await site.pause(site.t.resetMs + 200);
      expect(records(site.console(2), "RESET commanded")).toBe(1);
      expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      expect(records(site.console(2), "RESET commanded")).toBe(1);
      expect(records(site.console(1), " down")).toBe(0);
    },
  },
  {
    name: "cut-through: garbage on the relay's links mid-call is counted and survived: requests answered, once, no link down",
    t: {},
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      // Noise, a through frame with a bad CRC, a through-looking line with no frame in it, on both of SMC 2's links.
      const junk = "\x00\xffnoise#q0100ZZZZZZZZ0103000000FFRESET*00000000\n#r\n" + "x".repeat(40) + "\n";
      site.inject(1, "linkB", junk);
      site.inject(1, "linkA", junk);
      await site.pause(50);
      expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      site.inject(1, "linkB", junk);
      expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      await statusOf(site, 3, false);
      expect(records(site.console(2), "RESET commanded")).toBe(1);
      expect(records(site.console(1), " down")).toBe(0);
      expect(records(site.console(2), " down")).toBe(0);
    },
  },
  {
    name: "cut-through: LOGOUT clears the flags on every SMC, and the next call cuts through afresh",
    t: {},
    async run(site) {
      await allUp(site);
      await authTo(site, 3);
      await statusOf(site, 3, false);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.waitConsole(2, "LOGOUT call ended", 5000);
      await site.waitConsole(1, "flags cleared: call ended", 5000);
      expect(await ask(site, "@3 STATUS")).toBe("ERR 6 not authenticated\r\n");
      await authTo(site, 3);
      await statusOf(site, 3, false);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.pause(200);
      expect(records(site.console(1), "flags cleared: call ended")).toBe(2);
    },
  },
];

/** Ring of 4: the relay dies during cut-through. */
export const cutFailover: TimedScenario = {
  name: "cut-through: the relay dies mid-call: ERR 10 saying which link, within the hop-by-hop deadlines; AUTH again goes round the other way",
  t: {},
  async run(site) {
    if (!site.ring || site.size !== 4) throw new Error("this scenario needs a ring of 4");
    await settled(site);
    await site.waitConsole(2, "LINK B up", 10000);
    await authTo(site, 3);
    await statusOf(site, 3, false);
    await site.kill(1);
    const start = site.now();
    // The through request goes unanswered (4 sends), the head waits a link's
    // down time and asks hop by hop: by then link A is down.
    expect(await ask(site, "@3 STATUS", 3 * site.t.linkDownMs + 10000)).toBe("ERR 10 unreachable: link A down\r\n");
    expect(site.now() - start).toBeLessThan(2 * site.t.linkDownMs + 2000);
    expect(await ask(site, `AUTH admin ${password(3)}`)).toBe("ID 3\r\nOK\r\n");
    await statusOf(site, 3, false);
  },
};

/**
 * Chain of 4: SMC 2 cuts through, SMC 3 serves and so no longer does. 255
 * through frames between two frames SMC 3 sends SMC 2 one hop at a time
 * (its replies to SMC 4's RESETs, passed on for SMC 4) must not make the
 * second look like a repeat of the first to SMC 2 (seq has 8 bits): through
 * frames are numbered apart. Both RESETs answered OK, each pulsed once.
 */
export const cutWrap: TimedScenario = {
  name: "cut-through: @4 RESET, 254 x @3 POWER STATE through SMC 2, @4 RESET: both answered OK, two pulses (through frames numbered apart from hop-by-hop ones)",
  t: {},
  async run(site) {
    if (site.ring || site.size !== 4) throw new Error("this scenario needs a chain of 4");
    await allUp(site);
    await authTo(site, 4);
    await authTo(site, 3);
    expect(await ask(site, "@4 RESET")).toBe("OK\r\n");
    for (let i = 0; i < 254; i++) expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
    expect(await ask(site, "@4 RESET")).toBe("OK\r\n");
    await site.pause(site.t.resetMs + 200);
    expect(records(site.console(3), "RESET commanded")).toBe(2);
  },
};
