// Challenge-response AUTH on the virtual clock (TypeScript sources, and the
// built bundle in the emulation): one SMC at a terminal, a chain and a ring
// whose search carries the proof, pass-through wiring, and the worked
// example of docs/protocol.md checked against the firmware's HMAC and
// against openssl.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { roleOf, Role } from "../firmware/auth";
import type { SiteDut } from "../host/dut/siteDut";
import { bundlePath, loadBoard, virtualDut } from "../host/dut/virtualDut";
import { virtualSite } from "../host/dut/virtualSite";
import { deriveKey, parseChal, proofFor } from "../host/console/proof";
import { Site } from "../host/sim/site";
import { challengeScenarios, challengeSiteScenarios } from "./scenarios/challenge";
import { UNIT } from "./scenarios/common";
import { scenarioSuite } from "./support/suite";

/** docs/protocol.md's worked example. */
const EX = {
  site: "5e1fca11",
  user: "admin",
  password: "s3cret-pass",
  nonce: "0123456789abcdef",
  key: "4cd9a75ace165c4934458fa291b7cec3bce79a568b23779cdeb62a8924bf193e",
  proof: "d210fe3969252fdef52c44163f8770d733e084034ae4b42fb8cdf7836ed7eb2f",
};

describe("challenge-response AUTH: docs/protocol.md's worked example", () => {
  it("the host's key and proof are the documented ones, and the firmware's HMAC accepts exactly that proof", () => {
    expect(deriveKey(EX.site, EX.user, EX.password)).toBe(EX.key);
    expect(proofFor(EX.key, EX.nonce, EX.user)).toBe(EX.proof);
    // The loaded configuration holds the key as its 32 bytes.
    const acct = { user: EX.user, role: Role.Admin, salt: "00112233", hash: "0".repeat(64), key: Buffer.from(EX.key, "hex").toString("latin1") };
    expect(roleOf([acct], undefined, EX.user, EX.nonce + " " + EX.proof)).toBe(Role.Admin);
    // One bit off in the proof, another challenge, another user: refused.
    expect(roleOf([acct], undefined, EX.user, EX.nonce + " " + EX.proof.replace(/f$/, "e"))).toBe(Role.None);
    expect(roleOf([acct], undefined, EX.user, "0123456789abcdee " + EX.proof)).toBe(Role.None);
    expect(roleOf([acct], undefined, "Admin", EX.nonce + " " + EX.proof)).toBe(Role.None);
    // An account without a key opens by no proof; plain off refuses every password.
    expect(roleOf([{ ...acct, key: undefined }], undefined, EX.user, EX.nonce + " " + EX.proof)).toBe(Role.None);
    expect(roleOf([acct], { plain: false }, EX.user, EX.password)).toBe(Role.None);
  });

  it("openssl computes the same key and proof from the documented commands", () => {
    const kdf = execFileSync("openssl", ["kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt", `pass:${EX.password}`, "-kdfopt", `salt:${EX.site}:${EX.user}`, "-kdfopt", "iter:10000", "PBKDF2"], { encoding: "utf8" });
    expect(kdf.trim().replace(/:/g, "").toLowerCase()).toBe(EX.key);
    const mac = execFileSync("openssl", ["dgst", "-sha256", "-mac", "HMAC", "-macopt", `hexkey:${EX.key}`], { input: `${EX.nonce}:${EX.user}`, encoding: "utf8" });
    expect(mac.trim()).toBe(`SHA2-256(stdin)= ${EX.proof}`);
  });
});

const board = loadBoard("linux");

function waitLog(site: Site, unit: number, needle: string, ms: number): void {
  const out = () => site.units[unit].hw.console.output;
  if (!site.clock.runUntil(() => out().includes(needle), ms)) throw new Error(`unit ${unit}: no ${JSON.stringify(needle)} in ${JSON.stringify(out())}`);
}

/** Types a line; returns what came after its echo, up to the final line. */
function say(site: Site, line: string): string {
  site.terminal.clear();
  site.terminal.write(line + "\r");
  const done = () => /(^|\r\n)(OK|ERR \d+[^\r]*)\r\n$/.test(site.terminal.text);
  if (!site.clock.runUntil(done, 20000)) throw new Error(`no answer to ${line}: ${JSON.stringify(site.terminal.text)}`);
  return site.terminal.text.substr(line.length + 2);
}

for (const backend of ["ts", "emu"] as const) {
  const title = backend === "ts" ? "TypeScript sources" : "dist/linux.js in the emulation";
  scenarioSuite(`challenge-response AUTH, one SMC at a terminal (${title})`, challengeScenarios, (s) => virtualDut(backend, "linux", UNIT, undefined, s.stored));

  describe(`challenge-response AUTH on a site (${title})`, () => {
    let site: SiteDut | undefined;
    afterEach(async () => {
      await site?.close();
      site = undefined;
    });
    for (const shape of [{ size: 3, ring: false }, { size: 4, ring: true }]) {
      for (const s of challengeSiteScenarios) {
        it(`${shape.ring ? "ring" : "chain"} of ${shape.size}: ${s.name}`, async () => {
          site = virtualSite(backend, shape);
          await s.run(site);
        });
      }
    }
  });

  describe(`challenge-response AUTH in pass-through wiring (${title})`, () => {
    const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
    let site: Site | undefined;
    afterEach(() => {
      for (const u of site?.units ?? []) u.powerOff();
      site = undefined;
    });

    it("the first SMC passes its challenge on with the proof: the third SMC opens, a replay is refused, a caller's own challenge word is refused", () => {
      const s = new Site({ size: 3, ring: false, board, firmware, wiring: "passthrough" });
      site = s;
      s.powerOn();
      for (let u = 1; u < 3; u++) waitLog(s, u, "MODEM ready", 10000);
      const got = say(s, "CHAL");
      expect(got).toMatch(/^CHAL [0-9a-f]{16} 5e1fca11\r\nOK\r\n$/);
      const c = parseChal(got.split("\r\n")[0])!;
      const line = `AUTH HMAC admin ${proofFor(deriveKey(c.site, "admin", "pw-3"), c.nonce, "admin")}`;
      expect(say(s, line)).toBe("ID 3\r\nOK\r\n");
      expect(say(s, "@3 POWER STATE")).toBe("POWER OFF\r\nOK\r\n");
      expect(say(s, "LOGOUT")).toBe("OK\r\n");
      expect(say(s, line)).toBe("ERR 7 authentication failed\r\n");
      // The challenge word is the SMC before's to add; the first refuses a caller's.
      expect(say(s, `${line} ${c.nonce}`)).toBe("ERR 2 bad arguments\r\n");
    });
  });
}
