// The hoisting pass, checked on code shapes TypeScript and esbuild emit, and
// on the cases where declaring a var where it stands is or is not safe
// (support/hoistCases.ts; hoist.real.test.ts runs the same on Espruino).
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hoist, type HoistStats } from "../host/build/hoist";
import { HOIST_CASES } from "./support/hoistCases";
import { fuzzProgram } from "./support/hoistFuzz";

const stats = (): HoistStats => ({ top: 0, block: 0, lazy: 0 });

describe("the hoisting pass", () => {
  it("moves function declarations before the statements that call them, in source order", () => {
    expect(hoist("a();function a(){b()}function b(){}")).toBe("function a(){b()}function b(){}a();");
  });
  it("declares at the top a var that may be read before its statement ran, but not parameters or function names", () => {
    expect(hoist("function f(p){if(0){var x=1}return x}")).toBe("function f(p){var x;if(0){var x=1}return x}");
    expect(hoist("function f(p){var p=p||1;return p}")).toBe("function f(p){var p=p||1;return p}");
    expect(hoist("function f(){return g();var x=1;function g(){return x}}")).toBe("function f(){var x;function g(){return x}return g();var x=1;}");
  });
  it("hoists inside nested functions and keeps directives first", () => {
    expect(hoist('function o(){"use strict";i();function i(){j();function j(){}}}')).toBe(
      'function o(){"use strict";function i(){function j(){}j();}i();}',
    );
    expect(hoist('function o(){"use strict";return x;var x}')).toBe('function o(){"use strict";var x;return x;var x}');
  });
  it("fixes TypeScript's ES5 class with extends (calls __extends before the constructor's declaration)", () => {
    const ts = "var C=(function(_s){__e(C,_s);function C(){_s.call(this)}C.prototype.m=function(){return 7};return C})(B);";
    const out = hoist(ts);
    expect(out.indexOf("function C(){")).toBeLessThan(out.indexOf("__e(C,_s)"));
    const r = runInNewContext(out + "new C().m()", { B: function () {}, __e: (d: Function, b: Function) => Object.setPrototypeOf(d.prototype, b.prototype) });
    expect(r).toBe(7);
  });
  it("leaves code that needs nothing unchanged", () => {
    const code = "function a(){return 1}var x=a();";
    expect(hoist(code)).toBe(code);
  });
  it("leaves each case's var to its case, and declares one a later case reads at that case's start", () => {
    const sw = "function f(n){switch(n){case 1:var a=1;return a;case 2:var b=g(),c=b+1;return c;default:return 0}}";
    expect(hoist(sw)).toBe(sw);
    expect(hoist("function f(n){switch(n){case 1:var a=1;case 2:return a}}")).toBe("function f(n){switch(n){case 1:var a=1;case 2:var a;return a}}");
  });
  it("declares at a block's start a var read there before its statement", () => {
    expect(hoist("function f(){for(var i=0;i<3;i++){g(x);var x=i}}")).toBe("function f(){for(var i=0;i<3;i++){var x;g(x);var x=i}}");
    expect(hoist("function f(c){if(c){if(c>1){var x=1}return x}}")).toBe("function f(c){if(c){var x;if(c>1){var x=1}return x}}");
  });
  it("resolves names as JavaScript does: params, nested vars, catch params and function names shadow", () => {
    const code =
      "function f(){var g=function(x){return x};var h=function(){return x;var x};try{}catch(x){x()}var k=function x(){return x};var x=1;return x}";
    const out = hoist(code);
    // Only h's own x needs a declaration; f's x is declared by its statement.
    expect(out).toBe(code.replace("function(){return x;var x}", "function(){var x;return x;var x}"));
  });
  it("puts every var at its function's top where the program uses eval or with", () => {
    expect(hoist("function f(){var a=1;return eval('a')}")).toBe("function f(){var a;var a=1;return eval('a')}");
  });
  it("counts how each var was declared", () => {
    const st = stats();
    hoist("var q=1;function f(n){switch(n){case 1:var a=1;return a;case 2:return b;default:var b=2;return g()}function g(){return c}var c}", st);
    expect({ top: st.top, block: st.block, lazy: st.lazy }).toEqual({ top: 1, block: 1, lazy: 2 });
  });

  describe("cases (support/hoistCases.ts)", () => {
    for (const c of HOIST_CASES) {
      it(`${c.name}: x ${c.placed}, and Node's result`, () => {
        const seen: string[] = [];
        const out = hoist(c.src, { ...stats(), onVar: (name, placed) => name === "x" && seen.push(placed) });
        expect(seen.join()).toBe(c.placed);
        const want = runInNewContext(`${c.src};t(${c.args})`);
        expect(runInNewContext(`${out};t(${c.args})`)).toEqual(want);
      });
    }
  });

  it("gives 500 random programs (support/hoistFuzz.ts) Node's results on Node; hoist.real.test.ts runs them on Espruino", () => {
    const tally = stats();
    for (let i = 0; i < 500; i++) {
      const p = fuzzProgram(i);
      const out = hoist(p, tally);
      expect(runInNewContext(`${out};[t(0),t(1),t(2)].join("|")`), p).toBe(runInNewContext(`${p};[t(0),t(1),t(2)].join("|")`));
    }
    // Every placement occurs.
    expect(tally.top && tally.block && tally.lazy).toBeGreaterThan(0);
  });

  it("finds nothing more to declare in its own output (the firmware bundle) but the program's top list", () => {
    let code = "";
    try {
      code = readFileSync("dist/original.js", "utf8");
    } catch {
      return; // not built: the bundle suites cover it
    }
    // Inside every function, what it declared covers every reference. At the
    // program's top its `var a,b;` list now reads as an ordinary statement
    // before the function declarations, which count as at the top: declared again.
    const st = stats();
    hoist(code, st);
    const top = /^var ([\w$,]+);/.exec(code);
    expect(st.block).toBe(0);
    expect(st.top).toBe(top ? top[1].split(",").length : 0);
  });
});
