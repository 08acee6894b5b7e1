// The ES5 check must reject what Espruino cannot run, and pass the bundles.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkBundle } from "../host/build/es5check";

describe("the ES5 check", () => {
  const rejects: Array<[string, string, RegExp]> = [
    ["an arrow function", "var f = (x) => x;", /not ES5/],
    ["let", "let a = 1;", /not ES5/],
    ["a class", "class A {}", /not ES5/],
    ["a template literal", "var s = `x`;", /not ES5/],
    ["a generator", "function* g() { yield 1; }", /not ES5/],
    ["an async function", "async function f() {}", /not ES5/],
    ["new Map()", "var m = new Map();", /uses Map/],
    ["Set", "var s = Set;", /uses Set/],
    ["Symbol()", "var s = Symbol('x');", /uses Symbol/],
    ["WeakMap", "new WeakMap();", /uses WeakMap/],
    ["Proxy", "new Proxy({}, {});", /uses Proxy/],
    ["Reflect", "Reflect.ownKeys({});", /uses Reflect/],
    ["TypeScript's async helper", "var r = __awaiter(this, void 0, void 0, function () {});", /uses __awaiter/],
    ["a bundler require shim", "var s = require('Storage');", /uses require/],
    ["Array.from", "Array.from([1]);", /uses Array.from/],
    ["Object.freeze", "Object.freeze({});", /uses Object.freeze/],
    ["Array.prototype.slice", "var a = Array.prototype.slice.call(arguments);", /reads Array.prototype.slice/],
    ["Function.prototype.apply", "Function.prototype.apply.call(f, null, []);", /reads Function.prototype.apply/],
    ["a label", "outer: for (;;) { break outer; }", /label/],
    ["an array hole", "var a = [1,,3];", /holes/],
    ["a length assignment", "a.length = 0;", /assigns to .length/],
    ["a length increment", "a.length++;", /assigns to .length/],
  ];
  for (const [what, code, why] of rejects) {
    it(`rejects ${what}`, () => {
      const problems = checkBundle(code);
      expect(problems.length).toBe(1);
      expect(problems[0]).toMatch(why);
    });
  }
  it("accepts what Espruino runs: properties named like missing globals, hasOwnProperty, [].slice", () => {
    expect(checkBundle("var o = { Map: 1 }; o.Set = 2; Object.prototype.hasOwnProperty.call(o, 'Map'); [].slice.call(arguments); a.length;")).toEqual([]);
  });
  it("passes every built bundle in dist/", () => {
    const dir = new URL("../dist/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    expect(files.length).toBe(5);
    for (const f of files) expect(checkBundle(readFileSync(new URL(f, dir), "utf8")), f).toEqual([]);
  });
});
