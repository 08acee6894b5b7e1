// Guessing (docs/protocol.md, "Guessing"), on the virtual clock, on the
// TypeScript sources and on the built bundle in the emulation: the lockout
// is the site's, not one SMC's or one modem's (a redial, another SMC, the
// backup modem), a hang-up during a failure's wait leaves nothing behind,
// nothing secret leaves an SMC, and an attacker's hour on the simulated site
// gets at most the documented number of guesses. The waits' timings run on
// every backend: host-tests/scenarios/guessing.ts.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { deriveKey, parseChal, proofFor } from "../host/console/proof";
import { bundlePath, loadBoard, virtualDut } from "../host/dut/virtualDut";
import { guessesPerHour, HOUR_MS } from "../host/bench/guessing";
import { SIM_SITE } from "../host/sim/provision";
import { Site, SiteSpec, sitePassword } from "../host/sim/site";
import { guessingScenarios } from "./scenarios/guessing";
import { UNIT } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";
import { dial as call, say, waitLog } from "./support/modemSite";

const board = loadBoard("linux");

/** The bound docs/protocol.md states for guessesPerHour. */
const GUESSES_PER_HOUR = 30;

/** The caller hangs up (ATH at the console's modem, as a DTR drop would). */
function hangUp(site: Site, unit: number): void {
  const before = (site.units[unit].hw.console.output.match(/CALL ended/g) ?? []).length;
  site.consoleModem!.hangup(false);
  if (!site.clock.runUntil(() => (site.units[unit].hw.console.output.match(/CALL ended/g) ?? []).length > before, 10000)) throw new Error("the SMC did not see the call end");
}

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`failed AUTHs wait, one SMC at a terminal (${title})`, guessingScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));

  describe(`the lockout is the site's (${title})`, () => {
    const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
    let site: Site | undefined;
    const make = (spec: Partial<SiteSpec>) => {
      site = new Site({ size: 1, ring: false, board, firmware, ...spec });
      site.powerOn();
      return site;
    };
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    it("a lockout at the primary reaches the backup modem's SMC: the line rung on to the backup refuses even its right password", () => {
      const s = make({ size: 3, modems: { units: [0, 1] }, answerRings: [2, 4], primaryId: [0, 1], t: { lockoutMs: 120000 } });
      waitLog(s, 1, "LINK B up, neighbour 1", 10000);
      call(s);
      expect(s.modems.get(0)!.answeredAtRing).toBe(2);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 7 authentication failed\r\n"));
      // Every SMC heard it: what was left of the lockout, and the run.
      for (const u of [1, 2]) waitLog(s, u, "AUTH lockout heard: ", 1000);
      // An AUTH addressed to another SMC is no way round it (nor a guess).
      expect(say(s, "@2 AUTH admin pw-2")).toBe("ERR 2 bad arguments\r\n");
      hangUp(s, 0);
      // The primary SMC dies; the caller lets the line ring on to the backup.
      s.units[0].powerOff();
      waitLog(s, 1, "LINK B down", 10000);
      call(s);
      expect(s.modems.get(1)!.answeredAtRing).toBe(4);
      expect(say(s, "AUTH admin pw-2")).toBe("ERR 8 locked out\r\n");
      expect(say(s, "AUTH admin pw-3")).toBe("ERR 8 locked out\r\n");
      expect(s.units[1].hw.console.output).toContain("AUTHFAIL refused, locked out (admin) call 1");
      hangUp(s, 1);
      // Once the lockout has run out, the backup's SMC opens.
      s.clock.advance(120000);
      call(s);
      expect(say(s, "AUTH admin pw-2")).toBe("ID 2\r\nOK\r\n");
    });

    it("an SMC dead when the lockout started hears it when it comes back: the line rung on to its backup modem refuses the right password", () => {
      const s = make({ size: 3, modems: { units: [0, 1] }, answerRings: [2, 4], primaryId: [0, 1], t: { lockoutMs: 120000 } });
      waitLog(s, 1, "LINK B up, neighbour 1", 10000);
      // The backup modem's SMC is dead while the caller guesses.
      s.units[1].powerOff();
      waitLog(s, 0, "LINK A down", 10000);
      call(s);
      // Part of the site is dead: ERR 10, each a failure as ERR 7 is.
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 10 unreachable\r\n"));
      hangUp(s, 0);
      const before = s.units[1].hw.console.output.length;
      s.units[1].powerOn();
      // Its link to SMC 1 comes up: SMC 1 tells it what is left of the lockout and the run.
      waitLog(s, 1, "LINK B up, neighbour 1", 10000);
      s.clock.runUntil(() => s.units[1].hw.console.output.slice(before).includes("AUTH lockout heard: "), 2000);
      expect(s.units[1].hw.console.output.slice(before)).toMatch(/AUTH lockout heard: \d+ ms, 3 failures in a row/);
      s.units[0].powerOff();
      waitLog(s, 1, "LINK B down", 10000);
      call(s);
      expect(s.modems.get(1)!.answeredAtRing).toBe(4);
      expect(say(s, "AUTH admin pw-2")).toBe("ERR 8 locked out\r\n");
    });

    it("an SMC rebooted during a lockout, faster than its neighbour sees the link go down, hears it from its own link coming up", () => {
      const s = make({ size: 2, t: { lockoutMs: 120000 } });
      waitLog(s, 1, "LINK B up, neighbour 1", 10000);
      for (const g of ["a", "b", "c"]) expect(say(s, `AUTH admin ${g}`)).toBe("ERR 7 authentication failed\r\n");
      waitLog(s, 1, "AUTH lockout heard: ", 1000);
      const before = s.units[1].hw.console.output.length;
      s.units[1].powerCycle();
      waitLog(s, 1, "BOOT SMC 2", 1000);
      s.clock.runUntil(() => s.units[1].hw.console.output.slice(before).includes("AUTH lockout heard: "), 5000);
      // SMC 1 never saw its link go down: the reborn SMC's "nothing known" was answered with what SMC 1 knows.
      expect(s.units[0].hw.console.output).not.toContain("LINK A down");
      expect(s.units[1].hw.console.output.slice(before)).toMatch(/AUTH lockout heard: \d+ ms, 3 failures in a row/);
      // Once told, nobody tells again: one L frame each way, no echo.
      const heard = (s.units[1].hw.console.output.slice(before).match(/lockout heard/g) ?? []).length;
      s.clock.advance(5000);
      expect((s.units[1].hw.console.output.slice(before).match(/lockout heard/g) ?? []).length).toBe(heard);
      expect(s.units[0].hw.console.output.match(/lockout heard/g)).toBeNull();
    });

    it("a redial during a failure's wait is refused; the wait's answer and hang-up go with the call, the next call is not hung up", () => {
      // lockoutMs short: the fourth and fifth failures are checked (not
      // refused), and wait 8 s and 16 s; the fifth is the call's last.
      const s = make({ modems: { units: [0] }, answerRings: [2], t: { lockoutMs: 1000 } });
      waitLog(s, 0, "MODEM ready", 10000);
      call(s);
      for (let i = 0; i < 4; i++) expect(say(s, `AUTH admin g${i}`)).toBe("ERR 7 authentication failed\r\n");
      s.terminal.clear();
      s.terminal.write("AUTH admin g4\r");
      waitLog(s, 0, "AUTHFAIL no SMC has these credentials (admin) call 1, wait 16000 ms, 5 in this call: hanging up", 1000);
      const failedAt = s.clock.now();
      hangUp(s, 0);
      call(s);
      expect(s.clock.now() - failedAt).toBeLessThan(16000);
      // Still within the wait: refused, and logged as the second call's.
      expect(say(s, "AUTH admin pw-1")).toBe("ERR 8 locked out\r\n");
      waitLog(s, 0, "AUTHFAIL refused, locked out (admin) call 2", 1000);
      // Past the wait: nothing of the first call answers or hangs this one up.
      s.clock.advance(failedAt + 30000 - s.clock.now());
      expect(s.terminal.text).not.toContain("ERR 7");
      expect(s.terminal.text).not.toContain("NO CARRIER");
      expect(s.units[0].hw.console.output.match(/CALL ended/g)?.length).toBe(1);
      expect(say(s, "AUTH admin pw-1")).toBe("ID 1\r\nOK\r\n");
    });

    it("pass-through: the first SMC's relay waits out a failure's wait further on (longer than t.requestMs): each guess counted once, the fourth refused", () => {
      // The third failure's answer waits 4 s at SMC 3, longer than the 3 s
      // the relay gives any other command.
      const s = make({ size: 3, wiring: "passthrough", t: { requestMs: 3000, idleMs: 8000, modemCmdMs: 1000 } });
      for (let u = 1; u < 3; u++) waitLog(s, u, "MODEM ready", 10000);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 7 authentication failed\r\n"));
      expect(say(s, "AUTH admin pw-2")).toBe("ERR 8 locked out\r\n");
      for (const u of [0, 1, 2]) expect(s.units[u].hw.console.output.match(/AUTHFAIL (no SMC|not found)/g)?.length).toBe(3);
      expect(s.units[0].hw.console.output).not.toContain("PASS next SMC did not answer");
    });

    it("no byte any SMC writes (replies, event log, link frames) holds a password, a hash or a key; only the proof crosses the links", () => {
      const s = make({ size: 3, ring: false });
      const written: string[] = [];
      const toCaller: string[] = [];
      for (const u of s.units) {
        for (const p of ["linkA", "linkB", "modem"] as const) {
          const end = u.hw.port(p);
          const write = end.write.bind(end);
          end.write = (bytes: string) => {
            written.push(bytes);
            if (p === "modem") toCaller.push(bytes);
            write(bytes);
          };
        }
      }
      waitLog(s, 2, "LINK B up", 10000);
      const chal = () => parseChal(say(s, "CHAL").split("\r\n")[0])!;
      // The challenge form for every SMC: the proof travels, not the password.
      for (const id of [1, 2, 3]) {
        const c = chal();
        expect(say(s, `AUTH HMAC admin ${proofFor(deriveKey(c.site, "admin", sitePassword(id)), c.nonce, "admin")}`)).toBe(`ID ${id}\r\nOK\r\n`);
      }
      for (const line of ["STATUS", "@2 STATUS", "@3 DIAG", "MAP", "LOG", "@2 LOG", "CONFIG SHOW", "@3 CONFIG SHOW"]) say(s, line);
      // Plain AUTH of the SMC holding the console: checked there, never sent on.
      expect(say(s, "AUTH admin pw-1")).toBe("ID 1\r\nOK\r\n");
      // Wrong guesses of both forms, into the lockout.
      const c = chal();
      say(s, `AUTH HMAC admin ${proofFor(deriveKey(c.site, "admin", "wrong"), c.nonce, "admin")}`);
      say(s, "AUTH admin wrong-1");
      say(s, "AUTH admin wrong-2");
      say(s, "AUTH admin pw-3");
      s.clock.advance(10000);
      // Every file of the flash but the configuration's (the event log's records).
      const files = (u: (typeof s.units)[number]) =>
        u.hw.storage
          .list()
          .filter((f) => !/^smc\.(json|a|b)$/.test(f))
          .map((f) => u.hw.storage.read(f) ?? "")
          .join("");
      const all = written.join("") + s.units.map((u) => u.hw.console.output + files(u)).join("");
      expect(all.length).toBeGreaterThan(1000);
      for (const id of [1, 2, 3]) {
        const key = deriveKey(SIM_SITE, "admin", sitePassword(id));
        const bytes = Buffer.from(key, "hex").toString("latin1");
        for (const secret of [key, key.toUpperCase(), bytes]) expect(all.includes(secret), `SMC ${id}'s key`).toBe(false);
      }
      // Passwords: in no reply, frame or log record, and not in the echo of
      // the plain AUTHs typed either (typed mode echoes a password as *).
      for (const id of [1, 2, 3]) expect(all.includes(sitePassword(id)), `SMC ${id}'s password`).toBe(false);
      // A plain AUTH's password the head cannot grant goes on as a proof
      // of its verifier for a fresh challenge (docs/protocol.md, "Plain
      // AUTH"): the wrong guesses are in no frame either, nor in a reply,
      // the echo or a record.
      for (const guess of ["wrong-1", "wrong-2"]) expect(all.includes(guess), guess).toBe(false);
      expect(toCaller.join("")).not.toContain("wrong-1");
      // The stored hashes are not shown either (CONFIG SHOW included).
      for (const u of s.units) {
        const doc = JSON.parse(u.hw.storage.read("smc.json") ?? "{}");
        if (doc.hash) expect(all.includes(doc.hash)).toBe(false);
      }
    });
  });

  it(`guessesPerHour: an attacker's hour on the simulated site, every trick, gets at most ${GUESSES_PER_HOUR} guesses (${title})`, () => {
    const g = guessesPerHour(backend);
    expect(g.guessesPerHour).toBeLessThanOrEqual(GUESSES_PER_HOUR);
    for (const run of [g.runs.primaryAlive, g.runs.primaryDies]) {
      // The attack did run: it kept dialling and asking for the whole hour.
      expect(run.calls).toBeGreaterThan(50);
      expect(run.refused).toBeGreaterThan(300);
      expect(run.at[run.at.length - 1]).toBeGreaterThan(HOUR_MS - 300000);
      // The first guesses: the wait of each failure in a row (1 s, 2 s, 4 s) and the lockout after the third (30 s) between them.
      const gaps = run.at.slice(1, 6).map((t, i) => t - run.at[i]);
      expect(gaps[0]).toBeGreaterThanOrEqual(1000);
      expect(gaps[1]).toBeGreaterThanOrEqual(2000);
      expect(gaps[2]).toBeGreaterThanOrEqual(30000);
    }
    expect(g.runs.primaryDies.backupCalls).toBeGreaterThan(10);
  }, 120000);
}
