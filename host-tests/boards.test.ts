// Board files: every pin is used once, and the inputs the firmware watches
// can be watched together (Espruino cannot watch A5 and B5 at once).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BoardDesc } from "../firmware/hal/board";

const dir = new URL("../boards/", import.meta.url);
const boards: BoardDesc[] = readdirSync(dir).map((f) => JSON.parse(readFileSync(new URL(f, dir), "utf8")));
/** Watched inputs; resetSense is optional (a board file may name it). */
const WATCHED = ["ri", "dcd", "powerGood", "ptDtr", "resetSense"];
const ROLES = ["ri", "dcd", "dtr", "powerGood", "reset", "power", "ptRi", "ptDcd", "ptDtr"];

describe("board files", () => {
  it("cover the boards the product supports", () => {
    expect(boards.map((b) => b.name).sort()).toEqual(["esp32", "linux", "nucleo-f401re", "original", "pico"]);
  });
  for (const b of boards) {
    it(`${b.name}: wires every role, uses each pin once, never uses its console UART, and its watched inputs have distinct pin numbers`, () => {
      for (const r of ROLES) expect(b.pins[r], r).toMatch(/^[A-D]\d+$/);
      const used = Object.values(b.pins);
      for (const p of Object.values(b.ports)) if (p?.tx) used.push(p.tx, p.rx!);
      expect(new Set(used).size).toBe(used.length);
      const serials = Object.values(b.ports).map((p) => p!.serial);
      expect(new Set(serials).size).toBe(serials.length);
      expect(serials).not.toContain(b.console);
      const numbers = WATCHED.filter((r) => b.pins[r]).map((r) => b.pins[r].replace(/^[A-D]/, ""));
      expect(new Set(numbers).size).toBe(numbers.length);
    });
  }
  it("docs/boards.md has a row for every board with its pins", () => {
    const doc = readFileSync(new URL("../docs/boards.md", import.meta.url), "utf8");
    for (const b of boards) {
      const row = doc.split("\n").find((l) => l.startsWith(`| ${b.name} |`));
      expect(row, b.name).toBeDefined();
      for (const r of ROLES) expect(row).toMatch(new RegExp(` ${b.pins[r]}( \\|| /)`));
    }
  });
});
