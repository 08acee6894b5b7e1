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
    // No IIFE around the bundle: its top level is Espruino's root scope.
    ["a top-level var named E", "var E = 1;", /declares E at top level/],
    ["a top-level function named like a pin", "function A0() {}", /declares A0 at top level/],
    ["a top-level LED1", "var x, LED1;", /declares LED1 at top level/],
    ["a top-level Serial1", "var Serial1 = {};", /declares Serial1 at top level/],
    ["a top-level Pin", "function Pin() {}", /declares Pin at top level/],
    ["a top-level print", "function print() {}", /declares print at top level/],
    ["a top-level load in a loop header", "for (var load = 0; load < 1; load++);", /declares load at top level/],
    ["a top-level save in a block", "if (x) { var save = 1; }", /declares save at top level/],
    ["a top-level reset", "var reset;", /declares reset at top level/],
    ["a top-level edit", "function edit() {}", /declares edit at top level/],
    ["a top-level dump", "var dump;", /declares dump at top level/],
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
  it("accepts Espruino's names inside functions and as properties", () => {
    expect(checkBundle("function f(E, A0) { var print = 1, LED1 = 2; return E + A0 + print + LED1; } var o = { Serial1: 1 }; o.reset = 2;")).toEqual([]);
  });
  it("passes every built bundle in dist/", () => {
    const dir = new URL("../dist/", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".js"));
    expect(files.length).toBe(5);
    for (const f of files) {
      const code = readFileSync(new URL(f, dir), "utf8");
      expect(checkBundle(code), f).toEqual([]);
      // No IIFE around the bundle (it would cost every function a scope chain copy).
      expect(code.slice(0, 40), f).not.toMatch(/^("use strict";)?\(?function\s*\(/);
    }
  });
});
