// The emulation's indexOf (host/sim/emulation.ts) against the real
// interpreter's: the same expressions, the same answers.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findInterpreter, realSuiteGate } from "../host/real";
import { CASES, EXPECTED } from "./support/espruinoIndexOf";

describe.skipIf(!realSuiteGate().run)("Espruino's indexOf on the real interpreter", () => {
  it("answers as the emulation does", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "smc-indexof-"));
    try {
      const file = path.join(dir, "t.js");
      writeFileSync(file, `console.log("=" + ${CASES});`);
      const r = spawnSync(findInterpreter().bin!, [file], { encoding: "latin1", timeout: 20000 });
      expect(/=(.*)/.exec(r.stdout)?.[1]?.trim()).toBe(EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
