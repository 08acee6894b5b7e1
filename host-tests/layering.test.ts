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

/** The folders of firmware/, lowest first: a folder imports only folders of a lower rank. */
const RANK: Record<string, number> = {
  protocol: 0,
  runtime: 0,
  hal: 1,
  auth: 1,
  config: 2,
  log: 2,
  server: 3,
  chain: 3,
  modem: 3,
  passthrough: 3,
  app: 4,
  "main.ts": 5,
};

/** The folder (or "main.ts") a firmware path lies in. */
function folderOf(abs: string): string {
  return path.relative(path.join(root, "firmware"), abs).split(path.sep)[0];
}

/** Every import from one folder into another: [file, specifier, from folder, to folder]. */
function crossImports(): [string, string, string, string][] {
  const out: [string, string, string, string][] = [];
  for (const f of firmware) {
    for (const m of code(f).matchAll(/(?:from|import)\s+"([^"]+)"/g)) {
      const target = path.resolve(path.dirname(path.join(root, f)), m[1]);
      const from = folderOf(path.join(root, f));
      const to = folderOf(target);
      if (from !== to) out.push([f, m[1], from, to]);
    }
  }
  return out;
}

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
  it("folders import each other only through their index.ts", () => {
    const offenders = crossImports()
      .filter(([f, spec, , to]) => {
        if (to === "main.ts") return true;
        // The one way in to the Espruino HAL: hal/index.ts exports its types only.
        if (f === "firmware/main.ts" && spec === "./hal/espruino") return false;
        const target = path.resolve(path.dirname(path.join(root, f)), spec);
        const rel = path.relative(path.join(root, "firmware", to), target);
        return rel !== "" && rel !== "index";
      })
      .map(([f, spec]) => f + " -> " + spec);
    expect(offenders).toEqual([]);
  });
  it("every firmware folder has a rank, and imports only folders below it", () => {
    for (const f of firmware) expect(RANK[folderOf(path.join(root, f))], f).toBeTypeOf("number");
    const offenders = crossImports()
      .filter(([, , from, to]) => !(RANK[to] < RANK[from]))
      .map(([f, spec, from, to]) => f + " -> " + spec + " (" + from + " may not import " + to + ")");
    expect(offenders).toEqual([]);
  });
  it("no import cycle between folders", () => {
    const edges: Record<string, string[]> = {};
    for (const [, , from, to] of crossImports()) (edges[from] ??= []).includes(to) || edges[from].push(to);
    const cycles: string[] = [];
    const state: Record<string, number> = {}; // 1 on the path, 2 done
    const walk = (n: string, trail: string[]): void => {
      if (state[n] === 1) return void cycles.push([...trail.slice(trail.indexOf(n)), n].join(" -> "));
      if (state[n] === 2) return;
      state[n] = 1;
      for (const m of edges[n] ?? []) walk(m, [...trail, n]);
      state[n] = 2;
    };
    for (const n of Object.keys(edges)) walk(n, []);
    expect(cycles).toEqual([]);
  });
});
