// The AUTH policy on the virtual clock (TypeScript sources, and the built
// bundle in the emulation): the lockout counts every failed search, whoever
// logs in between, across redials and on the backup modem, and a call's
// failures hang it up.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { SiteDut } from "../host/dut/siteDut";
import { bundlePath, loadBoard, virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { Site, SiteSpec } from "../host/sim/site";
import { authScenarios, siteAuthScenarios } from "./scenarios/auth";
import { UNIT } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";
import { parseConfig } from "../firmware/config";
import { unitConfig } from "../host/flash/units";
import { dial as call, say, waitLog, waitText } from "./support/modemSite";

const board = loadBoard("linux");

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`AUTH policy, one SMC at a terminal (${title})`, authScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));

  describe(`AUTH policy on a broken site (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const { shape, scenario } of siteAuthScenarios) {
      it(scenario.name, async () => {
        site = virtualSite(backend, shape);
        await scenario.run(site);
      });
    }
  });

  describe(`AUTH policy in pass-through wiring (${title})`, () => {
    const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });
    const make = (size: number) => {
      const s = new Site({ size, ring: false, board, firmware, wiring: "passthrough", t: { lockoutMs: 120000 } });
      site = s;
      s.powerOn();
      for (let u = 1; u < size; u++) waitLog(s, u, "MODEM ready", 10000);
      return s;
    };

    it("the end of the chain counts the guesses no SMC holds: the fourth is ERR 8", () => {
      const s = make(3);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 7 authentication failed\r\n"));
      waitLog(s, 2, "AUTHFAIL no SMC has these credentials, AUTH locked (admin)", 1000);
      expect(say(s, "AUTH admin pw-3")).toBe("ERR 8 locked out\r\n");
      // Refused by the first SMC, which saw the three answers go by.
      waitLog(s, 0, "AUTHFAIL refused, locked out (admin)", 1000);
    });

    it("every SMC on the way counts: while locked, the right password of an SMC before the end is refused at the first", () => {
      const s = make(3);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 7 authentication failed\r\n"));
      for (const u of [0, 1]) waitLog(s, u, "AUTHFAIL no SMC has these credentials, AUTH locked (admin)", 1000);
      expect(say(s, "AUTH admin pw-2")).toBe("ERR 8 locked out\r\n");
      expect(say(s, "AUTH admin pw-1")).toBe("ERR 8 locked out\r\n");
      waitLog(s, 0, "AUTHFAIL refused, locked out (admin)", 1000);
    });

    it("a failed AUTH ends the permission an SMC on the way holds", () => {
      const s = make(3);
      expect(say(s, "AUTH admin pw-2")).toBe("ID 2\r\nOK\r\n");
      expect(say(s, "@2 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      expect(say(s, "AUTH admin wrong")).toBe("ERR 7 authentication failed\r\n");
      waitLog(s, 1, "LOGOUT auth failed", 1000);
      expect(say(s, "@2 POWER STATE")).toBe("ERR 6 not authenticated\r\n");
    });

    it("with a dead SMC in the middle, the SMC before it counts the guesses it cannot pass on", () => {
      const s = make(4);
      s.units[2].powerOff();
      s.units[1].hw.setInput("ptDtr", false);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 10 unreachable\r\n"));
      expect(say(s, "AUTH admin pw-4")).toBe("ERR 8 locked out\r\n");
      waitLog(s, 1, "AUTHFAIL not found, part of the chain unreachable, AUTH locked (admin)", 1000);
    });
  });

  describe(`AUTH policy over the modem (${title})`, () => {
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

    it("the backup modem's calls (the primary's link is always down) count every failed search", () => {
      const s = make({ size: 3, modems: { units: [0, 1] }, answerRings: [2, 4], primaryId: [0, 1], t: { lockoutMs: 120000 } });
      s.units[0].powerOff();
      waitLog(s, 1, "LINK B down", 10000);
      call(s);
      expect(s.modems.get(1)!.answeredAtRing).toBe(4);
      expect([say(s, "AUTH admin a"), say(s, "AUTH admin b"), say(s, "AUTH admin c")]).toEqual(Array(3).fill("ERR 10 unreachable\r\n"));
      expect(say(s, "AUTH admin pw-3")).toBe("ERR 8 locked out\r\n");
      // The fifth failure of the call hangs up, once its answer has left.
      expect(say(s, "AUTH admin d")).toBe("ERR 8 locked out\r\n");
      waitLog(s, 1, "CALL ended: auth failures", 5000);
      waitText(s, "NO CARRIER", 5000);
      // The lockout outlives the call: a redial to the backup is still refused.
      call(s);
      expect(say(s, "AUTH admin pw-3")).toBe("ERR 8 locked out\r\n");
    });

    it("the lockout and the failures toward it survive a hang-up and a redial", () => {
      const s = make({ modems: { units: [0] }, answerRings: [2], t: { lockoutMs: 120000 } });
      waitLog(s, 0, "MODEM ready", 10000);
      call(s);
      expect(say(s, "AUTH admin a")).toBe("ERR 7 authentication failed\r\n");
      expect(say(s, "AUTH admin b")).toBe("ERR 7 authentication failed\r\n");
      s.consoleModem!.lineLost();
      waitLog(s, 0, "CALL ended: carrier lost", 5000);
      call(s);
      expect(say(s, "AUTH admin c")).toBe("ERR 7 authentication failed\r\n");
      expect(say(s, "AUTH admin pw-1")).toBe("ERR 8 locked out\r\n");
      s.consoleModem!.lineLost();
      waitLog(s, 0, "CALL ended: carrier lost", 5000);
      call(s);
      expect(say(s, "AUTH admin pw-1")).toBe("ERR 8 locked out\r\n");
    });

    it("five failed AUTHs in one call hang it up; the next call starts its own count", () => {
      const s = make({ modems: { units: [0] }, answerRings: [2], t: { lockoutMs: 1000 } });
      waitLog(s, 0, "MODEM ready", 10000);
      call(s);
      // Slow guesses: each after the lockout the one before earned (and
      // each answer after its wait, 1 s, 2 s ... 16 s: say() waits for it).
      for (let i = 0; i < 5; i++) {
        expect(say(s, `AUTH admin slow-${i}`)).toBe("ERR 7 authentication failed\r\n");
        s.clock.advance(1100);
      }
      waitLog(s, 0, "AUTHFAIL no SMC has these credentials (admin) call 1, wait 16000 ms, 5 in this call: hanging up", 1000);
      waitLog(s, 0, "CALL ended: auth failures", 5000);
      waitText(s, "NO CARRIER", 5000);
      call(s);
      expect(say(s, "AUTH admin pw-1")).toBe("ID 1\r\nOK\r\n");
    });
  });
}

describe("authTries in the stored configuration", () => {
  it("defaults to 5, takes 1..250 from the document and the flash tool, and reports anything else", () => {
    const doc = (extra: object) => JSON.stringify({ v: 1, id: 2, ...extra });
    expect(parseConfig(doc({})).config.authTries).toBe(5);
    expect(parseConfig(doc({ authTries: 9 })).config.authTries).toBe(9);
    for (const bad of [0, 251, 2.5, "5"]) {
      const r = parseConfig(doc({ authTries: bad }));
      expect(r.config.authTries).toBe(5);
      expect(r.problems).toContain("authTries");
    }
    const u = { name: "smc3", board: "linux", port: "/dev/null", id: 3, user: "admin", salt: "00112233", passwordHash: "0".repeat(64), authTries: 3 };
    expect(parseConfig(unitConfig(u)).config.authTries).toBe(3);
  });
});
