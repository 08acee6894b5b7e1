// flash.config.json is valid: every unit names a board that exists, a unique
// ID, and a password source that is not the password itself.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../firmware/config";
import { readUnits, unitConfig } from "../host/flash/units";

describe("flash.config.json", () => {
  const file = new URL("../flash.config.json", import.meta.url).pathname;
  const units = readUnits(file);
  it("names existing boards and unique IDs, and holds no password", () => {
    expect(units.length).toBeGreaterThan(0);
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    for (const u of units) {
      expect(existsSync(new URL(`../boards/${u.board}.json`, import.meta.url)), u.board).toBe(true);
      expect(u.passwordEnv || u.passwordHash, u.name).toBeTruthy();
    }
    expect(readFileSync(file, "utf8")).not.toMatch(/"password"\s*:/);
  });
  it("each unit's configuration document is valid when its password is given", () => {
    for (const u of units) {
      const env = { [u.passwordEnv!]: "some-password" };
      const r = parseConfig(unitConfig(u, env));
      expect(r.source, u.name).toBe("stored");
      expect(r.problems, u.name).toEqual([]);
      expect(r.config.id).toBe(u.id);
    }
  });
  it("refuses a unit whose password is not in the environment", () => {
    expect(() => unitConfig(units[0], {})).toThrow(/no password: set SMC1_PASSWORD/);
  });
});
