// The board's bytes (host/build/pretokenise.ts): the Espruino CLI's own
// tokeniser over the plain bundle, written as bytes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { tokenizer } from "acorn";
import { describe, expect, it } from "vitest";
import { ROOT } from "../host/build/compile";
import { byteLiteral, pretokenise, untokenise } from "../host/build/pretokenise";

const tokens = (code: string) => [...tokenizer(code, { ecmaVersion: 5 })].map((t: any) => (t.value === undefined ? t.type.label : String(t.value)));

describe("pretokenising", () => {
  it("turns keywords, operators, strings and integers into bytes", () => {
    const t = pretokenise('function f(a){return a==="xy"?10:-300}');
    expect(t.charCodeAt(0)).toBeGreaterThanOrEqual(128); // `function`
    expect(t).not.toContain("return");
    expect(t.length).toBeLessThan(30);
  });
  for (const board of ["linux", "pico", "original"]) {
    it(`dist/${board}.bootcde is dist/${board}.js, token for token, and smaller`, () => {
      const plain = readFileSync(path.join(ROOT, `dist/${board}.js`), "latin1");
      const bytes = readFileSync(path.join(ROOT, `dist/${board}.bootcde`), "latin1");
      expect(bytes).toBe(pretokenise(plain));
      expect(bytes.length).toBeLessThan(plain.length * 0.9);
      expect(tokens(untokenise(bytes))).toEqual(tokens(plain));
    });
  }
  it("writes bytes as an ASCII literal that evaluates to the same bytes", () => {
    const bytes = pretokenise('var s="\\u00e9t\\u00e9";if(s)s+=1;');
    const lit = byteLiteral(bytes);
    expect(lit).toMatch(/^[\x20-\x7e]*$/);
    expect(eval(lit)).toBe(bytes);
    expect(byteLiteral("\x00\x7f\x80\xff\"\\")).toBe('"\\u0000\\x7f\\x80\\xff\\"\\\\"');
  });
});
