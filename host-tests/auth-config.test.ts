// Credentials and the stored configuration.
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { checkCredentials, hashPassword, Role, roleOf, sha256hex } from "../firmware/auth";
import { ALL_USERS, defaultConfig, parseConfig } from "../firmware/config";
import { configDocument } from "../host/sim/provision";

describe("SHA-256 in JavaScript", () => {
  it("matches Node's on lengths around every padding boundary", () => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 200]) {
      const m = "q".repeat(n);
      expect(sha256hex(m)).toBe(createHash("sha256").update(m, "latin1").digest("hex"));
    }
    expect(sha256hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("credentials", () => {
  it("checks user and password against the salted hash", () => {
    const c = { user: "op", salt: "abcdef0123456789", hash: hashPassword("abcdef0123456789", "pw 1") };
    expect(checkCredentials(c, "op", "pw 1")).toBe(true);
    expect(checkCredentials(c, "op", "pw 2")).toBe(false);
    expect(checkCredentials(c, "OP", "pw 1")).toBe(false);
  });
  it("an unprovisioned unit accepts nobody, not even empty credentials", () => {
    const accounts = parseConfig(undefined, undefined, true).config.accounts!;
    expect(accounts).toEqual([]);
    expect(roleOf(accounts, undefined, "", "")).toBe(Role.None);
    expect(roleOf(accounts, undefined, "admin", "admin")).toBe(Role.None);
    expect(checkCredentials({ user: "", salt: "", hash: "" }, "", "")).toBe(false);
  });
  it("the provisioning document holds no password", () => {
    const doc = configDocument({ id: 3, user: "op", password: "Very-Secret-9" });
    expect(doc).not.toContain("Very-Secret-9");
    expect(JSON.parse(doc).users.split(" ")[3]).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("stored configuration", () => {
  it("falls back to safe defaults and says why", () => {
    expect(parseConfig(undefined).source).toBe("defaults: no stored config");
    expect(parseConfig("{bad").source).toBe("defaults: stored config is not JSON");
    expect(parseConfig('{"v":2}').source).toBe("defaults: stored config has no version 1");
    expect(parseConfig(undefined).config).toEqual(defaultConfig());
  });
  it("an ID of 0 is not an ID", () => {
    expect(parseConfig(JSON.stringify({ v: 1, id: 0 })).problems).toEqual(["id"]);
  });
  it("keeps valid fields and replaces each invalid one by its default", () => {
    const r = parseConfig(
      JSON.stringify({ v: 1, id: 999, user: "a b", salt: "00", hash: "x", modemBaud: 1234, linkBaud: 57600, t: { resetMs: 50, idleMs: -1, holdMs: "5" } }),
    );
    expect(r.source).toBe("stored");
    expect(r.problems).toEqual(["id", "credentials", "modemBaud", "t.holdMs", "t.idleMs"]);
    // No valid ID: the unknown one, never SMC 1's.
    expect(r.config.id).toBe(255);
    expect(r.config.linkBaud).toBe(57600);
    expect(r.config.t.resetMs).toBe(50);
    expect(r.config.t.idleMs).toBe(defaultConfig().t.idleMs);
    expect(parseConfig(JSON.stringify({ v: 1, user: "a b", salt: "00", hash: "x" }), undefined, true).config.accounts).toEqual([]);
  });
  it("accounts: each invalid one dropped and named, at most 8, names unique; a login's parse keeps only the named account and builds nothing else", () => {
    const ok = (user: string, role: string) => ({ user, role, salt: "00112233", hash: "a".repeat(64) });
    const doc = { v: 1, id: 3, accounts: [ok("admin", "admin"), ok("oper", "operator"), { ...ok("bad", "boss") }, ok("oper", "read"), { ...ok("k", "read"), key: "12" }, ok("viewer", "read")] };
    const r = parseConfig(JSON.stringify(doc), undefined, true);
    expect(r.problems).toEqual(["accounts"]);
    expect(r.config.accounts!.map((a) => `${a.user}:${a.role}`)).toEqual([`admin:${Role.Admin}`, `oper:${Role.Operator}`, `viewer:${Role.Read}`]);
    // Not kept in the running configuration.
    expect(parseConfig(JSON.stringify(doc)).config.accounts).toBeUndefined();
    const only = parseConfig(JSON.stringify(doc), undefined, "viewer").config;
    expect(only).toEqual({ id: 3, accounts: [{ user: "viewer", role: Role.Read, salt: "00112233", hash: "a".repeat(64), key: undefined }] });
    // An empty name (a forged search frame without a space) gets an empty list, not none.
    expect(parseConfig(JSON.stringify(doc), undefined, "").config.accounts).toEqual([]);
    expect(parseConfig(undefined, undefined, "").config.accounts).toEqual([]);
    const nine = { v: 1, accounts: Array.from({ length: 9 }, (_, i) => ok("u" + i, "read")) };
    expect(parseConfig(JSON.stringify(nine), undefined, true).config.accounts!.length).toBe(8);
    expect(parseConfig(JSON.stringify({ v: 1, accounts: "admin" }), undefined, true).problems).toEqual(["accounts"]);
    // An old document: its admin and operator.
    const old = { v: 1, user: "admin", salt: "00112233", hash: "b".repeat(64), operator: { user: "op", salt: "00112233", hash: "c".repeat(64) } };
    expect(parseConfig(JSON.stringify(old), undefined, true).config.accounts!.map((a) => `${a.user}:${a.role}`)).toEqual([`admin:${Role.Admin}`, `op:${Role.Operator}`]);
    expect(parseConfig(JSON.stringify({ ...old, operator: { user: "admin" } })).problems).toEqual(["operator"]);
  });
  it("packed accounts (\"users\"): the login's scan keeps exactly what the full parse keeps, and parses no JSON", () => {
    const e = (user: string, role: string, key = "-", salt = "00112233", hash = "a".repeat(64)) => [user, role, salt, hash, key].join(" ");
    const users = [
      e("admin", "admin", "b".repeat(64)),
      e("oper", "operator"),
      e("bad", "boss"),
      e("oper", "read"),
      e("k", "read", "12"),
      e("up", "read", "-", "0011223G"),
      e("short", "read", "-", "0011"),
      e("bs\\x", "read"),
      e("caf\u00e9", "read"),
      "two fields",
      e("viewer", "read"),
    ].join(",");
    const text = JSON.stringify({ v: 1, id: 3, users, t: { resetMs: 50 } });
    const full = parseConfig(text, undefined, true);
    expect(full.problems).toEqual(["accounts"]);
    // The 9th entry and later are never read (at most 8), as in the list form.
    expect(full.config.accounts!.map((a) => `${a.user}:${a.role}`)).toEqual([`admin:${Role.Admin}`, `oper:${Role.Operator}`]);
    const within = JSON.stringify({ v: 1, id: 3, users: [e("admin", "admin"), e("caf\u00e9", "read"), e("oper", "operator"), e("oper", "read"), e("k", "read", "12"), e("bs\\x", "read"), "two fields", e("viewer", "read")].join(",") });
    expect(parseConfig(within, undefined, true).config.accounts!.map((a) => a.user)).toEqual(["admin", "oper", "viewer"]);
    const spy = vi.spyOn(JSON, "parse");
    try {
      for (const doc of [text, within]) {
        const kept = parseConfig(doc, undefined, true).config.accounts!;
        spy.mockClear();
        for (const name of ["admin", "oper", "bad", "k", "up", "short", "bs\\x", "caf\u00e9", "two", "viewer", "nobody", ""]) {
          const one = parseConfig(doc, undefined, name).config.accounts!;
          expect(one, name).toEqual(kept.filter((a) => a.user === name));
        }
        expect(spy).not.toHaveBeenCalled();
        // CONFIG SHOW's list: every account, the same ones, no JSON parsed either.
        expect(parseConfig(doc, undefined, ALL_USERS).config.accounts!.map((a) => `${a.user}:${a.role}:${!!a.key}`)).toEqual(kept.map((a) => `${a.user}:${a.role}:${!!a.key}`));
        expect(spy).not.toHaveBeenCalled();
      }
    } finally {
      spy.mockRestore();
    }
    // The key of the scanned account as its 32 bytes, as the full parse gives it.
    expect(parseConfig(text, undefined, "admin").config.accounts![0].key).toBe(full.config.accounts![0].key);
    expect(full.config.accounts![0].key).toBe("\xbb".repeat(32));
  });
  it("pass-through position: passFirst is true unless stored false (a missing field keeps the idle time-out that ends a call)", () => {
    expect(defaultConfig().passFirst).toBe(true);
    expect(parseConfig(JSON.stringify({ v: 1, id: 2, passFirst: false })).config.passFirst).toBe(false);
    const r = parseConfig(JSON.stringify({ v: 1, id: 2, passFirst: "no" }));
    expect(r.problems).toEqual(["passFirst"]);
    expect(r.config.passFirst).toBe(true);
  });
});
