// flash.config.json is valid: every unit names a board that exists, a unique
// ID, and a password source that is not the password itself.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { parseConfig } from "../firmware/config";
import { plainVerifier } from "../firmware/auth";
import { execStart, supervisorUnit } from "../host/flash/supervisor";
import { readUnits, unitConfig } from "../host/flash/units";
import { boards } from "../host/build/build";
import { doesNotFit, FREE_AT_PEAK, MEASURED, varsNeeded } from "../host/build/fit";
import { runFlash } from "./support/flash";

describe("flash.config.json", () => {
  const file = new URL("../flash.config.json", import.meta.url).pathname;
  const units = readUnits(file);
  it("names existing boards and unique IDs, and holds no password", () => {
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    for (const u of units) {
      expect(existsSync(new URL(`../boards/${u.board}.json`, import.meta.url)), u.board).toBe(true);
      expect(u.passwordEnv || u.passwordHash, u.name).toBeTruthy();
      for (const a of u.accounts ?? []) expect(a.passwordEnv || a.passwordHash, `${u.name} ${a.user}`).toBeTruthy();
    }
    expect(readFileSync(file, "utf8")).not.toMatch(/"password"\s*:/);
  });
  it("each unit's configuration document is valid when its password is given", () => {
    for (const u of units) {
      const env = Object.fromEntries([u, ...(u.accounts ?? [])].map((a) => [a.passwordEnv!, "some-password"]));
      const r = parseConfig(unitConfig(u, env));
      expect(r.source, u.name).toBe("stored");
      expect(r.problems, u.name).toEqual([]);
      expect(r.config.id).toBe(u.id);
    }
  });
  it("stores the challenge-response key derived with the unit's site salt, and its plain setting; refuses a bad site or key", () => {
    const u = { name: "x", board: "pico", port: "/dev/null", id: 7, user: "admin", passwordEnv: "PW", site: "5e1fca11", plain: false };
    const doc = JSON.parse(unitConfig(u, { PW: "s3cret-pass" }));
    // docs/protocol.md's worked example.
    expect(doc.users.split(" ")[4]).toBe("4cd9a75ace165c4934458fa291b7cec3bce79a568b23779cdeb62a8924bf193e");
    expect(doc.site).toBe("5e1fca11");
    expect(doc.plain).toBe(false);
    expect(JSON.stringify(doc)).not.toContain("s3cret-pass");
    expect(parseConfig(JSON.stringify(doc)).problems).toEqual([]);
    expect(() => unitConfig({ ...u, site: "XYZ" }, { PW: "p" })).toThrow(/site must be lower-case hex/);
    expect(() => unitConfig({ ...u, passwordEnv: undefined, salt: "00112233", passwordHash: "0".repeat(64), key: "12" }, {})).toThrow(/key must be 64/);
  });
  it("stores which links are cabled, as the firmware reads it; refuses anything but AB, A, B or none", () => {
    const u = { name: "x", board: "original", port: "/dev/null", id: 7, user: "admin", passwordEnv: "PW", cabled: "AB" as const };
    const doc = unitConfig(u, { PW: "p" });
    expect(JSON.parse(doc).cabled).toBe("AB");
    expect(parseConfig(doc).config.cabled).toBe("AB");
    expect(parseConfig(unitConfig({ ...u, cabled: "" }, { PW: "p" })).config.cabled).toBe("");
    expect(parseConfig(unitConfig({ ...u, cabled: undefined }, { PW: "p" })).config.cabled).toBeUndefined();
    expect(() => unitConfig({ ...u, cabled: "C" as "A" }, { PW: "p" })).toThrow(/cabled must be/);
    // A stored document with a bad value: the setting is dropped and named, the rest kept.
    const bad = parseConfig(JSON.stringify({ ...JSON.parse(doc), cabled: "BA" }));
    expect([bad.config.cabled, bad.problems]).toEqual([undefined, ["cabled"]]);
  });
  it("writes the unit's accounts with their roles (the admin first), each as its site-salted verifier; refuses a missing password, a bad role, a repeated name", () => {
    const u = { name: "x", board: "pico", port: "/dev/null", id: 7, user: "admin", passwordEnv: "PW", site: "5e1fca11", accounts: [{ user: "oper", role: "operator" as const, passwordEnv: "PW_OP" }, { user: "viewer", role: "read" as const, passwordEnv: "PW_RO" }] };
    const env = { PW: "s3cret-pass", PW_OP: "op-pass", PW_RO: "ro-pass" };
    const text = unitConfig(u, env);
    const doc = JSON.parse(text);
    // Packed (config/load.ts): "<user> <role> <salt> <hash> <key>", by ",".
    const list = doc.users.split(",").map((e: string) => e.split(" "));
    expect(list.map((f: string[]) => `${f[0]}:${f[1]}`)).toEqual(["admin:admin", "oper:operator", "viewer:read"]);
    // Salt "-": the hash is sha256(site ":" user ":" password), what a plain AUTH's proof is keyed by (docs/protocol.md).
    expect(list.map((f: string[]) => f[2])).toEqual(["-", "-", "-"]);
    expect(list.map((f: string[]) => f[3])).toEqual([plainVerifier("5e1fca11", "admin", "s3cret-pass"), plainVerifier("5e1fca11", "oper", "op-pass"), plainVerifier("5e1fca11", "viewer", "ro-pass")]);
    expect(list[0][3]).toBe(createHash("sha256").update("5e1fca11:admin:s3cret-pass").digest("hex"));
    expect(doc.accounts).toBeUndefined();
    for (const pw of Object.values(env)) expect(text).not.toContain(pw);
    const r = parseConfig(text, undefined, true);
    expect(r.problems).toEqual([]);
    expect(r.config.accounts!.map((a) => a.role)).toEqual([3, 2, 1]);
    expect(() => unitConfig(u, { PW: "p", PW_OP: "q" })).toThrow(/no password: set PW_RO/);
    expect(() => unitConfig({ ...u, accounts: [{ user: "x", role: "boss" as "read", passwordEnv: "PW" }] }, env)).toThrow(/role must be/);
    expect(() => unitConfig({ ...u, accounts: [{ user: "admin", role: "read", passwordEnv: "PW" }] }, env)).toThrow(/user names must differ/);
    // A name the packed form cannot hold.
    for (const bad of ["a,b", 'a"b', "a\\b", "a b", ""]) expect(() => unitConfig({ ...u, accounts: [{ user: bad, role: "read", passwordEnv: "PW" }] }, env), bad).toThrow(/a user name is/);
  });
  it("refuses a unit whose password is not in the environment", () => {
    expect(() => unitConfig(units[0], {})).toThrow(/no password: set SMC1_PASSWORD/);
  });
});

