// Plain AUTH typed at the head for an SMC further on (docs/protocol.md,
// "Plain AUTH"), written once for every backend: what a tap on the cables
// between SMCs reads is a proof for a fresh challenge, never the password or
// its verifier, on a chain, a ring and in pass-through wiring. The AUTH
// still opens the right SMC with the right role, a wrong password fails as
// before, a captured proof opens nothing in a new call, and an SMC with
// plain AUTH off refuses the proof form.
import { createHash, createHmac } from "node:crypto";
import { expect } from "vitest";
import type { SiteDut } from "../../host/dut/siteDut";
import { deriveKey, parseChal, proofFor } from "../../host/console/proof";
import { configDocument, SIM_SITE } from "../../host/sim/provision";
import { ask, forged, password, settled } from "./chain";
import type { SiteScenario } from "./chain";
import { expectExchange, PASSWORD, UNIT, USER } from "./common";
import type { Scenario } from "./terminal";

/** v = SHA-256(site ":" user ":" password), 64 hex: what the account stores (salt "-"). */
export const verifierOf = (user: string, pw: string, site = SIM_SITE) => createHash("sha256").update(`${site}:${user}:${pw}`).digest("hex");
/** The plain form's proof: HMAC-SHA-256 keyed by v's 32 bytes over challenge ":" user. */
export const plainProof = (v: string, nonce: string, user: string) => createHmac("sha256", Buffer.from(v, "hex")).update(`${nonce}:${user}`).digest("hex");

/** Nothing of `pw` (as typed, its verifier in hex either case, its bytes, the key) in what the tap read. */
function noSecret(tapped: string, user: string, pw: string): void {
  const v = verifierOf(user, pw);
  const key = deriveKey(SIM_SITE, user, pw);
  for (const s of [pw, v, v.toUpperCase(), Buffer.from(v, "hex").toString("latin1"), key, Buffer.from(key, "hex").toString("latin1")]) expect(tapped.includes(s), JSON.stringify(s.slice(0, 12))).toBe(false);
}

/** The plain searches' "user challenge proof P" payloads the tap read, in order, one per search (a hop repeats it). */
function searches(tapped: string, user: string): Array<{ nonce: string; proof: string }> {
  const out: Array<{ nonce: string; proof: string }> = [];
  const re = new RegExp(`${user} ([0-9a-f]{16}) ([0-9a-f]{64}) P`, "g");
  for (let m = re.exec(tapped); m; m = re.exec(tapped)) if (!out.some((o) => o.nonce === m![1])) out.push({ nonce: m[1], proof: m[2] });
  return out;
}

/** The pass-through lines "AUTH PLAIN user proof challenge" the tap read, one per AUTH. */
function passedOn(tapped: string, user: string): Array<{ nonce: string; proof: string }> {
  const out: Array<{ nonce: string; proof: string }> = [];
  const re = new RegExp(`AUTH PLAIN ${user} ([0-9a-f]{64}) ([0-9a-f]{16})`, "g");
  for (let m = re.exec(tapped); m; m = re.exec(tapped)) if (!out.some((o) => o.nonce === m![2])) out.push({ nonce: m[2], proof: m[1] });
  return out;
}

/** The SMC two hops from the head: the third of a chain, of a ring of four or more. */
const farOf = (site: SiteDut) => site.ids[2];

