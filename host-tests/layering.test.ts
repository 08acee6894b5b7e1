// The shape rules of DEVELOPERS.md that a compiler would not enforce.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith(".ts")) out.push(path.relative(root, p));
  }
  return out;
}

/** Source without comments, so a comment naming a global is no violation. */
function code(file: string): string {
  return readFileSync(path.join(root, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:"'])\/\/.*$/gm, "$1");
}

const firmware = tsFiles(path.join(root, "firmware"));
const HAL_IMPL = ["firmware/hal/espruino.ts", "firmware/hal/espruino-globals.d.ts"];

describe("firmware layering", () => {
  it("only the Espruino HAL names Espruino globals", () => {
    const espruino = /\b(Serial[1-6]|setWatch|clearWatch|digitalWrite|digitalRead|digitalPulse|analogRead|pinMode|getTime|E\.[a-zA-Z]+|process\.memory|require\s*\(|console\.log)\b/;
    const offenders = firmware.filter((f) => !HAL_IMPL.includes(f) && espruino.test(code(f)));
    expect(offenders).toEqual([]);
  });
  it("no firmware code reads the wall clock or uses global timers outside the HAL", () => {
    const time = /\b(Date|setTimeout|setInterval|clearTimeout|clearInterval|performance)\b\s*[.(]/;
    const offenders = firmware.filter((f) => !f.startsWith("firmware/hal/") && time.test(code(f).replace(/\bclock\.\w+/g, "")));
    expect(offenders).toEqual([]);
  });
  it("no firmware code uses what Espruino lacks", () => {
    const missing = /\bnew (Map|Set|WeakMap|WeakSet|Proxy)\b|\bSymbol\b|\bReflect\.|\basync\s+function\b|\bawait\b|\bfunction\s*\*|\bArray\.from\b|\bObject\.freeze\b|\.\.\.\w/;
    const offenders = firmware.filter((f) => !f.endsWith(".d.ts") && missing.test(code(f)));
    expect(offenders).toEqual([]);
  });
  it("the firmware does not import host code, and protocol/ imports nothing but itself", () => {
    for (const f of firmware) {
      const imports = [...code(f).matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
      for (const i of imports) expect(path.resolve(path.dirname(path.join(root, f)), i), f).toMatch(new RegExp("^" + root + "/firmware/"));
      if (f.startsWith("firmware/protocol/")) for (const i of imports) expect(i, f).toMatch(/^\.\//);
    }
  });
});
