// Challenge-response AUTH (docs/protocol.md, "Challenge-response AUTH"),
// written once for every backend: CHAL's challenge, AUTH HMAC's proof, a
// replayed or reflected proof refused, plain AUTH switched off, and the
// proof carried along the chain in place of the password.
import { expect } from "vitest";
import type { Dut } from "../../host/dut/dut";
import type { SiteDut } from "../../host/dut/siteDut";
import { deriveKey, parseChal, proofFor } from "../../host/console/proof";
import { configDocument, SIM_SITE } from "../../host/sim/provision";
import { ask, password, settled, statusOf } from "./chain";
import type { SiteScenario } from "./chain";
import { expectExchange, PASSWORD, typed, UNIT, USER } from "./common";
import type { Scenario } from "./terminal";

/** CHAL at a terminal: its exact answer, and the challenge and site salt in it. */
async function chal(dut: Dut): Promise<{ nonce: string; site: string }> {
  const got = await typed(dut, "CHAL");
  expect(got).toMatch(/^CHAL\r\nCHAL [0-9a-f]{16} [0-9a-f]+\r\nOK\r\n$/);
  return parseChal(got.split("\r\n")[1])!;
}

/** The AUTH HMAC line for `user`/`pw` answering challenge `c`. */
const hmacLine = (c: { nonce: string; site: string }, user: string, pw: string) => `AUTH HMAC ${user} ${proofFor(deriveKey(c.site, user, pw), c.nonce, user)}`;

const plainOff = configDocument({ ...UNIT, plain: false });