export const plainLinkScenarios: SiteScenario[] = [
  {
    name: "a plain AUTH for the SMC 2 hops away: the search carries HMAC(v, challenge:user) for a fresh challenge, never the password or v; it opens that SMC; a wrong password is ERR 7 as before",
    async run(site) {
      await settled(site);
      const far = farOf(site);
      const at = site.cables().length;
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, `@${far} POWER STATE`)).toBe("POWER OFF\r\nOK\r\n");
      const tapped = site.cables().slice(at);
      noSecret(tapped, "admin", password(far));
      const found = searches(tapped, "admin");
      expect(found.length).toBe(1);
      expect(found[0].proof).toBe(plainProof(verifierOf("admin", password(far)), found[0].nonce, "admin"));
      // Each hop carried the same payload: the SMC between passed it on as it came.
      expect(tapped.split(`admin ${found[0].nonce} ${found[0].proof} P`).length - 1).toBeGreaterThanOrEqual(2);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      const before = site.cables().length;
      expect(await ask(site, `AUTH admin not-${password(far)}`)).toBe("ERR 7 authentication failed\r\n");
      const wrong = site.cables().slice(before);
      noSecret(wrong, "admin", `not-${password(far)}`);
      expect(searches(wrong, "admin").length).toBe(1);
    },
  },
  {
    name: "the same plain AUTH twice draws two challenges; the captured proof, given back to the head in a new call in any form, opens nothing",
    async run(site) {
      await settled(site);
      const far = farOf(site);
      const at = site.cables().length;
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, "BYE")).toBe("OK\r\n");
      // The call's end takes its time (the BYE's OK leaves first).
      await site.pause(2000);
      const found = searches(site.cables().slice(at), "admin");
      expect(found.length).toBe(2);
      expect(found[0].nonce).not.toBe(found[1].nonce);
      expect(found[0].proof).not.toBe(found[1].proof);
      // The caller cannot hand the head a challenge and a proof of its own
      // in any form: only the password (or, for CHAL's challenge, the key) opens.
      const { nonce, proof } = found[0];
      expect(await ask(site, `AUTH PLAIN admin ${proof} ${nonce}`)).toBe("ERR 2 bad arguments\r\n");
      expect(await ask(site, `AUTH HMAC admin ${proof} ${nonce}`)).toBe("ERR 2 bad arguments\r\n");
      expect(await ask(site, `AUTH HMAC admin ${proof}`)).toBe("ERR 7 authentication failed\r\n");
      expect(await ask(site, `@${far} STATUS`)).toBe("ERR 6 not authenticated\r\n");
    },
  },
  {
    name: "a search frame that carries a password (what a head sent before) opens nothing; the same search with the proof form opens",
    async run(site) {
      await settled(site);
      const id = site.ids[1];
      const search = (seq: number, call: number, payload: string, hops = 1) => forged({ kind: "A", seq, hops, call, src: site.ids[0], dst: 0, req: 1, payload });
      // At the hop limit: checked here, then answered, not passed round a
      // ring 64 times (a forged search no head stops) while the next one waits.
      site.inject(1, "linkB", search(201, 0x5eed0001, `admin ${password(id)}`, 64));
      await site.pause(1000);
      expect(site.console(1)).not.toContain("AUTH granted to a console");
      const nonce = "0123456789abcdef";
      site.inject(1, "linkB", search(202, 0x5eed0002, `admin ${nonce} ${plainProof(verifierOf("admin", password(id)), nonce, "admin")} P`));
      await site.waitConsole(1, "AUTH granted to a console via B", 5000);
    },
  },
  {
    name: "roles hold along the chain: an account CONFIG USER makes 2 hops away opens by plain AUTH at the head, as read",
    async run(site) {
      await settled(site);
      const far = farOf(site);
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, `@${far} CONFIG USER viewer read view-pw-1`)).toBe("CONFIG saved; in force from the next login\r\nOK\r\n");
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      const at = site.cables().length;
      expect(await ask(site, "AUTH viewer view-pw-1")).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, `@${far} POWER STATE`)).toBe("POWER OFF\r\nOK\r\n");
      expect(await ask(site, `@${far} POWER ON`)).toBe("ERR 14 not permitted: needs operator\r\n");
      const tapped = site.cables().slice(at);
      noSecret(tapped, "viewer", "view-pw-1");
      expect(searches(tapped, "viewer").length).toBe(1);
    },
  },
  {
    name: "CONFIG PLAIN OFF on the SMC 2 hops away: it refuses the plain search's proof; the challenge form still opens it",
    async run(site) {
      await settled(site);
      const far = farOf(site);
      const unit = site.ids.indexOf(far);
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      expect(await ask(site, `@${far} CONFIG PLAIN OFF`)).toBe("CONFIG saved; applies after CONFIG REBOOT\r\nOK\r\n");
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      // Applied at its next boot: off long enough for its neighbours to see the link down.
      const bootAt = () => site.console(unit).lastIndexOf("BOOT SMC");
      const before = bootAt();
      await site.kill(unit);
      await site.pause(site.t.linkDownMs + 1000);
      await site.powerOn(unit);
      for (let t = 0; t < 300 && bootAt() === before; t++) await site.pause(100);
      await settled(site);
      for (let t = 0; t < 300 && site.console(unit).indexOf("LINK B up", bootAt()) < 0; t++) await site.pause(100);
      expect(site.console(unit).indexOf("LINK B up", bootAt())).toBeGreaterThan(0);
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe("ERR 7 authentication failed\r\n");
      const got = await ask(site, "CHAL");
      const c = parseChal(got.split("\r\n")[0])!;
      expect(await ask(site, `AUTH HMAC admin ${proofFor(deriveKey(c.site, "admin", password(far)), c.nonce, "admin")}`)).toBe(`ID ${far}\r\nOK\r\n`);
    },
  },
  {
    name: "a captured search sent again on the cable, in a call of its own or in its own call once over, opens nothing: the SMC it opened refuses a proof granted before; a fresh AUTH still opens it",
    async run(site) {
      await settled(site);
      const far = farOf(site);
      const at = site.cables().length;
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
      const [captured] = searches(site.cables().slice(at), "admin");
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      await site.waitConsole(2, "CALL flags cleared: call ended", 5000);
      const grants = () => (site.console(2).match(/AUTH granted to a console/g) ?? []).length;
      const before = grants();
      // What a device on the cable between SMC 1 and SMC 2 sends: the same search, in a call of its own.
      site.inject(1, "linkB", forged({ kind: "A", seq: 203, hops: 1, call: 0x5eed0003, src: site.ids[0], dst: 0, req: 7, payload: `admin ${captured.nonce} ${captured.proof} P` }));
      await site.waitConsole(2, "AUTH refused a proof granted before (a replay) via ", 5000);
      // Nor in the call it was granted in, now over: the same frame but its seq.
      const line = site.cables().slice(at).split("\n").find((l) => l.startsWith("#A") && l.includes(`admin ${captured.nonce} `))!;
      const call = parseInt(line.substr(6, 8), 16);
      const refusals = () => (site.console(2).match(/AUTH refused a proof granted before/g) ?? []).length;
      site.inject(1, "linkB", forged({ kind: "A", seq: 204, hops: 1, call, src: site.ids[0], dst: 0, req: 8, payload: `admin ${captured.nonce} ${captured.proof} P` }));
      await site.waitConsole(2, "AUTH refused a proof granted before (a replay) via ", 5000);
      await site.pause(500);
      expect(refusals()).toBe(2);
      expect(grants()).toBe(before);
      expect(await ask(site, `AUTH admin ${password(far)}`)).toBe(`ID ${far}\r\nOK\r\n`);
    },
  },
];

