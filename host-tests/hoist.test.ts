// The hoisting pass, checked on code shapes TypeScript and esbuild emit.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hoist } from "../host/build/hoist";

describe("the hoisting pass", () => {
  it("moves function declarations before the statements that call them, in source order", () => {
    expect(hoist("a();function a(){b()}function b(){}")).toBe("function a(){b()}function b(){}a();");
  });
  it("declares every var of a scope first, but not parameters or function names", () => {
    expect(hoist("function f(p){if(0){var x=1}return x}")).toBe("function f(p){var x;if(0){var x=1}return x}");
    expect(hoist("function f(p){var p=p||1;return p}")).toBe("function f(p){var p=p||1;return p}");
  });
  it("hoists inside nested functions and keeps directives first", () => {
    expect(hoist('function o(){"use strict";i();function i(){j();function j(){}}}')).toBe(
      'function o(){"use strict";function i(){function j(){}j();}i();}',
    );
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
    expect(hoist(code)).toBe("var x;function a(){return 1}var x=a();");
  });
});
