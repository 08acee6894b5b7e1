// Property-name mangling (host/build/mangle.ts): what must keep its spelling
// does, and every long name left in a built bundle is one of those.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "acorn";
import { full } from "acorn-walk";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProgram, ROOT } from "../host/build/compile";
import { MANGLED, reservedProps } from "../host/build/mangle";
import { defaultConfig } from "../firmware/config";
import { boards } from "../host/build/build";
import { configDocument } from "../host/sim/provision";

let reserved = new Set<string>();
beforeAll(() => {
  const { program } = compileProgram([path.join(ROOT, "firmware/main.ts")], path.join(ROOT, ".tmp/mangle-test"));
  reserved = reservedProps(program);
});

function allKeys(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => allKeys(x, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(k), allKeys(x, out);
  return out;
}

describe("the reserve list of property names", () => {
  it("holds every key of the configuration document and its defaults", () => {
    const doc = JSON.parse(configDocument({ id: 1, user: "a", password: "b", operator: { user: "o", password: "p" }, modem: "hayes", wiring: "links", passNext: true, answerRings: 2, primaryId: 1, modemBaud: 9600, linkBaud: 9600 }));
    for (const k of [...allKeys(doc), ...allKeys(defaultConfig())]) expect(reserved.has(k), k).toBe(true);
  });
  it("holds every key of every board file", () => {
    for (const b of boards()) for (const k of allKeys(b)) expect(reserved.has(k), `${b.name}: ${k}`).toBe(true);
  });
  it("holds the Espruino calls the HAL makes on untyped objects, and Espruino's typed API", () => {
    // removeAllListeners is missing from @types/espruino: it is found as a call on an `any`.
    for (const k of ["removeAllListeners", "setup", "setConsole", "enableWatchdog", "usage", "debounce", "repeat", "charCodeAt", "prototype"]) expect(reserved.has(k), k).toBe(true);
  });
});

describe("a built bundle", () => {
  it("spells no long property name that is not reserved: the others are shortened", () => {
    const code = readFileSync(path.join(ROOT, "dist/linux.js"), "latin1");
    const names = new Set<string>();
    full(parse(code, { ecmaVersion: 5 }), (n: any) => {
      if (n.type === "MemberExpression" && !n.computed) names.add(n.property.name);
      if (n.type === "Property" && n.key.type === "Identifier") names.add(n.key.name);
    });
    const long = [...names].filter((n) => MANGLED.test(n));
    expect(long.filter((n) => !reserved.has(n))).toEqual([]);
    // ...and the reserved ones it needs are still there.
    expect(code).toContain(".removeAllListeners(");
    expect(code).toContain("modemBaud");
  });
});

describe("bundles sharing a mangle cache", () => {
  it("give the same short name to the same property", async () => {
    const { bundle } = await import("../host/build/build");
    const { writeFileSync, mkdirSync } = await import("node:fs");
    const dir = path.join(ROOT, ".tmp/mangle-cache");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "a.js"), "var o = { counter: 1 }; o.counter++; console.log(o.counter);");
    writeFileSync(path.join(dir, "b.js"), "var p = { other: 2, counter: 3 }; console.log(p.counter + p.other);");
    const cache: Record<string, string | false> = {};
    const reserveProps = /^console$/;
    const a = await bundle(path.join(dir, "a.js"), {}, { reserveProps, mangleCache: cache });
    const b = await bundle(path.join(dir, "b.js"), {}, { reserveProps, mangleCache: cache });
    expect(typeof cache.counter).toBe("string");
    expect(a).toContain("." + cache.counter);
    expect(b).toContain("." + cache.counter);
    expect(a + b).not.toContain("counter");
  });
});
