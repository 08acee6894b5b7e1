// Roles (docs/protocol.md, "Roles"): read, operator and admin accounts on
// one SMC, CONFIG USER, an old document's two accounts, and the role of a
// far SMC's account enforced on a request that came over the links.
// Written once for every backend.
import { expect } from "vitest";
import { configDocument } from "../../host/sim/provision";
import { deriveKey, parseChal, proofFor } from "../../host/console/proof";
import { ask, forged, password, settled } from "./chain";
import type { SiteScenario } from "./chain";
import type { SiteOptions } from "../../host/dut/siteDut";
import { expectExchange, PASSWORD, typed, UNIT, USER } from "./common";
import type { Scenario } from "./terminal";
import { frame, framedRequest } from "../support/referenceCrc";

/** The unit with a third account, of the read role. */
const threeAccounts = configDocument({ ...UNIT, accounts: [{ user: "viewer", role: "read", password: "view-pass-1" }] });

/** A document from before the accounts list: the admin at the top, the operator beside it (as older flash tools wrote). */
function legacyDocument(): string {
  const doc = JSON.parse(configDocument(UNIT));
  const [admin, oper] = doc.users.split(",").map((e: string) => {
    const [user, , salt, hash, key] = e.split(" ");
    return { user, salt, hash, key };
  });
  delete doc.users;
  return JSON.stringify({ ...doc, user: admin.user, salt: admin.salt, hash: admin.hash, key: admin.key, operator: { user: oper.user, salt: oper.salt, hash: oper.hash, key: oper.key } });
}

const NEEDS_OPERATOR = ["ERR 14 not permitted: needs operator"];
const NEEDS_ADMIN = ["ERR 14 not permitted: needs admin"];