export const challengeScenarios: Scenario[] = [
  {
    name: "CHAL, then AUTH HMAC with the proof for it opens; the same proof again, or for a new challenge, is refused (replay)",
    async run(dut) {
      const c = await chal(dut);
      expect(c.site).toBe(SIM_SITE);
      const line = hmacLine(c, USER, PASSWORD);
      await expectExchange(dut, line, ["ID 7", "OK"]);
      expect(await typed(dut, "STATUS")).toContain("\r\nID 7\r\n");
      await expectExchange(dut, "LOGOUT", ["OK"]);
      // The challenge was used up by the first AUTH HMAC.
      await expectExchange(dut, line, ["ERR 7 authentication failed"]);
      const d = await chal(dut);
      expect(d.nonce).not.toBe(c.nonce);
      await expectExchange(dut, line, ["ERR 7 authentication failed"]);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await dut.waitConsole("AUTHFAIL no SMC has these credentials (admin)", 2000);
    },
  },
  {
    name: "a proof made for another user or a wrong password is refused; the operator's proof opens as operator (no CONFIG)",
    async run(dut) {
      let c = await chal(dut);
      // The admin's key over the operator's name: a proof reflected onto another account.
      await expectExchange(dut, `AUTH HMAC oper ${proofFor(deriveKey(c.site, USER, PASSWORD), c.nonce, USER)}`, ["ERR 7 authentication failed"]);
      c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, "wrong"), ["ERR 7 authentication failed"]);
      c = await chal(dut);
      await expectExchange(dut, hmacLine(c, "oper", "op-pass-1"), ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG SHOW", ["ERR 14 not permitted: needs admin"]);
    },
  },
  {
    name: "AUTH HMAC without a challenge, or in a form the head does not take, is refused",
    async run(dut) {
      await expectExchange(dut, `AUTH HMAC ${USER} ${"0".repeat(64)}`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH HMAC ${USER} ${"0".repeat(64)} 0123456789abcdef`, ["ERR 2 bad arguments"]);
      await expectExchange(dut, `AUTH HMAX ${USER} ${"0".repeat(64)}`, ["ERR 2 bad arguments"]);
    },
  },
  {
    name: "plain AUTH switched off (plain: false): the password is refused without being checked, the challenge form opens",
    stored: plainOff,
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ERR 7 authentication failed: plain AUTH off, use CHAL"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ERR 7 authentication failed: plain AUTH off, use CHAL"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ERR 7 authentication failed: plain AUTH off, use CHAL"]);
      // Not counted as guesses: three of them lock nothing.
      const c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, PASSWORD), ["ID 7", "OK"]);
      const show = await typed(dut, "CONFIG SHOW");
      expect(show).toContain("\r\nCONFIG user admin admin key set\r\nCONFIG user oper operator key set\r\n");
      expect(show).toContain("\r\nCONFIG site 5e1fca11 plain off\r\n");
    },
  },
  {
    name: "CONFIG PLAIN OFF applies after a reboot; CONFIG PASSWORD (drops the key) and CONFIG KEY (needs CONFIRM) from the next login",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG PLAIN MAYBE", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG PLAIN OFF", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      const key = deriveKey(SIM_SITE, USER, "n3w-pass");
      await expectExchange(dut, `CONFIG KEY ${key}`, ["ERR 15 repeat with CONFIRM at the end"]);
      await expectExchange(dut, "CONFIG KEY 12ab CONFIRM", ["ERR 2 bad arguments"]);
      await dut.powerCycle();
      await dut.waitConsole("BOOT SMC 7", 5000);
      // Plain off; the new password's key is not stored yet: nothing opens the admin account.
      await expectExchange(dut, `AUTH ${USER} n3w-pass`, ["ERR 7 authentication failed: plain AUTH off, use CHAL"]);
      let c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, PASSWORD), ["ERR 7 authentication failed"]);
      c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, "n3w-pass"), ["ERR 7 authentication failed"]);
      // The operator's key is untouched: its proof opens, but CONFIG is the admin's.
      c = await chal(dut);
      await expectExchange(dut, hmacLine(c, "oper", "op-pass-1"), ["ID 7", "OK"]);
      await expectExchange(dut, `CONFIG KEY ${key} CONFIRM`, ["ERR 14 not permitted: needs admin"]);
    },
  },
  {
    name: "CONFIG KEY with CONFIRM stores the host-derived key: after a reboot the proof made from it opens",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, `CONFIG KEY ${deriveKey(SIM_SITE, USER, "n3w-pass")} CONFIRM`, ["CONFIG saved; in force from the next login", "OK"]);
      await dut.powerCycle();
      await dut.waitConsole("BOOT SMC 7", 5000);
      let c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, PASSWORD), ["ERR 7 authentication failed"]);
      c = await chal(dut);
      await expectExchange(dut, hmacLine(c, USER, "n3w-pass"), ["ID 7", "OK"]);
      expect(await typed(dut, "CONFIG SHOW")).toContain("\r\nCONFIG user admin admin key set\r\n");
    },
  },
];

/** The head's challenge, typed at the site's console. */
async function siteChal(site: SiteDut): Promise<{ nonce: string; site: string }> {
  const got = await ask(site, "CHAL");
  expect(got).toMatch(/^CHAL [0-9a-f]{16} [0-9a-f]+\r\nOK\r\n$/);
  return parseChal(got.split("\r\n")[0])!;
}

export const challengeSiteScenarios: SiteScenario[] = [
  {
    name: "the proof travels the chain: AUTH HMAC with the last SMC's key is answered by its ID; replayed in a new call, refused",
    async run(site) {
      await settled(site);
      const last = site.ids[site.size - 1];
      const c = await siteChal(site);
      const line = hmacLine(c, "admin", password(last));
      expect(await ask(site, line)).toBe(`ID ${last}\r\nOK\r\n`);
      await statusOf(site, last, true);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      expect(await ask(site, line)).toBe("ERR 7 authentication failed\r\n");
      await siteChal(site);
      expect(await ask(site, line)).toBe("ERR 7 authentication failed\r\n");
      expect(await ask(site, `@${last} STATUS`)).toBe("ERR 6 not authenticated\r\n");
    },
  },
];
