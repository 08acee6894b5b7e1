// Plain AUTH's search carries a proof, not the password (docs/protocol.md,
// "Plain AUTH"), on the virtual clock (TypeScript sources, and the built
// bundle in the emulation): a tap on every cable of a chain of 3, a ring of
// 4 and pass-through wiring of 3; the worked example of docs/protocol.md
// checked against the firmware's HMAC and against openssl; roleOf's forms.
import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { hashPassword, hmac, plainVerifier, roleOf, Role } from "../firmware/auth";
import { parseConfig, scanUsers } from "../firmware/config";
import { crc32, encodeFrame } from "../firmware/protocol";
import type { SiteDut } from "../host/dut/siteDut";
import { virtualSite } from "../host/dut/virtualSite";
import { configDocument } from "../host/sim/provision";
import { virtualDut } from "../host/dut/virtualDut";
import { plainLinkScenarios, plainPassScenarios, plainProof, plainUnitScenarios, verifierOf } from "./scenarios/plainProof";
import { UNIT } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";

/** docs/protocol.md's worked example of the plain form. */
const EX = {
  site: "5e1fca11",
  user: "admin",
  password: "s3cret-pass",
  nonce: "0123456789abcdef",
};

describe("plain AUTH's proof: docs/protocol.md's worked example and roleOf's forms", () => {
  const v = plainVerifier(EX.site, EX.user, EX.password);
  const proof = plainProof(v, EX.nonce, EX.user);
  it("v and the proof are openssl's, and the firmware's HMAC makes the same from v's hex or bytes", () => {
    const sh = execFileSync("openssl", ["dgst", "-sha256"], { input: `${EX.site}:${EX.user}:${EX.password}`, encoding: "utf8" });
    expect(sh.trim().split("= ")[1]).toBe(v);
    const mac = execFileSync("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", `hexkey:${v}`], { input: `${EX.nonce}:${EX.user}`, encoding: "utf8" });
    expect(mac.trim().split("= ")[1]).toBe(proof);
    expect(hmac(v, `${EX.nonce}:${EX.user}`)).toBe(proof);
    expect(hmac(Buffer.from(v, "hex").toString("latin1"), `${EX.nonce}:${EX.user}`)).toBe(proof);
    // The documented numbers (docs/protocol.md, "Plain AUTH").
    expect(v).toBe(DOC_V);
    expect(proof).toBe(DOC_PROOF);
  });
  it("roleOf: the proof opens a verifier account; a bit off, another challenge or user, an older-form account, plain off: refused", () => {
    const acct = { user: EX.user, role: Role.Operator, salt: "-", hash: v };
    const cfg = { site: EX.site };
    const secret = `${EX.nonce} ${proof} P`;
    expect(roleOf([acct], cfg, EX.user, secret)).toBe(Role.Operator);
    // The password itself opens the verifier account on its own SMC.
    expect(roleOf([acct], cfg, EX.user, EX.password)).toBe(Role.Operator);
    expect(roleOf([acct], { site: "5e1fca12" }, EX.user, EX.password)).toBe(Role.None);
    expect(roleOf([acct], cfg, EX.user, `${EX.nonce} ${proof.replace(/.$/, (c) => (c === "0" ? "1" : "0"))} P`)).toBe(Role.None);
    expect(roleOf([acct], cfg, EX.user, `0123456789abcdee ${proof} P`)).toBe(Role.None);
    expect(roleOf([{ ...acct, user: "oper" }], cfg, "oper", secret)).toBe(Role.None);
    // Read as the challenge-response form (no " P"): keyed by the key, which this account lacks.
    expect(roleOf([acct], cfg, EX.user, `${EX.nonce} ${proof}`)).toBe(Role.None);
    expect(roleOf([{ ...acct, key: Buffer.from(v, "hex").toString("latin1") }], cfg, EX.user, `${EX.nonce} ${proof}`)).toBe(Role.Operator);
    // An older-form account (per-unit salt): its password opens it here, no proof ever does.
    const old = { user: EX.user, role: Role.Admin, salt: "00112233", hash: hashPassword("00112233", EX.password) };
    expect(roleOf([old], cfg, EX.user, EX.password)).toBe(Role.Admin);
    expect(roleOf([old], cfg, EX.user, `${EX.nonce} ${plainProof(old.hash, EX.nonce, EX.user)} P`)).toBe(Role.None);
    expect(roleOf([old], cfg, EX.user, secret)).toBe(Role.None);
    // CONFIG PLAIN OFF: neither the password nor its proof is checked.
    expect(roleOf([acct], { ...cfg, plain: false }, EX.user, secret)).toBe(Role.None);
    expect(roleOf([acct], { ...cfg, plain: false }, EX.user, EX.password)).toBe(Role.None);
  });
  it("docs/protocol.md's search frames of AUTH admin pw-3 (challenge 0123456789abcdef) are these bytes", () => {
    const nonce = "0123456789abcdef";
    const payload = `admin ${nonce} ${plainProof(plainVerifier(EX.site, "admin", "pw-3"), nonce, "admin")} P`;
    expect(payload).toBe("admin 0123456789abcdef 6a2e9760a7720634248d71822ce14b29cefdb2dc561c4b7792a3428daf903815 P");
    const f = (hops: number) => encodeFrame({ kind: "A", seq: 1, hops, call: 0x5a3c91e7, src: 1, dst: 0, req: 1, payload }, crc32);
    expect([f(0), f(1)]).toEqual([`#A01005A3C91E7010000000001${payload}*A37D0B87\n`, `#A01015A3C91E7010000000001${payload}*14052BCD\n`]);
    // The worked example's payload.
    expect(`admin ${EX.nonce} ${proof} P`).toBe("admin 0123456789abcdef 44c0e1ea79d150c0e527102c5ad4a78c1dc4696cc56633862be385ff8963ec35 P");
  });
  it("the packed accounts take salt \"-\" (scanUsers and the full parse alike); provision writes it", () => {
    const doc = configDocument({ id: 3, user: EX.user, password: EX.password, site: EX.site });
    expect(JSON.parse(doc).users).toBe(`admin admin - ${v} ${JSON.parse(doc).users.split(" ")[4]}`);
    expect(scanUsers(doc, EX.user)![0]).toMatchObject({ user: EX.user, salt: "-", hash: v });
    expect(parseConfig(doc, undefined, EX.user).config.accounts![0]).toMatchObject({ user: EX.user, salt: "-", hash: v });
    expect(parseConfig(doc).problems).toEqual([]);
    // "-" is the only salt shorter than 8 digits.
    const bad = doc.replace(" - ", " x ");
    expect(scanUsers(bad, EX.user)).toEqual([]);
    expect(parseConfig(bad).problems).toEqual(["accounts"]);
    expect(verifierOf(EX.user, EX.password, EX.site)).toBe(v);
  });
});

const DOC_V = "c656b089f803022515a6786ccd3cb60e3465d6b2d7a3ac677d1d85c2e1cf3c30";
const DOC_PROOF = "44c0e1ea79d150c0e527102c5ad4a78c1dc4696cc56633862be385ff8963ec35";

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`plain AUTH's verifier, one SMC at a terminal (${title})`, plainUnitScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));
  describe(`plain AUTH's proof on a site (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const shape of [{ size: 3, ring: false }, { size: 4, ring: true }]) {
      for (const s of plainLinkScenarios) {
        it(`${shape.ring ? "ring" : "chain"} of ${shape.size}: ${s.name}`, async () => {
          site = virtualSite(backend, shape);
          await s.run(site);
        });
      }
    }
    for (const s of plainPassScenarios) {
      it(`pass-through of 3: ${s.name}`, async () => {
        site = virtualSite(backend, { size: 3, ring: false, wiring: "passthrough", t: { requestMs: 4000, modemCmdMs: 1000 } });
        await s.run(site);
      });
    }
  });
}