export const roleScenarios: Scenario[] = [
  {
    name: "three accounts each log in; read is refused POWER, RESET, DIAG, CONFIG and LOG CLEAR, typed and framed (logged; nothing pressed) and reads STATUS, READ, POWER STATE, LOG, MAP; operator refused CONFIG and LOG CLEAR",
    stored: threeAccounts,
    async run(dut) {
      await expectExchange(dut, "AUTH viewer view-pass-1", ["ID 7", "OK"]);
      expect(await typed(dut, "STATUS")).toMatch(/^STATUS\r\nID 7\r\n[^]*\r\nOK\r\n$/);
      await expectExchange(dut, "READ power", ["POWER OFF", "OK"]);
      await expectExchange(dut, "POWER STATE", ["POWER OFF", "OK"]);
      expect(await typed(dut, "LOG 1 1")).toMatch(/^LOG 1 1\r\nLOG 1 \d+ BOOT [^\r]*\r\nLOG 2 of \d+\r\nOK\r\n$/);
      expect(await typed(dut, "MAP")).toMatch(/^MAP\r\nMAP 7 self 0 [^\r]*\r\nOK\r\n$/);
      await expectExchange(dut, "POWER OFF", NEEDS_OPERATOR);
      await dut.waitConsole("DENIED POWER OFF needs operator, read viewer", 2000);
      await expectExchange(dut, "POWER on", NEEDS_OPERATOR);
      await expectExchange(dut, "RESET", NEEDS_OPERATOR);
      await dut.waitConsole("DENIED RESET needs operator, read viewer", 2000);
      await expectExchange(dut, "DIAG", NEEDS_OPERATOR);
      await expectExchange(dut, "CONFIG SHOW", NEEDS_ADMIN);
      await expectExchange(dut, "CONFIG ID 9", NEEDS_ADMIN);
      await expectExchange(dut, "LOG CLEAR CONFIRM", NEEDS_ADMIN);
      await dut.waitConsole("DENIED LOG CLEAR needs admin, read viewer", 2000);
      // Framed (a program): the same refusal, framed.
      dut.clear("modem");
      dut.send("modem", framedRequest("51", "POWER CYCLE"));
      await dut.waitFor("modem", frame("51", NEEDS_OPERATOR[0]));
      expect(dut.text("modem")).toBe(frame("51", NEEDS_OPERATOR[0]));
      dut.clear("modem");
      dut.send("modem", framedRequest("52", "POWER STATE"));
      await dut.waitFor("modem", frame("52", "OK"));
      expect(dut.text("modem")).toBe(frame("52", "POWER OFF") + frame("52", "OK"));
      expect(dut.output("power")).toBe(false);
      expect(dut.output("reset")).toBe(false);
      // The operator: power and reset, not the configuration or the log's erase.
      await expectExchange(dut, "AUTH oper op-pass-1", ["ID 7", "OK"]);
      await expectExchange(dut, "RESET", ["OK"]);
      await expectExchange(dut, "CONFIG SHOW", NEEDS_ADMIN);
      await expectExchange(dut, "LOG CLEAR CONFIRM", NEEDS_ADMIN);
      // The admin: everything.
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      const show = await typed(dut, "CONFIG SHOW");
      expect(show).toContain("\r\nCONFIG user admin admin key set\r\nCONFIG user oper operator key set\r\nCONFIG user viewer read key set\r\n");
      await expectExchange(dut, "LOG CLEAR CONFIRM", ["OK"]);
      // A LOGOUT ends the role with the flag: nothing runs on a stale one.
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await expectExchange(dut, "STATUS", ["ERR 6 not authenticated"]);
      await expectExchange(dut, "RESET", ["ERR 6 not authenticated"]);
    },
  },
  {
    name: "CONFIG USER adds an account, changes its role and deletes it, in force from the next login; the last admin stays",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG USER guest READ guest-pw-1", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, "CONFIG USER guest boss guest-pw-1", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG USER guest read", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "CONFIG USER guest read pw 12ab", ["ERR 2 bad arguments"]);
      await expectExchange(dut, "AUTH guest guest-pw-1", ["ID 7", "OK"]);
      await expectExchange(dut, "RESET", NEEDS_OPERATOR);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG USER guest operator guest-pw-2", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, "AUTH guest guest-pw-1", ["ERR 7 authentication failed"]);
      await expectExchange(dut, "AUTH guest guest-pw-2", ["ID 7", "OK"]);
      await expectExchange(dut, "RESET", ["OK"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG USER guest DELETE", ["ERR 15 repeat with CONFIRM at the end"]);
      await expectExchange(dut, "CONFIG USER guest DELETE CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, "CONFIG USER guest DELETE CONFIRM", ["ERR 2 bad arguments: no account guest"]);
      // The only admin: neither deleted nor demoted.
      await expectExchange(dut, `CONFIG USER ${USER} DELETE CONFIRM`, ["ERR 2 bad arguments: the last admin account stays"]);
      await expectExchange(dut, `CONFIG USER ${USER} operator ${PASSWORD}`, ["ERR 2 bad arguments: the last admin account stays"]);
      const show = await typed(dut, "CONFIG SHOW");
      expect(show).toContain("\r\nCONFIG user admin admin key set\r\nCONFIG user oper operator key set\r\nCONFIG answerRings");
      await expectExchange(dut, "AUTH guest guest-pw-2", ["ERR 7 authentication failed"]);
      await dut.waitConsole("CONFIG user guest changed", 2000);
    },
  },
  {
    name: "a document from before the accounts list: its admin and operator log in with their roles; the first change rewrites it as the list",
    stored: legacyDocument(),
    async run(dut) {
      await expectExchange(dut, "AUTH oper op-pass-1", ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG SHOW", NEEDS_ADMIN);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG RINGS 3", ["CONFIG saved; applies after CONFIG REBOOT", "OK"]);
      await dut.powerCycle();
      await dut.waitConsole("BOOT SMC 7", 5000);
      expect(dut.console()).not.toContain("CONFIG invalid");
      await expectExchange(dut, "AUTH oper op-pass-1", ["ID 7", "OK"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      expect(await typed(dut, "CONFIG SHOW")).toContain("\r\nCONFIG user admin admin key set\r\nCONFIG user oper operator key set\r\nCONFIG answerRings 3\r\n");
      const slot = (await dut.readFile("smc.b")) ?? (await dut.readFile("smc.a"))!;
      const doc = JSON.parse(slot.substr(slot.indexOf(" ", slot.indexOf(" ") + 1) + 1));
      expect(doc.user).toBeUndefined();
      expect(doc.operator).toBeUndefined();
      expect(doc.accounts).toBeUndefined();
      expect(doc.users.split(",").map((e: string) => e.split(" ").slice(0, 2).join(":"))).toEqual(["admin:admin", "oper:operator"]);
      // The keys came through the rewrite whole: the operator's proof opens.
      const c = parseChal((await typed(dut, "CHAL")).split("\r\n")[1])!;
      await expectExchange(dut, `AUTH HMAC oper ${proofFor(deriveKey(c.site, "oper", "op-pass-1"), c.nonce, "oper")}`, ["ID 7", "OK"]);
    },
  },
];

export const roleSiteScenarios: Array<SiteScenario & { shape: SiteOptions }> = [
  {
    name: "a chain of 3: SMC 3's read account, found by the search, is refused @3 POWER OFF there (logged on SMC 3); its operator account may",
    shape: { size: 3, ring: false },
    async run(site) {
      await settled(site);
      // The admin of SMC 3 adds its accounts over the links: in force at once.
      expect(await ask(site, `AUTH admin ${password(3)}`)).toBe("ID 3\r\nOK\r\n");
      expect(await ask(site, "@3 CONFIG USER viewer read view-3")).toBe("CONFIG saved; in force from the next login\r\nOK\r\n");
      expect(await ask(site, "@3 CONFIG USER oper operator oper-3")).toBe("CONFIG saved; in force from the next login\r\nOK\r\n");
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      expect(await ask(site, "AUTH viewer view-3")).toBe("ID 3\r\nOK\r\n");
      expect(await ask(site, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      expect(await ask(site, "@3 POWER OFF")).toBe("ERR 14 not permitted: needs operator\r\n");
      await site.waitConsole(2, "DENIED POWER OFF needs operator, read viewer", 2000);
      expect(await ask(site, "@3 RESET")).toBe("ERR 14 not permitted: needs operator\r\n");
      expect(await ask(site, "@3 LOG CLEAR CONFIRM")).toBe("ERR 14 not permitted: needs admin\r\n");
      expect(await ask(site, "MAP")).toMatch(/\r\nOK\r\n$/);
      // The account is SMC 3's: no other SMC of the site holds it.
      expect(await ask(site, "@1 STATUS")).toBe("ERR 6 not authenticated\r\n");
      expect(await ask(site, "AUTH oper oper-3")).toBe("ID 3\r\nOK\r\n");
      expect(await ask(site, "@3 RESET")).toBe("OK\r\n");
      expect(await ask(site, "@3 CONFIG SHOW")).toBe("ERR 14 not permitted: needs admin\r\n");
      // Forged searches whose payload has no user and password to split reach
      // the credentials check with an empty user name: refused, never thrown.
      const before = site.console(2).length;
      for (const [i, payload] of ["", "nospace", " x", "viewer "].entries()) site.inject(2, "linkB", forged({ kind: "A", seq: 200 + i, call: 77 + i, src: 1, dst: 0, req: 1, payload }));
      await site.pause(500);
      expect(site.console(2)).not.toContain("Uncaught");
      expect(site.console(2).slice(before)).not.toContain("granted");
    },
  },
];