export const plainPassScenarios: SiteScenario[] = [
  {
    name: "pass-through: the AUTH passed on is AUTH PLAIN <user> <HMAC(v, challenge:user)> <challenge>, the same on each cable, never the password; it opens SMC 3; a wrong password is ERR 7; a captured line opens nothing at the first SMC",
    async run(site) {
      for (let u = 1; u < site.size; u++) await site.waitConsole(u, "MODEM ready", 10000);
      const last = site.ids[site.size - 1];
      const at = site.cables().length;
      expect(await ask(site, `AUTH admin ${password(last)}`)).toBe(`ID ${last}\r\nOK\r\n`);
      expect(await ask(site, "POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      const tapped = site.cables().slice(at);
      noSecret(tapped, "admin", password(last));
      const found = passedOn(tapped, "admin");
      expect(found.length).toBe(1);
      expect(found[0].proof).toBe(plainProof(verifierOf("admin", password(last)), found[0].nonce, "admin"));
      expect(tapped.split(`AUTH PLAIN admin ${found[0].proof} ${found[0].nonce}`).length - 1).toBeGreaterThanOrEqual(2);
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      const before = site.cables().length;
      expect(await ask(site, `AUTH admin not-${password(last)}`)).toBe("ERR 7 authentication failed\r\n");
      noSecret(site.cables().slice(before), "admin", `not-${password(last)}`);
      // The captured line typed at the first SMC: refused there, not passed on.
      expect(await ask(site, `AUTH PLAIN admin ${found[0].proof} ${found[0].nonce}`)).toBe("ERR 2 bad arguments\r\n");
      expect(await ask(site, "POWER STATE")).toBe("ERR 6 not authenticated\r\n");
    },
  },
  {
    name: "pass-through: a captured AUTH PLAIN line sent again on the cable to the SMC it opened, in the same phone call once logged out, opens nothing there; a fresh AUTH still opens it",
    async run(site) {
      for (let u = 1; u < site.size; u++) await site.waitConsole(u, "MODEM ready", 10000);
      const last = site.ids[site.size - 1];
      const at = site.cables().length;
      expect(await ask(site, `AUTH admin ${password(last)}`)).toBe(`ID ${last}\r\nOK\r\n`);
      const [captured] = passedOn(site.cables().slice(at), "admin");
      expect(await ask(site, "LOGOUT")).toBe("OK\r\n");
      const grants = () => (site.console(site.size - 1).match(/AUTH granted/g) ?? []).length;
      const before = grants();
      // What a device on the cable into the last SMC's modem port sends while the call runs through.
      site.inject(site.size - 1, "modem", `AUTH PLAIN admin ${captured.proof} ${captured.nonce}\r`);
      await site.waitConsole(site.size - 1, "AUTH refused a proof granted before (a replay) from the SMC before", 5000);
      expect(grants()).toBe(before);
      // Its ERR goes back toward the console as the last SMC's answer: let it arrive before the next question.
      await site.pause(2000);
      expect(await ask(site, `AUTH admin ${password(last)}`)).toBe(`ID ${last}\r\nOK\r\n`);
    },
  },
];

/** The single-SMC unit with its accounts as verifiers (salt "-"), as the flash tool now writes them. */
const verifierUnit = configDocument({ ...UNIT, salt: undefined });

export const plainUnitScenarios: Scenario[] = [
  {
    name: "an account stored as its verifier opens by its password here; a new name needs the password (the verifier covers it); CONFIG PASSWORD writes the new verifier",
    stored: verifierUnit,
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} wrong-pass`, ["ERR 7 authentication failed"]);
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG USER boss CONFIRM", ["ERR 2 bad arguments: give the password: USER <name> <role> <password>"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await expectExchange(dut, `AUTH ${USER} n3w-pass`, ["ID 7", "OK"]);
    },
  },
  {
    name: "an older-form account (per-unit salt) still opens by its password on its own SMC and may be renamed; CONFIG PASSWORD rewrites it as a verifier",
    async run(dut) {
      await expectExchange(dut, `AUTH ${USER} ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG USER boss CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await expectExchange(dut, `AUTH boss ${PASSWORD}`, ["ID 7", "OK"]);
      await expectExchange(dut, "CONFIG PASSWORD n3w-pass CONFIRM", ["CONFIG saved; in force from the next login", "OK"]);
      // Now a verifier: a new name needs the password.
      await expectExchange(dut, "CONFIG USER admin CONFIRM", ["ERR 2 bad arguments: give the password: USER <name> <role> <password>"]);
      await expectExchange(dut, "LOGOUT", ["OK"]);
      await expectExchange(dut, `AUTH boss n3w-pass`, ["ID 7", "OK"]);
    },
  },
];