describe("npm run flash, before it reaches a board", () => {
  it("refuses a board it does not know and a port that is not there, and goes on with the rest", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "smc-flash-fit-"));
    try {
      const r = await runFlash(
        dir,
        [
          { name: "odd", board: "teensy", port: "tcp://127.0.0.1:9", id: 2, user: "admin", passwordEnv: "FIT_PW" },
          { name: "unplugged", board: "pico", port: "/dev/serial/by-id/no-such-smc", id: 3, user: "admin", passwordEnv: "FIT_PW" },
        ],
        { FIT_PW: "x" },
      );
      expect(r.code).toBe(1);
      expect(r.lines).toEqual([
        `[1/2] odd (teensy, ID 2, tcp://127.0.0.1:9): FAILED: no board "teensy" in boards/ (esp32, linux, nucleo-f401re, original, pico)`,
        "[2/2] unplugged (pico, ID 3, /dev/serial/by-id/no-such-smc): FAILED: no serial port /dev/serial/by-id/no-such-smc (is the board plugged in?)",
        "2 of 2 units failed",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120000);

  it("lets every supported board through the fit check, the Original included", () => {
    expect(boards().filter((b) => doesNotFit(b)).map((b) => b.name)).toEqual([]);
  });

  it("refuses a board with fewer variables than the measured peak needs, and says what it needs from the measured figures, not a factor", () => {
    const original = boards().find((b) => b.name === "original")!;
    const need = Math.ceil(MEASURED.original.truePeak / (1 - FREE_AT_PEAK) / 10) * 10;
    expect(varsNeeded(original)).toBe(need);
    expect(doesNotFit({ ...original, variables: need })).toBe("");
    expect(doesNotFit({ ...original, variables: need - 1 })).toBe(
      `the Espruino Original (STM32F103RCT6) has ${(need - 1).toLocaleString("en")} variables; this firmware needs about ${need.toLocaleString("en")} (a call's true peak of ${MEASURED.original.truePeak.toLocaleString("en")} measured, and 25 % free; docs/boards.md, "Memory")`,
    );
  });
});

describe("the Linux board's supervisor (host/flash/linux/smc.service)", () => {
  const unit = supervisorUnit({});
  it("restarts the SMC whenever its process ends, never gives up, and kills it as the interpreter needs", () => {
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=0$/m);
    // The interpreter ignores SIGTERM.
    expect(unit).toMatch(/^KillSignal=SIGKILL$/m);
    expect(unit).toMatch(/^WorkingDirectory=\/var\/lib\/smc$/m);
    // The interpreter is the main process (exec), on an input that never ends.
    expect(execStart(unit)).toBe("rm -f console.fifo; mkfifo -m 600 console.fifo && exec /usr/local/bin/espruino 0<>console.fifo");
  });
  it("takes a unit's own folder and interpreter, and refuses paths a shell would read otherwise", () => {
    const own = supervisorUnit({ dir: "/srv/smc-3", espruino: "/opt/espruino/bin/espruino" });
    expect(own).toMatch(/^WorkingDirectory=\/srv\/smc-3$/m);
    expect(execStart(own)).toContain("exec /opt/espruino/bin/espruino 0<>console.fifo");
    expect(() => supervisorUnit({ dir: "/srv/a b" })).toThrow(/absolute path/);
    expect(() => supervisorUnit({ espruino: "espruino; rm -rf /" })).toThrow(/absolute path/);
  });
});
